"""Notifications: what happened, for one member, on the site and by mail.

The kinds name what the apps above tell (topics, comments, sponsorship); a
notification points at its topic by the string "topics.Topic", so this app
imports none of them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationCategory(models.TextChoices):
    MY_TOPICS = "my_topics", _("Activity on the topics I brought")
    DECISIONS = "decisions", _("Decisions on my topics, requests and sponsor interests")
    REPLIES = "replies", _("Replies to my comments")
    FOLLOWED = "followed", _("Recordings and episodes of the topics I follow")


class NotificationKind(models.TextChoices):
    COMMENT_NEW = "comment_new", _("New comment")
    FEEDBACK_NEW = "feedback_new", _("New feedback")
    PARTICIPATION_NEW = "participation_new", _("New participation request")
    SPONSOR_NEW = "sponsor_new", _("New sponsor interest")
    TOPIC_DECISION = "topic_decision", _("Decision on a topic")
    PARTICIPATION_DECISION = "participation_decision", _("Decision on a participation request")
    SPONSOR_DECISION = "sponsor_decision", _("Decision on a sponsor interest")
    COMMENT_REPLY = "comment_reply", _("Reply to a comment")
    TOPIC_SCHEDULED = "topic_scheduled", _("Recording scheduled")
    TOPIC_PUBLISHED = "topic_published", _("Episode published")
    CO_PROPOSER_INVITATION = "co_proposer_invitation", _("Invitation to co-propose a topic")
    CO_PROPOSER_ANSWER = "co_proposer_answer", _("Answer to an invitation to co-propose")
    TOPIC_EDITED = "topic_edited", _("Topic edited after acceptance")


NOTIFICATION_CATEGORY = {
    NotificationKind.COMMENT_NEW: NotificationCategory.MY_TOPICS,
    NotificationKind.FEEDBACK_NEW: NotificationCategory.MY_TOPICS,
    NotificationKind.PARTICIPATION_NEW: NotificationCategory.MY_TOPICS,
    NotificationKind.SPONSOR_NEW: NotificationCategory.MY_TOPICS,
    NotificationKind.TOPIC_DECISION: NotificationCategory.DECISIONS,
    NotificationKind.PARTICIPATION_DECISION: NotificationCategory.DECISIONS,
    NotificationKind.SPONSOR_DECISION: NotificationCategory.DECISIONS,
    NotificationKind.COMMENT_REPLY: NotificationCategory.REPLIES,
    NotificationKind.TOPIC_SCHEDULED: NotificationCategory.FOLLOWED,
    NotificationKind.TOPIC_PUBLISHED: NotificationCategory.FOLLOWED,
    NotificationKind.CO_PROPOSER_INVITATION: NotificationCategory.MY_TOPICS,
    NotificationKind.CO_PROPOSER_ANSWER: NotificationCategory.MY_TOPICS,
    NotificationKind.TOPIC_EDITED: NotificationCategory.MY_TOPICS,
}


class MailState(models.TextChoices):
    NONE = "", _("not queued")
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("given up")
    HELD = "held", _("not mailed: a recent mail covers it")


class Notification(models.Model):
    """One event for one member: shown on the site, and mailed if they want it."""

    MAIL_ATTEMPTS = 5

    # Lookups by recipient use the (recipient, read_at) index.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    topic = models.ForeignKey("topics.Topic", on_delete=models.CASCADE, related_name="+")
    # Who caused it, and their name as it was then; deleting their account
    # blanks the name (shown as a former member) and their words in `message`.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    actor_name = models.CharField(max_length=200, blank=True)
    status_label = models.CharField(max_length=100, blank=True)
    message = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # The mail queue (NOTIFICATION_MAIL_QUEUE): `send_notification_mails` sends
    # the pending ones outside web requests.
    mail_state = models.CharField(max_length=10, choices=MailState.choices, blank=True)
    mail_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "topics_notification"  # moved from the topics app; the table stays
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["id"],
                condition=models.Q(mail_state="pending"),
                name="notification_mail_pending",
            ),
            # The recent mails, for NOTIFICATION_MAIL_INTERVAL.
            models.Index(
                fields=["recipient", "topic", "kind", "created_at"],
                condition=models.Q(mail_state="sent"),
                name="notification_mailed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"


class NotificationPreference(models.Model):
    """What a member wants to hear about; everything is on until they say otherwise."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    my_topics = models.BooleanField(_("Activity on the topics I brought"), default=True)
    decisions = models.BooleanField(
        _("Decisions on my topics, requests and sponsor interests"), default=True
    )
    replies = models.BooleanField(_("Replies to my comments"), default=True)
    followed = models.BooleanField(
        _("Recordings and episodes of the topics I follow"), default=True
    )
    by_email = models.BooleanField(_("Also send them by email"), default=True)

    class Meta:
        db_table = "topics_notificationpreference"  # moved from the topics app
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"Preferences of {self.member}"

    def wants(self, category: str) -> bool:
        return bool(getattr(self, category))
