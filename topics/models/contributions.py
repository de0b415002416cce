"""What members give a topic: opinions, feedback, requests to take part, follows."""

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from core.versions import VersionedQuerySet
from topics.models.topics import Topic


class OpinionChoice(models.TextChoices):
    ESSENTIAL = "essential", _("Essential")
    INTERESTING = "interesting", _("Interesting")
    COVERED = "covered", _("Already covered elsewhere")
    UNCONVINCED = "unconvinced", _("Not convinced")


class Opinion(models.Model):
    # Lookups by topic use the (topic, member) unique index.
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="opinions", db_index=False
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opinions"
    )
    choice = models.CharField(
        _("I find this subject…"), max_length=20, choices=OpinionChoice.choices
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        constraints = [
            models.UniqueConstraint(fields=["topic", "member"], name="opinion_one_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.topic}: {self.choice}"


class Feedback(models.Model):
    """A private note from a viewer to the proposer: never public."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_sent"
    )
    body = models.TextField(_("Here's my feedback"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"{self.author} → {self.topic}"


class ParticipationRole(models.TextChoices):
    GUEST = "guest", _("Guest expert")
    HOST = "host", _("Host / moderator")
    AUDIENCE = "audience", _("In the studio audience")


class ParticipationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    # A request ("une demande" in French): the labels agree with it.
    ACCEPTED = "accepted", pgettext_lazy("a request to take part: feminine in French", "Accepted")
    DECLINED = "declined", pgettext_lazy("a request to take part: feminine in French", "Declined")
    WITHDRAWN = (
        "withdrawn",
        pgettext_lazy("a request to take part: feminine in French", "Withdrawn"),
    )
    # The topic left the site (declined, sent back to draft or withdrawn) while the
    # request was open: see topics.services.topic_transition.
    CLOSED = "closed", _("Closed (topic no longer open)")


# Notifications keep a status's English label and translate it when shown, without the
# context above (notifications/services.py): the word they look up for an accepted
# request, feminine in French like the request.
NOTICE_STATUS_WORDS = (gettext_noop("Accepted"),)

OPEN_PARTICIPATION_STATUSES = (ParticipationStatus.PENDING, ParticipationStatus.ACCEPTED)


class GuestAnswer(models.TextChoices):
    """An accepted participant's answer to the organizers' invitation."""

    WAITING = "", _("Waiting for their answer")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined the invitation")


class ParticipationRequest(models.Model):
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="participation_requests"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participation_requests"
    )
    role = models.CharField(_("role wanted"), max_length=20, choices=ParticipationRole.choices)
    motivation = models.TextField(_("my motivation"), max_length=3000)
    availability = models.CharField(_("availability"), max_length=300, blank=True)
    show_publicly = models.BooleanField(
        _("If I am accepted, show my name on the topic page"), default=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.PENDING,
    )
    decision_message = models.TextField(_("message from the organizers"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Once accepted, the guest confirms or declines (guest_answer_give), gives a bio
    # for the credits and consents to being filmed and published, with its date.
    guest_answer = models.CharField(
        _("answer to the invitation"), max_length=10, choices=GuestAnswer.choices, blank=True
    )
    guest_answered_at = models.DateTimeField(null=True, blank=True)
    credits_bio = models.TextField(_("short bio for the credits"), max_length=600, blank=True)
    consent_at = models.DateTimeField(
        _("consented to being filmed and published"), null=True, blank=True
    )

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("participation request")
        verbose_name_plural = _("participation requests")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "applicant"],
                condition=Q(status__in=["pending", "accepted"]),
                name="participation_one_open_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.topic} ({self.role})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PARTICIPATION_STATUSES

    @property
    def guest_confirmed(self) -> bool:
        return self.guest_answer == GuestAnswer.CONFIRMED

    @property
    def guest_declined(self) -> bool:
        return self.guest_answer == GuestAnswer.DECLINED

    @property
    def is_accepted(self) -> bool:
        return self.status == ParticipationStatus.ACCEPTED


class GuestMessage(models.Model):
    """An organizer's message to a participant, written in the workspace and kept with
    the topic (the participant gets it by notification and mail)."""

    participation = models.ForeignKey(
        ParticipationRequest, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"), max_length=3000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message to a participant")
        verbose_name_plural = _("messages to participants")

    def __str__(self) -> str:
        return f"To {self.participation.applicant_id} on {self.participation.topic_id}"


class TopicFollow(models.Model):
    # Lookups by topic use the (topic, member) unique index.
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="follows", db_index=False
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["topic", "member"], name="topic_follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} follows {self.topic}"

    @classmethod
    def ensure(cls, *, topic_id: int, member_id: int) -> None:
        """Make the member follow the topic, if they do not already: one statement,
        on SQLite as on PostgreSQL, and no transaction around it (bulk_create's
        ignore_conflicts would open one), whoever else follows at the same moment."""
        table = connection.ops.quote_name(cls._meta.db_table)
        now = cls._meta.get_field("created_at").get_db_prep_value(timezone.now(), connection)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table} (topic_id, member_id, created_at) VALUES (%s, %s, %s)
                ON CONFLICT (topic_id, member_id) DO NOTHING
                """,  # noqa: S608 - the table name is ours, the values parameters
                [topic_id, member_id, now],
            )
