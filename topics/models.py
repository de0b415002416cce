from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.versions import VersionedQuerySet


def topic_cover_path(instance: "Topic", filename: str) -> str:
    return f"topics/covers/{filename}"


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
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
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


class TopicStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted, in preparation")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


PUBLIC_STATUSES = (
    TopicStatus.PROPOSED,
    TopicStatus.ACCEPTED,
    TopicStatus.SCHEDULED,
    TopicStatus.PUBLISHED,
)


# The topic life cycle: each status and the statuses it may move to.
TOPIC_TRANSITIONS: dict[str, frozenset[str]] = {
    TopicStatus.DRAFT: frozenset({TopicStatus.PROPOSED, TopicStatus.WITHDRAWN}),
    TopicStatus.PROPOSED: frozenset(
        {TopicStatus.DRAFT, TopicStatus.ACCEPTED, TopicStatus.DECLINED, TopicStatus.WITHDRAWN}
    ),
    TopicStatus.ACCEPTED: frozenset(
        {TopicStatus.SCHEDULED, TopicStatus.DECLINED, TopicStatus.WITHDRAWN}
    ),
    TopicStatus.SCHEDULED: frozenset({TopicStatus.PUBLISHED, TopicStatus.ACCEPTED}),
    TopicStatus.PUBLISHED: frozenset(),
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
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    recording_at = models.DateTimeField(_("recording date and time"), null=True, blank=True)
    recording_duration = models.PositiveSmallIntegerField(
        _("recording duration (minutes)"), default=60
    )
    video_url = models.URLField(_("episode video"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
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
    def is_published(self) -> bool:
        """The episode is out: the recording is over."""
        return self.status == TopicStatus.PUBLISHED


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


class DecisionSubject(models.TextChoices):
    TOPIC = "topic", _("Topic")
    PARTICIPATION = "participation", _("Participation request")
    SPONSORSHIP = "sponsorship", _("Sponsor interest")
    COMMENT = "comment", _("Comment")
    CO_PROPOSER = "co_proposer", _("Co-proposer")
    EDIT = "edit", _("Edit after acceptance")


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
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


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


# A topic page shows its comment thread this many conversations (a first comment
# and all its replies) at a time.
COMMENT_CONVERSATIONS_PER_PAGE = 50


class TopicThread(models.Model):
    """How many conversations a topic's thread has had, to number them as they start.

    Numbering as they start keeps finding a comment's page and reading a page of
    the thread cheap however long the thread grows: no counting what came before.
    The row is locked from a number's giving until the transaction ends, so
    comment_create takes the number in a transaction of its own, before the
    comment's. A comment saved without one takes it in the same transaction.
    """

    topic = models.OneToOneField(
        Topic, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    conversations = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("comment thread")
        verbose_name_plural = _("comment threads")

    def __str__(self) -> str:
        return f"{self.topic_id}: {self.conversations}"

    @classmethod
    def number_next(cls, *, topic_id: int) -> int:
        """The next conversation's number (one statement, on SQLite as on PostgreSQL)."""
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table} (topic_id, conversations) VALUES (%s, 1)
                ON CONFLICT (topic_id) DO UPDATE SET conversations = {table}.conversations + 1
                RETURNING conversations
                """,  # noqa: S608 - the table name is ours, the value a parameter
                [topic_id],
            )
            (number,) = cursor.fetchone()
        return number


class Comment(models.Model):
    # Lookups by topic use the (topic, created_at) index.
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="comments", db_index=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    # The first comment of the conversation a reply belongs to (empty on that
    # first comment): a page of the thread loads its conversations in one query.
    root = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+", editable=False
    )
    # A comment that starts a conversation has its number in the topic's thread,
    # given in order as conversations start (see TopicThread); replies have none.
    conversation_number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    body = models.TextField(_("comment"), max_length=5000)
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    useful_count = models.PositiveIntegerField(default=0)
    # With the mail queue on (NOTIFICATION_MAIL_QUEUE), the request writes the
    # comment only; the worker writes the notices it owes and clears this.
    notices_pending = models.BooleanField(default=False, editable=False)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["topic", "created_at"]),
            # Small: it holds only the comments whose notices the worker owes.
            models.Index(
                fields=["id"], condition=Q(notices_pending=True), name="comment_notices_pending"
            ),
        ]
        constraints = [
            # A page of the thread is a range of these numbers.
            models.UniqueConstraint(
                fields=["topic", "conversation_number"], name="comment_conversation_number"
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, conversation_number__isnull=False)
                | Q(parent__isnull=False, conversation_number__isnull=True),
                name="comment_numbered_if_it_starts_a_conversation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:50]}"

    def get_absolute_url(self) -> str:
        """The comment on its topic page: on the page of the thread that holds its
        conversation."""
        page = self.thread_page
        query = f"?comments={page}" if page > 1 else ""
        return f"{self.topic.get_absolute_url()}{query}#comment-{self.pk}"

    @cached_property
    def thread_page(self) -> int:
        """The page of its topic's thread this comment shows on: conversations are
        paged COMMENT_CONVERSATIONS_PER_PAGE at a time, in the order they started.

        Every comment posted asks it (for the redirect and the notifications): the
        conversation's number gives it, without counting the conversations before.
        A reply reads its conversation's number (one query, unless its parent
        started the conversation and is at hand)."""
        number = self.conversation_number
        if number is None:
            root_pk = self.root_id or self.parent_id
            parent = self.parent if Comment.parent.is_cached(self) else None
            if parent is not None and parent.pk == root_pk:
                number = parent.conversation_number
            else:
                number = (
                    Comment.objects.filter(pk=root_pk)
                    .values_list("conversation_number", flat=True)
                    .get()
                )
        return (number - 1) // COMMENT_CONVERSATIONS_PER_PAGE + 1

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class CommentUseful(models.Model):
    # Lookups by comment use the (comment, member) unique index.
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="useful_marks", db_index=False
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "member"], name="comment_useful_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} finds comment {self.comment_id} useful"


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
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # The topic left the site (declined, sent back to draft or withdrawn) while the
    # request was open: see topics.services.topic_transition.
    CLOSED = "closed", _("Closed (topic no longer open)")


OPEN_PARTICIPATION_STATUSES = (ParticipationStatus.PENDING, ParticipationStatus.ACCEPTED)


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


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.TextField(_("why should the organizers look at it?"), max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"],
                condition=Q(resolved_at__isnull=True),
                name="comment_report_one_open_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reporter} reports comment {self.comment_id}"


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
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
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
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"Preferences of {self.member}"

    def wants(self, category: str) -> bool:
        return bool(getattr(self, category))
