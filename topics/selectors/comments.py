"""A topic's comment thread, a page of conversations at a time."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Q,
)

from topics.models import (
    COMMENT_CONVERSATIONS_PER_PAGE,
    Comment,
    Topic,
    TopicThread,
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
