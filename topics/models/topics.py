"""Channels and topics: the life cycle, the decisions on record, co-proposer invitations."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.versions import VersionedQuerySet


def topic_cover_path(instance: "Topic", filename: str) -> str:
    return f"topics/covers/{filename}"


def channel_banner_path(instance: "Channel", filename: str) -> str:
    return f"channels/banners/{filename}"


class Channel(models.Model):
    """A web-TV channel, curated by admins."""

    name = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description (English)"), max_length=600, blank=True)
    description_fr = models.TextField(_("description (French)"), max_length=600, blank=True)
    accent_color = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#e4572e",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour such as #e4572e."))],
    )
    # Re-encoded by topics.services.channel_banner_set; without one, pages draw a banner
    # in the accent colour.
    banner = models.ImageField(
        _("banner image"),
        upload_to=channel_banner_path,
        blank=True,
        help_text=_("A wide picture for the top of the channel's page (about 1600 by 400 pixels)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    decision_days = models.PositiveSmallIntegerField(
        _("days for a decision"),
        default=14,
        validators=[MinValueValidator(1)],
        help_text=_(
            "A proposal still waiting for a decision after this many days shows as overdue "
            "in the organizers' workspace."
        ),
    )
    organizers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organized_channels",
        verbose_name=_("channel organizers"),
    )

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("topics:channel_detail", kwargs={"slug": self.slug})

    @property
    def localized_name(self) -> str:
        if get_language() == "fr" and self.name_fr:
            return self.name_fr
        return self.name

    @property
    def localized_description(self) -> str:
        if get_language() == "fr" and self.description_fr:
            return self.description_fr
        return self.description


class Studio(models.Model):
    """A place a channel records in. Its exact address is for the people on the set and
    the organizers (topics.view_address); everyone else reads its name and city."""

    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="studios", verbose_name=_("channel")
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.TextField(
        _("full address"),
        max_length=500,
        help_text=_("Street, building, floor: given to the participants and organizers only."),
    )
    city = models.CharField(
        _("city"),
        max_length=100,
        blank=True,
        help_text=_("Shown to everyone with the studio's name."),
    )
    notes = models.TextField(
        _("access instructions"),
        max_length=2000,
        blank=True,
        help_text=_("Door code, parking, whom to ask at the desk: for the participants only."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Only active studios are offered when scheduling a recording."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["channel", "order", "name"]
        verbose_name = _("studio")
        verbose_name_plural = _("studios")

    def __str__(self) -> str:
        return self.name

    @property
    def public_label(self) -> str:
        """What anyone may read: the name, and the city when known."""
        return f"{self.name}, {self.city}" if self.city else self.name

    @property
    def full_address(self) -> str:
        """The name, the address and the access instructions, one per line."""
        return "\n".join(part for part in (self.name, self.address, self.notes) if part.strip())


class TopicStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted, in preparation")
    SCHEDULED = "scheduled", _("Scheduled")
    RECORDED = "recorded", _("Recorded")
    POST_PRODUCTION = "post_production", _("In post-production")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


PUBLIC_STATUSES = (
    TopicStatus.PROPOSED,
    TopicStatus.ACCEPTED,
    TopicStatus.SCHEDULED,
    TopicStatus.RECORDED,
    TopicStatus.POST_PRODUCTION,
    TopicStatus.PUBLISHED,
)

# The recording has taken place: who was on the set is known, the episode is being
# made or is out.
RECORDED_STATUSES = (TopicStatus.RECORDED, TopicStatus.POST_PRODUCTION, TopicStatus.PUBLISHED)


# The topic life cycle: each status and the statuses it may move to.
TOPIC_TRANSITIONS: dict[str, frozenset[str]] = {
    TopicStatus.DRAFT: frozenset({TopicStatus.PROPOSED, TopicStatus.WITHDRAWN}),
    TopicStatus.PROPOSED: frozenset(
        {TopicStatus.DRAFT, TopicStatus.ACCEPTED, TopicStatus.DECLINED, TopicStatus.WITHDRAWN}
    ),
    TopicStatus.ACCEPTED: frozenset(
        {TopicStatus.SCHEDULED, TopicStatus.DECLINED, TopicStatus.WITHDRAWN}
    ),
    # Back to accepted: the recording is cancelled (the calendars are told).
    TopicStatus.SCHEDULED: frozenset({TopicStatus.RECORDED, TopicStatus.ACCEPTED}),
    TopicStatus.RECORDED: frozenset({TopicStatus.POST_PRODUCTION, TopicStatus.PUBLISHED}),
    TopicStatus.POST_PRODUCTION: frozenset({TopicStatus.PUBLISHED}),
    # Unpublished by its organizers (a wrong file, a guest's withdrawal): the video
    # leaves the site, back in post-production, until it is published again.
    TopicStatus.PUBLISHED: frozenset({TopicStatus.POST_PRODUCTION}),
    TopicStatus.DECLINED: frozenset(),
    TopicStatus.WITHDRAWN: frozenset(),
}


class TopicFormat(models.TextChoices):
    TALKSHOW = "talkshow", _("Talkshow")
    DEBATE = "debate", _("Debate / round table")
    INTERVIEW = "interview", _("Interview")
    KEYNOTE = "keynote", _("Keynote")
    WORKSHOP = "workshop", _("Workshop")


class TopicTreatment(models.TextChoices):
    METHODOLOGY = "methodology", _("Methodology & good practice")
    CASE_STUDY = "case_study", _("Case study")
    TRENDS = "trends", _("Trends & foresight")
    CONTROVERSY = "controversy", _("Controversy")
    TESTIMONY = "testimony", _("Testimony & experience")


class TopicLocation(models.TextChoices):
    STUDIO = "studio", _("In the Webcastory studios")
    REMOTE = "remote", _("Remote")
    ON_SITE = "on_site", _("On site")


class Topic(models.Model):
    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    # Lookups by channel use the (channel, status, created_at) index.
    channel = models.ForeignKey(
        Channel,
        on_delete=models.PROTECT,
        related_name="topics",
        verbose_name=_("channel"),
        db_index=False,
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences, also shown when the link is shared."),
    )
    body = models.TextField(
        _("full text"), max_length=20000, help_text=_("Markdown is supported: **bold**, lists…")
    )
    body_html = models.TextField(editable=False, blank=True)
    cover = models.ImageField(_("cover image"), upload_to=topic_cover_path, blank=True)
    cover_thumbnail = models.ImageField(upload_to=topic_cover_path, blank=True, editable=False)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    format = models.CharField(
        _("format"), max_length=20, choices=TopicFormat.choices, default=TopicFormat.TALKSHOW
    )
    treatment = models.CharField(
        _("treatment"),
        max_length=20,
        choices=TopicTreatment.choices,
        default=TopicTreatment.METHODOLOGY,
    )
    location = models.CharField(
        _("location"), max_length=20, choices=TopicLocation.choices, default=TopicLocation.STUDIO
    )
    location_detail = models.CharField(_("location detail"), max_length=200, blank=True)
    # The studio booked for the recording; its address replaces location_detail. PROTECT:
    # a studio that served a recording keeps it (deactivated, never deleted), so the
    # topic's history still says where it was recorded.
    studio = models.ForeignKey(
        Studio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("studio"),
    )
    preparation_notes = models.TextField(
        _("preparation notes"),
        max_length=10000,
        blank=True,
        help_text=_("Seen only by the proposers, accepted participants and organizers."),
    )
    preparation_notes_html = models.TextField(editable=False, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TopicStatus.choices, default=TopicStatus.DRAFT
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposed_topics",
        verbose_name=_("proposer"),
    )
    co_proposers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="co_proposed_topics",
        verbose_name=_("co-proposers"),
    )
    connected_topics = models.ManyToManyField(
        "self", symmetrical=False, blank=True, verbose_name=_("connected subjects")
    )
    # A follow-up episode is a topic of its own, with its own life cycle, recording and
    # episode, that names the one it follows (topic_follow_up_create).
    follow_up_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follow-up of"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # The last move to "proposed" (a proposal sent back and submitted again starts its
    # wait for a decision over): the workspace's overdue clock.
    proposed_at = models.DateTimeField(null=True, blank=True, editable=False)
    recording_at = models.DateTimeField(_("recording date and time"), null=True, blank=True)
    recording_duration = models.PositiveSmallIntegerField(
        _("recording duration (minutes)"), default=60
    )
    # The calendar invitations' SEQUENCE (RFC 5545): moved by every reschedule or
    # cancellation, so calendars replace the event instead of adding one.
    recording_sequence = models.PositiveIntegerField(default=0, editable=False)
    # The recording_sequence the day-before reminder went for (topics.reminders): a
    # reschedule moves the sequence, which arms the reminder again.
    recording_reminded_sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    video_url = models.URLField(_("episode video"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Kept when the episode is taken off the site: the recording is over all the same.
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The organizer in charge of carrying the topic along (topic_take): the others
    # see who handles what in the workspace.
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics_handled",
        verbose_name=_("organizer in charge"),
        editable=False,
    )
    handled_since = models.DateTimeField(
        _("in charge since"), null=True, blank=True, editable=False
    )
    # Full-text search on PostgreSQL (weighted, in the topic's language); the GIN
    # index is created by a migration on PostgreSQL only. Unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            models.Index(fields=["channel", "status", "-created_at"]),
            models.Index(fields=["status", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("topics:topic_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_draft(self) -> bool:
        return self.status == TopicStatus.DRAFT

    @property
    def is_scheduled(self) -> bool:
        return self.status == TopicStatus.SCHEDULED

    @property
    def is_published(self) -> bool:
        """The episode is on the site."""
        return self.status == TopicStatus.PUBLISHED

    @property
    def is_recorded(self) -> bool:
        """Recorded, in post-production or published."""
        return self.status in RECORDED_STATUSES

    @property
    def recording_ends_at(self):
        if self.recording_at is None:
            return None
        return self.recording_at + timedelta(minutes=self.recording_duration)

    @property
    def recording_address(self) -> str:
        """Where exactly: the studio's name, address and access instructions, or the
        free text (a remote link, an address typed before studios existed). For those
        who may read it only (topics.view_address)."""
        if self.studio_id:
            return self.studio.full_address
        return self.location_detail

    @property
    def recording_place(self) -> str:
        """Where, for anyone: the studio's name and city, or the kind of place."""
        if self.studio_id:
            return self.studio.public_label
        return str(self.get_location_display())

    @property
    def is_recording_over(self) -> bool:
        """Recorded (or published once, and taken off the site since): requests to take
        part and sponsor offers are closed."""
        return self.status in RECORDED_STATUSES or self.first_published_at is not None

    @property
    def was_published(self) -> bool:
        """On the site, or published once: the guests' answers and consents are final."""
        return self.status == TopicStatus.PUBLISHED or self.first_published_at is not None


# What a proposer or an organizer edits on a topic (the form and the service share it).
TOPIC_CONTENT_FIELDS = (
    "title",
    "channel",
    "summary",
    "body",
    "language",
    "format",
    "treatment",
    "location",
    "location_detail",
    "preparation_notes",
)


# A topic in one of these has no recording standing (none yet, or called off): it is in
# no calendar and books no studio. Every later state (scheduled and after) has one.
NO_RECORDING_STATUSES = (
    TopicStatus.DRAFT,
    TopicStatus.PROPOSED,
    TopicStatus.ACCEPTED,
    TopicStatus.DECLINED,
    TopicStatus.WITHDRAWN,
)


class CalendarFeed(models.Model):
    """A member's private calendar of their own recordings: its address is signed with
    this secret (topics.calendar), so resetting the secret retires the old address."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    secret = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"Calendar feed of {self.member_id}"


class DecisionSubject(models.TextChoices):
    TOPIC = "topic", _("Topic")
    PARTICIPATION = "participation", _("Participation request")
    SPONSORSHIP = "sponsorship", _("Sponsor interest")
    COMMENT = "comment", _("Comment")
    CO_PROPOSER = "co_proposer", _("Co-proposer")
    EDIT = "edit", _("Edit after acceptance")
    VIDEO = "video", _("Episode video")


class TopicTransition(models.Model):
    """The audit trail: every decision on a topic or what hangs on it.

    Who made it, when, from which state to which, and why: a topic's status,
    a participation request, a sponsor lead, a moderated comment.
    """

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.CharField(
        max_length=20, choices=DecisionSubject.choices, default=DecisionSubject.TOPIC
    )
    subject_label = models.CharField(max_length=200, blank=True)
    # The member the decision is about (an applicant, a comment's author), whose
    # name the label shows: deleting their account takes the name out of it.
    subject_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.topic}: {self.subject} {self.from_status} → {self.to_status}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("an invitation: feminine in French", "Accepted")
    DECLINED = "declined", pgettext_lazy("an invitation: feminine in French", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("an invitation: feminine in French", "Withdrawn")


class CoProposerInvitation(models.Model):
    """An invitation to bring a topic as a co-proposer; nothing is granted or shown
    until the invitee accepts it (then they join ``Topic.co_proposers``).

    Addressed by email: an address that is no member's keeps an invitation nobody
    can answer, so the one who invites learns nothing about who is a member. It
    reaches the member who has that address by the next save of the topic.
    """

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="co_proposer_invitations"
    )
    email = models.EmailField(_("email address"))
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="co_proposer_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("co-proposer invitation")
        verbose_name_plural = _("co-proposer invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "email"],
                condition=Q(status="pending"),
                name="co_proposer_invitation_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.topic} ({self.status})"
