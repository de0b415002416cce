"""Webhooks: a channel's organizers register endpoints; each event they subscribe to
becomes a delivery row, signed and sent by the task worker (webhooks.delivery)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.TextChoices):
    """The events an endpoint may subscribe to: core.events.EVENTS, with labels."""

    TOPIC_PROPOSED = "topic.proposed", _("A topic is proposed")
    TOPIC_DECIDED = "topic.decided", _("A topic is accepted, declined or sent back for changes")
    TOPIC_SCHEDULED = "topic.scheduled", _("A recording is scheduled or moved")
    EPISODE_PUBLISHED = "episode.published", _("An episode is published")
    PARTICIPATION_DECIDED = (
        "participation.decided",
        _("A request to take part is accepted or declined"),
    )
    SPONSOR_INTEREST_CREATED = "sponsor_interest.created", _("An organisation would sponsor")
    COMMENT_CREATED = "comment.created", _("A comment is posted")


# The "Send a test event" button's event: subscribed to by every endpoint, tried once.
TEST_EVENT = "webhook.test"


class Endpoint(models.Model):
    """An address of the channel organizers' own that hears the events they chose."""

    channel = models.ForeignKey(
        "topics.Channel", on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(_("address"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    # "whsec_" and base64 (Standard Webhooks). The previous secret still signs, beside
    # the new one, until previous_secret_until: receivers switch without losing one.
    secret = models.CharField(max_length=100, editable=False)
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when deliveries failed through the whole retry schedule: nothing is sent
    # (the events wait as deliveries) until an organizer resumes it.
    paused_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The organizer who registered it: told when it is paused.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("webhooks:endpoint_detail", kwargs={"pk": self.pk})

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    def event_labels(self) -> list[str]:
        return [str(WebhookEvent(e).label) for e in self.events if e in WebhookEvent.values]


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("given up")


class Delivery(models.Model):
    """One event for one endpoint: its body as signed, and how sending it went.

    Claimed, sent outside any transaction and marked by the worker, as the
    notification mails are (see webhooks.delivery)."""

    # 1 try, then these waits between tries: more than an hour and a half in all.
    RETRY_MINUTES = (1, 5, 10, 30, 60)

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    # What the event was about (none for a test event): the notice of a pause names it.
    topic = models.ForeignKey(
        "topics.Topic", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The webhook-id header: the same on every try, for the receiver's deduplication.
    message_id = models.CharField(max_length=40, unique=True)
    # The JSON body exactly as sent (public data only: see webhooks.events).
    payload = models.TextField()
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    due_at = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The last try: the answer's status code (none when no answer came), how long it
    # took, and what went wrong in words.
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(state__in=["pending", "sending"]),
                name="webhook_delivery_queue",
            ),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id}"

    @property
    def max_attempts(self) -> int:
        return 1 if self.event == TEST_EVENT else len(self.RETRY_MINUTES) + 1
