"""A topic's comment thread, a page of conversations at a time; the reports the
organizers' workspace shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from comments.models import (
    COMMENT_CONVERSATIONS_PER_PAGE,
    CONVERSATION_REPLIES_PER_PAGE,
    REPLIES_SHOWN,
    Comment,
    CommentReport,
    TopicThread,
)
from topics.models import Topic


@dataclass
class CommentNode:
    comment: Comment
    children: list[CommentNode] = field(default_factory=list)
    # A conversation's first comment on the topic page: how many replies it has, of
    # which the first REPLIES_SHOWN are shown there.
    replies: int = 0

    @property
    def replies_not_shown(self) -> int:
        return max(0, self.replies - REPLIES_SHOWN)


@dataclass
class CommentPage:
    """One page of a topic's thread: some conversations, each with its first replies."""

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
    """A page of the thread, conversations in the order they started, each with its
    first REPLIES_SHOWN replies; a page out of range gives the nearest one. Three
    queries, whatever the thread's length: a page is a range of conversation numbers."""
    per_page = COMMENT_CONVERSATIONS_PER_PAGE
    conversations = (
        TopicThread.objects.filter(topic=topic).values_list("conversations", flat=True).first() or 0
    )
    pages = max(1, -(-conversations // per_page))
    number = min(max(number, 1), pages)
    after = (number - 1) * per_page
    roots = list(
        Comment.objects.filter(
            topic=topic,
            conversation_number__gt=after,
            conversation_number__lte=after + per_page,
        )
        .select_related("author")
        .order_by("conversation_number")
    )
    # The first replies of each conversation, and how many it has: one query.
    in_order = [F("created_at").asc(), F("pk").asc()]
    replies = list(
        Comment.objects.filter(root__in=[root.pk for root in roots])
        .select_related("author")
        .annotate(
            position=Window(RowNumber(), partition_by=[F("root")], order_by=in_order),
            in_conversation=Window(Count("pk"), partition_by=[F("root")]),
        )
        .filter(position__lte=REPLIES_SHOWN)
        .order_by("created_at", "pk")
    )
    tree = _comment_tree([*roots, *replies])
    # A reply shown without its parent (dates edited out of order) joins its conversation.
    firsts = {node.comment.pk: node for node in tree if node.comment.parent_id is None}
    for node in [n for n in tree if n.comment.parent_id is not None]:
        tree.remove(node)
        if node.comment.root_id in firsts:
            firsts[node.comment.root_id].children.append(node)
    counts = {reply.root_id: reply.in_conversation for reply in replies}
    for node in tree:
        node.replies = counts.get(node.comment.pk, 0)
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


@dataclass
class Conversation:
    """A conversation's own page: its first comment and a page of its replies."""

    root: Comment
    page: Page
    tree: list[CommentNode]

    @property
    def root_node(self) -> CommentNode:
        return CommentNode(comment=self.root)


def conversation_page(*, root: Comment, number: int) -> Conversation:
    """The replies in the order they were posted, CONVERSATION_REPLIES_PER_PAGE a page
    (a reply whose parent is on an earlier page starts a branch of its own)."""
    replies = (
        Comment.objects.filter(root=root).select_related("author").order_by("created_at", "pk")
    )
    page = Paginator(replies, CONVERSATION_REPLIES_PER_PAGE).get_page(number)
    return Conversation(root=root, page=page, tree=_comment_tree(list(page.object_list)))


# The organizers' workspace ----------------------------------------------------------


def reports_open_by_channel(*, channel_ids: list[int]) -> dict[int, list[CommentReport]]:
    """The open reports on the comments of these channels' topics, oldest first, by
    channel (one query)."""
    by_channel: dict[int, list[CommentReport]] = {pk: [] for pk in channel_ids}
    for report in (
        CommentReport.objects.filter(
            comment__topic__channel__in=channel_ids, resolved_at__isnull=True
        )
        .select_related("comment__topic", "comment__author", "reporter")
        .order_by("created_at")
    ):
        by_channel[report.comment.topic.channel_id].append(report)
    return by_channel


def reports_open_for_topic(*, topic: Topic) -> list[CommentReport]:
    return list(
        CommentReport.objects.filter(comment__topic=topic, resolved_at__isnull=True).select_related(
            "comment__author", "reporter"
        )
    )
