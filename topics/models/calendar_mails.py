"""Calendar invitations owed to members: the rows the worker mails from."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CalendarMailState(models.TextChoices):
    PENDING = "pending", _("To send")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Given up")


class CalendarMail(models.Model):
    """A recording's calendar invitation (REQUEST) or cancellation (CANCEL) owed to a
    member. Written with the schedule, in its transaction; the worker mails it (see
    topics.invitations), and tries again later when the mail server refuses it. The
    event is built when the mail leaves, from the recording as it is then."""

    topic = models.ForeignKey("topics.Topic", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(max_length=8)
    state = models.CharField(
        max_length=10, choices=CalendarMailState.choices, default=CalendarMailState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # A worker's hold on the row while it mails it; past it, another worker may.
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar invitation mail")
        verbose_name_plural = _("calendar invitation mails")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.method} {self.topic_id} → {self.member_id} ({self.state})"
