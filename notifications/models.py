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
    ORGANIZING = "organizing", _("What needs me in the channels I organize")


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
    # To a channel's organizers: something waits for them.
    TOPIC_PROPOSED = "topic_proposed", _("New proposal to review")
    PARTICIPATION_TO_REVIEW = "participation_to_review", _("New request to take part to review")
    SPONSOR_TO_REVIEW = "sponsor_to_review", _("New sponsor interest to review")
    COMMENT_REPORTED = "comment_reported", _("Comment reported")
    GUEST_ANSWER = "guest_answer", _("A guest's answer to the invitation")
    ORGANIZER_MESSAGE = "organizer_message", _("A message from the organizers")
    RECORDING_REMINDER = "recording_reminder", _("Reminder of a recording the next day")
    RECORDING_CANCELLED = "recording_cancelled", _("Recording cancelled")
    WEBHOOK_PAUSED = "webhook_paused", _("A webhook endpoint paused after failed deliveries")


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
    NotificationKind.TOPIC_PROPOSED: NotificationCategory.ORGANIZING,
    NotificationKind.PARTICIPATION_TO_REVIEW: NotificationCategory.ORGANIZING,
    NotificationKind.SPONSOR_TO_REVIEW: NotificationCategory.ORGANIZING,
    NotificationKind.COMMENT_REPORTED: NotificationCategory.ORGANIZING,
    NotificationKind.GUEST_ANSWER: NotificationCategory.ORGANIZING,
    NotificationKind.ORGANIZER_MESSAGE: NotificationCategory.DECISIONS,
    # Like the schedule it recalls.
    NotificationKind.RECORDING_REMINDER: NotificationCategory.FOLLOWED,
    NotificationKind.RECORDING_CANCELLED: NotificationCategory.FOLLOWED,
    NotificationKind.WEBHOOK_PAUSED: NotificationCategory.ORGANIZING,
}


class MailFrequency(models.TextChoices):
    """How a member wants the mails of one category."""

    AT_ONCE = "at_once", _("At once")
    DAILY = "daily", _("In a daily digest")
    WEEKLY = "weekly", _("In a weekly digest")
    NEVER = "never", _("No mail: on the site only")


class MailState(models.TextChoices):
    NONE = "", _("not queued")
    PENDING = "pending", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("given up")
    HELD = "held", _("not mailed: a recent mail covers it")
    DAILY = "daily", _("waiting for the daily digest")
    WEEKLY = "weekly", _("waiting for the weekly digest")
    DIGESTED = "digested", _("sent in a digest")


DIGEST_STATES = {MailFrequency.DAILY: MailState.DAILY, MailFrequency.WEEKLY: MailState.WEEKLY}


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
    # The time of what it announces (a recording), shown with its time zone in the
    # reader's language when the notice is read or mailed.
    event_at = models.DateTimeField(null=True, blank=True)
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # The mail queue, sent by the task worker (notifications.mails): a pending mail
    # is due at mail_due_at; a worker claims it (sending, with its claim and time),
    # sends it outside any transaction, then marks it sent.
    mail_state = models.CharField(max_length=10, choices=MailState.choices, blank=True)
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mail_due_at = models.DateTimeField(null=True, blank=True)
    mail_claim = models.CharField(max_length=32, blank=True, editable=False)
    mail_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "topics_notification"  # moved from the topics app; the table stays
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["id"],
                condition=models.Q(mail_state__in=["pending", "sending", "failed"]),
                name="notification_mail_queue",
            ),
            # The digests waiting, per member.
            models.Index(
                fields=["recipient", "id"],
                condition=models.Q(mail_state__in=["daily", "weekly"]),
                name="notification_digest_queue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"


def _mail_frequency_field(label) -> models.CharField:
    return models.CharField(
        label, max_length=10, choices=MailFrequency.choices, default=MailFrequency.AT_ONCE
    )


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
    organizing = models.BooleanField(_("What needs me in the channels I organize"), default=True)
    by_email = models.BooleanField(_("Also send them by email"), default=True)
    # How each category's mails go, when by_email is on.
    my_topics_mail = _mail_frequency_field(_("Mails about the topics I brought"))
    decisions_mail = _mail_frequency_field(_("Mails about decisions"))
    replies_mail = _mail_frequency_field(_("Mails about replies"))
    followed_mail = _mail_frequency_field(_("Mails about the topics I follow"))
    organizing_mail = _mail_frequency_field(_("Mails about what needs me as an organizer"))

    class Meta:
        db_table = "topics_notificationpreference"  # moved from the topics app
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"Preferences of {self.member}"

    def wants(self, category: str) -> bool:
        return bool(getattr(self, category))

    def mail_frequency(self, category: str) -> str:
        """How this category's notifications are mailed: a MailFrequency."""
        if not (self.by_email and self.wants(category)):
            return MailFrequency.NEVER
        return getattr(self, f"{category}_mail")


class LastMail(models.Model):
    """When a member was last mailed about a topic and kind of notification (the time of
    the notification mailed): the hold interval's one row, updated under its lock, so
    that any number of workers hold a burst to one mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    topic = models.ForeignKey("topics.Topic", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("last mail")
        verbose_name_plural = _("last mails")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "topic", "kind"], name="last_mail_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id} at {self.at:%Y-%m-%d %H:%M}"


class Digest(models.Model):
    """A digest mailed to a member: one per member, frequency and period, whichever
    worker sends it (the unique constraint is the guarantee)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    frequency = models.CharField(
        max_length=10,
        choices=[(MailFrequency.DAILY, _("daily")), (MailFrequency.WEEKLY, _("weekly"))],
    )
    period_start = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    items = models.PositiveIntegerField(default=0)
    sent = models.BooleanField(default=False)
    # A worker sending it since then; refused by the server, tried again at
    # next_try_at, until MAX_ATTEMPTS (then its notifications wait for the next one).
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField(null=True, blank=True)

    MAX_ATTEMPTS = 4

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "frequency", "period_start"], name="digest_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.frequency} digest of {self.member_id} for {self.period_start:%Y-%m-%d}"
