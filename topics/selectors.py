"""Reads for topic pages and lists. Each owns its joins, so page cost is flat."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.validators import slug_re
from django.db import connection
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from accounts.models import User
from core import versions
from core.versions import CHANNELS, LISTS
from topics.models import (
    COMMENT_CONVERSATIONS_PER_PAGE,
    PUBLIC_STATUSES,
    Channel,
    Comment,
    CommentReport,
    CoProposerInvitation,
    Feedback,
    InvitationStatus,
    Notification,
    Opinion,
    OpinionChoice,
    ParticipationRequest,
    ParticipationStatus,
    Topic,
    TopicFollow,
    TopicStatus,
    TopicThread,
)
from topics.rules import (
    ORGANIZERS_GROUP,
    organized_channel_ids,
    organizer_role_known,
    organizes_all_channels,
)

CONNECTED_TOPICS_SHOWN = 5


LOCAL_TIMEOUT = 600


def local_cache():
    """The worker's own memory, for entries whose key carries their versions."""
    return caches["local"]


def channel_list_active() -> QuerySet[Channel]:
    versions.read(LISTS)  # what a cached page showing it depends on
    return Channel.objects.filter(is_active=True).order_by("order", "name")


def channel_by_slug(*, slug: str) -> Channel | None:
    """The active channel a slug from the URL names, or None for anything that is not a
    slug (a NUL byte would make PostgreSQL refuse the query)."""
    if not slug_re.fullmatch(slug):
        return None
    return channel_list_active().filter(slug=slug).first()


def channel_menu() -> list[Channel]:
    """The active channels for the menu of every page, each with its `url`; kept in the
    worker's memory until a channel changes."""
    key = f"channel-menu:{versions.token(CHANNELS)}"
    channels = local_cache().get(key)
    if channels is None:
        channels = list(channel_list_active())
        for channel in channels:
            channel.url = channel.get_absolute_url()
        local_cache().set(key, channels, LOCAL_TIMEOUT)
    return channels


def _count_subquery(model, **filters) -> Coalesce:
    rows = (
        model.objects.filter(topic=OuterRef("pk"), **filters)
        .order_by()
        .values("topic")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def topic_cards(queryset: QuerySet[Topic]) -> QuerySet[Topic]:
    """What a topic card shows, in the same single query for any number of cards."""
    return queryset.select_related("channel", "proposer").annotate(
        comment_count=_count_subquery(Comment, deleted_at__isnull=True),
        opinion_count=_count_subquery(Opinion),
    )


def topic_list_public(*, channel: Channel | None = None) -> QuerySet[Topic]:
    versions.read(LISTS)  # what a cached page showing it depends on
    topics = Topic.objects.filter(status__in=PUBLIC_STATUSES, channel__is_active=True)
    if channel is not None:
        topics = topics.filter(channel=channel)
    return topic_cards(topics).order_by("-created_at", "-pk")


def topic_for_page(*, slug: str) -> Topic | None:
    return (
        Topic.objects.select_related("channel", "proposer")
        .prefetch_related(Prefetch("co_proposers", queryset=User.objects.order_by("full_name")))
        .filter(slug=slug)
        .first()
    )


@dataclass
class CommentNode:
    comment: Comment
    children: list[CommentNode] = field(default_factory=list)


@dataclass
class CommentPage:
    """One page of a topic's thread: some conversations, each with all its replies."""

    tree: list[CommentNode]
    number: int
    pages: int
    conversations: int  # how many the thread has had

    @property
    def first(self) -> int:
        """The number of its first conversation (they are numbered from 1)."""
        return self.tree[0].comment.conversation_number if self.tree else 0

    @property
    def last(self) -> int:
        return self.tree[-1].comment.conversation_number if self.tree else 0

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def comment_page(*, topic: Topic, number: int) -> CommentPage:
    """A page of the thread, conversations in the order they started; a page out of
    range gives the nearest one. Three queries, whatever the thread's length: a page
    is a range of conversation numbers."""
    per_page = COMMENT_CONVERSATIONS_PER_PAGE
    conversations = (
        TopicThread.objects.filter(topic=topic).values_list("conversations", flat=True).first() or 0
    )
    pages = max(1, -(-conversations // per_page))
    number = min(max(number, 1), pages)
    after = (number - 1) * per_page
    root_ids = list(
        Comment.objects.filter(
            topic=topic,
            conversation_number__gt=after,
            conversation_number__lte=after + per_page,
        ).values_list("pk", flat=True)
    )
    tree = _comment_tree(
        Comment.objects.filter(Q(pk__in=root_ids) | Q(root__in=root_ids))
        .select_related("author")
        .order_by("created_at", "pk")
    )
    # Conversations started within the same instant may have been numbered out of
    # their clock order: the number decides, as it does for the page.
    tree.sort(key=lambda node: node.comment.conversation_number)
    return CommentPage(tree=tree, number=number, pages=pages, conversations=conversations)


def _comment_tree(comments) -> list[CommentNode]:
    """Comments (parents before replies) as a tree."""
    comments = list(comments)
    nodes = {c.pk: CommentNode(comment=c) for c in comments}
    roots: list[CommentNode] = []
    for comment in comments:
        node = nodes[comment.pk]
        parent = nodes.get(comment.parent_id) if comment.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    return roots


@dataclass(frozen=True)
class OpinionShare:
    choice: str
    label: str
    count: int
    percent: int


def opinion_distribution(*, topic: Topic) -> tuple[int, list[OpinionShare]]:
    counts = dict(
        Opinion.objects.filter(topic=topic)
        .order_by()
        .values_list("choice")
        .annotate(n=Count("pk"))
        .values_list("choice", "n")
    )
    total = sum(counts.values())
    shares = [
        OpinionShare(
            choice=choice.value,
            label=choice.label,
            count=counts.get(choice.value, 0),
            percent=round(100 * counts.get(choice.value, 0) / total) if total else 0,
        )
        for choice in OpinionChoice
    ]
    return total, shares


def _connected_topics(topic: Topic) -> list[Topic]:
    """Chosen connections first, completed with recent public topics of the channel."""
    chosen = list(
        topic_cards(topic.connected_topics.filter(status__in=PUBLIC_STATUSES)).order_by(
            "-created_at"
        )[:CONNECTED_TOPICS_SHOWN]
    )
    missing = CONNECTED_TOPICS_SHOWN - len(chosen)
    if missing > 0:
        exclude = [topic.pk, *(t.pk for t in chosen)]
        chosen += list(topic_list_public(channel=topic.channel).exclude(pk__in=exclude)[:missing])
    return chosen


def participants_public(*, topic: Topic) -> list[ParticipationRequest]:
    return list(
        ParticipationRequest.objects.filter(
            topic=topic, status=ParticipationStatus.ACCEPTED, show_publicly=True
        )
        .select_related("applicant")
        .order_by("role", "created_at")
    )


def topic_was_public(*, slug: str) -> bool:
    """Whether a topic at this address was once open to everyone (submitted), so that
    its address, now closed, may say so rather than claim it never existed."""
    return Topic.objects.filter(slug=slug, submitted_at__isnull=False).exists()


def topic_for_reading(*, slug: str) -> Topic | None:
    """The topic of a page, from the worker's memory while its version holds."""
    known = local_cache().get(f"topic-ids:{slug}")
    if known is None:
        if not slug_re.fullmatch(slug):
            return None
        known = Topic.objects.filter(slug=slug).values_list("pk", "channel_id").first()
        if known is None:
            return None
    # Every version the page needs, in one round trip; read before the rows, so that a
    # write committed in between retires the entry made from them.
    key = f"topic-page:{known[0]}:{TopicPageVersions.read(*known).topic}"
    topic = local_cache().get(key)
    if topic is not None and topic.slug == slug:
        return topic
    topic = topic_for_page(slug=slug)
    if topic is None:
        local_cache().delete(f"topic-ids:{slug}")
        return None
    if (topic.pk, topic.channel_id) != tuple(known):
        # The slug now names another topic, or it moved channel: start again with its ids.
        local_cache().delete(f"topic-ids:{slug}")
        return topic_for_reading(slug=slug)
    local_cache().set(key, topic, LOCAL_TIMEOUT)
    local_cache().set(f"topic-ids:{slug}", (topic.pk, topic.channel_id), LOCAL_TIMEOUT)
    return topic


@dataclass(frozen=True)
class TopicPageVersions:
    """The versions a topic page's cached fragments carry in their keys."""

    topic: str
    comments: str
    activity: str
    channel: str
    lists: str

    @classmethod
    def read(cls, topic_id: int, channel_id: int) -> TopicPageVersions:
        names = (
            versions.topic(topic_id),
            versions.topic_comments(topic_id),
            versions.topic_activity(topic_id),
            versions.channel(channel_id),
            LISTS,
        )
        return cls(*versions.read(*names).values())

    @classmethod
    def of(cls, topic: Topic) -> TopicPageVersions:
        return cls.read(topic.pk, topic.channel_id)


class TopicPageExtras:
    """The shared blocks of a topic page, read only when their cached fragment is missing."""

    def __init__(self, topic: Topic):
        self.topic = topic

    @cached_property
    def _opinions(self) -> tuple[int, list[OpinionShare]]:
        return opinion_distribution(topic=self.topic)

    @property
    def opinion_total(self) -> int:
        return self._opinions[0]

    @property
    def opinion_shares(self) -> list[OpinionShare]:
        return self._opinions[1]

    @cached_property
    def participants(self) -> list[ParticipationRequest]:
        return participants_public(topic=self.topic)

    @cached_property
    def connected_topics(self) -> list[Topic]:
        return _connected_topics(self.topic)


@dataclass(frozen=True)
class TopicMemberState:
    """The viewer's own activity on a topic, as the topic page shows it."""

    opinion: str = ""
    request: ParticipationRequest | None = None
    feedback_count: int = 0
    following: bool = False
    unread_notifications: int = 0


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


@lru_cache(maxsize=1)
def _member_state_sql() -> str:
    """One statement for a member's own state on a topic. Measured: the same through
    the ORM (seven annotated subqueries) took the member's topic page from 9.7 to
    22.8 ms of worker CPU, compiling it on every request; written once here, with
    every table and column name read from the models."""
    t, c = _table, _column
    groups, channels = User.groups.through, Channel.organizers.through
    return f"""
    SELECT
      (SELECT {c(Opinion, "choice")} FROM {t(Opinion)}
        WHERE {c(Opinion, "topic")} = %(topic)s AND {c(Opinion, "member")} = %(member)s
        LIMIT 1),
      (SELECT {c(ParticipationRequest, "id")} FROM {t(ParticipationRequest)}
        WHERE {c(ParticipationRequest, "topic")} = %(topic)s
          AND {c(ParticipationRequest, "applicant")} = %(member)s
        ORDER BY {c(ParticipationRequest, "created_at")} DESC,
          {c(ParticipationRequest, "id")} DESC LIMIT 1),
      (SELECT COUNT(*) FROM {t(Feedback)}
        WHERE {c(Feedback, "topic")} = %(topic)s AND {c(Feedback, "author")} = %(member)s),
      EXISTS (SELECT 1 FROM {t(TopicFollow)}
        WHERE {c(TopicFollow, "topic")} = %(topic)s
          AND {c(TopicFollow, "member")} = %(member)s),
      (SELECT COUNT(*) FROM {t(Notification)}
        WHERE {c(Notification, "recipient")} = %(member)s
          AND {c(Notification, "read_at")} IS NULL),
      EXISTS (SELECT 1 FROM {t(groups)} ug JOIN {t(Group)} g
          ON g.{c(Group, "id")} = ug.{c(groups, "group")}
        WHERE ug.{c(groups, "user")} = %(member)s AND g.{c(Group, "name")} = %(organizers)s),
      EXISTS (SELECT 1 FROM {t(channels)} WHERE {c(channels, "user")} = %(member)s)
    """  # noqa: S608 - names from the models, values parameters


def topic_member_state(*, topic: Topic, user: User) -> TopicMemberState:
    """One query (two when the member asked to take part), whatever they did; it also
    tells the rules the member's organizer role. Ask it before any permission."""
    if not user.is_authenticated:
        return TopicMemberState()
    with connection.cursor() as cursor:
        cursor.execute(
            _member_state_sql(),
            {"topic": topic.pk, "member": user.pk, "organizers": ORGANIZERS_GROUP},
        )
        row = cursor.fetchone()
    opinion, request_id, feedback_count, following, unread, in_group, has_channels = row
    if not has_channels:
        # Most members organize no channel: their role is known without another query.
        organizer_role_known(user, in_organizers_group=bool(in_group))
    return TopicMemberState(
        opinion=opinion or "",
        request=ParticipationRequest.objects.get(pk=request_id) if request_id else None,
        feedback_count=feedback_count,
        following=bool(following),
        unread_notifications=unread,
    )


def feedback_for_topic(*, topic: Topic) -> list[Feedback]:
    return list(Feedback.objects.filter(topic=topic).select_related("author"))


def participation_requests_for_topic(*, topic: Topic) -> list[ParticipationRequest]:
    return list(ParticipationRequest.objects.filter(topic=topic).select_related("applicant"))


def my_space(*, user: User) -> dict[str, Any]:
    """Everything that concerns a member, for their own page."""
    mine = Q(proposer=user) | Q(co_proposers=user)
    my_topics = list(
        topic_cards(Topic.objects.filter(pk__in=Topic.objects.filter(mine).values("pk"))).order_by(
            "-updated_at"
        )
    )
    my_topic_ids = [t.pk for t in my_topics]
    return {
        "my_topics": my_topics,
        "invitations": list(
            CoProposerInvitation.objects.filter(invitee=user, status=InvitationStatus.PENDING)
            .select_related("topic", "invited_by")
            .order_by("-created_at")
        ),
        "my_requests": list(
            ParticipationRequest.objects.filter(applicant=user)
            .select_related("topic")
            .order_by("-created_at")
        ),
        "my_feedback_sent": list(
            Feedback.objects.filter(author=user).select_related("topic").order_by("-created_at")
        ),
        "commented_topics": list(
            topic_cards(
                Topic.objects.filter(
                    pk__in=Comment.objects.filter(author=user).values("topic_id"),
                    status__in=PUBLIC_STATUSES,
                )
            ).order_by("-created_at")[:50]
        ),
        "feedback_received": list(
            Feedback.objects.filter(topic_id__in=my_topic_ids)
            .select_related("topic", "author")
            .order_by("-created_at")
        ),
        "requests_received": list(
            ParticipationRequest.objects.filter(topic_id__in=my_topic_ids)
            .select_related("topic", "applicant")
            .order_by("-created_at")
        ),
    }


def co_proposer_invitations_for_topic(*, topic: Topic) -> list[CoProposerInvitation]:
    """The invitations sent for a topic, as those who invite see them: address and state."""
    return list(topic.co_proposer_invitations.order_by("-created_at", "-pk"))


def topics_brought_by(*, member: User) -> QuerySet[Topic]:
    return topic_list_public().filter(proposer=member)


# Organizers' workspace ----------------------------------------------------------------


def channels_organized_by(*, user: User) -> list[Channel]:
    channels = Channel.objects.order_by("order", "name")
    if organizes_all_channels(user):
        return list(channels)
    return list(channels.filter(pk__in=organized_channel_ids(user)))


@dataclass
class ChannelDesk:
    channel: Channel
    proposals: list[Topic] = field(default_factory=list)
    to_schedule: list[Topic] = field(default_factory=list)
    scheduled: list[Topic] = field(default_factory=list)
    requests: list[ParticipationRequest] = field(default_factory=list)
    reports: list[Any] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        return len(self.proposals) + len(self.requests) + len(self.reports)


def workspace_desks(*, user: User) -> list[ChannelDesk]:
    """What waits for a decision, per channel the organizer runs (five queries)."""
    desks = {c.pk: ChannelDesk(channel=c) for c in channels_organized_by(user=user)}
    topics = Topic.objects.filter(
        channel__in=desks,
        status__in=[TopicStatus.PROPOSED, TopicStatus.ACCEPTED, TopicStatus.SCHEDULED],
    ).select_related("proposer")
    for topic in topics.order_by("submitted_at", "created_at"):
        desk = desks[topic.channel_id]
        if topic.status == TopicStatus.PROPOSED:
            desk.proposals.append(topic)
        elif topic.status == TopicStatus.ACCEPTED:
            desk.to_schedule.append(topic)
        else:
            desk.scheduled.append(topic)
    for request in (
        ParticipationRequest.objects.filter(
            topic__channel__in=desks, status=ParticipationStatus.PENDING
        )
        .select_related("topic", "applicant")
        .order_by("created_at")
    ):
        desks[request.topic.channel_id].requests.append(request)
    for report in (
        CommentReport.objects.filter(comment__topic__channel__in=desks, resolved_at__isnull=True)
        .select_related("comment__topic", "comment__author", "reporter")
        .order_by("created_at")
    ):
        desks[report.comment.topic.channel_id].reports.append(report)
    return list(desks.values())


def workspace_topic(*, topic: Topic) -> dict[str, Any]:
    return {
        "requests": list(
            ParticipationRequest.objects.filter(topic=topic)
            .select_related("applicant")
            .order_by("status", "created_at")
        ),
        "feedback": feedback_for_topic(topic=topic),
        "decisions": list(topic.transitions.select_related("actor")),
        "reports": list(
            CommentReport.objects.filter(
                comment__topic=topic, resolved_at__isnull=True
            ).select_related("comment__author", "reporter")
        ),
    }


def notifications_for(*, user: User, limit: int = 100) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).select_related("topic")[:limit])


def unread_notification_count(*, user: User) -> int:
    """For the header of member pages; the topic page reads it with topic_member_state."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def scheduled_recordings(*, channel: Channel | None = None) -> QuerySet[Topic]:
    topics = Topic.objects.filter(
        status__in=[TopicStatus.SCHEDULED, TopicStatus.PUBLISHED],
        recording_at__isnull=False,
        channel__is_active=True,
    ).select_related("channel")
    if channel is not None:
        topics = topics.filter(channel=channel)
    return topics.order_by("recording_at")
