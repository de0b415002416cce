"""Comment threads: numbered conversations, comments, useful marks and reports.

Moved from the topics app by state only: the tables keep their names (topics_comment…)
and their rows."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, models
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.versions import VersionedQuerySet
from topics.models import Topic

# A topic page shows its comment thread this many conversations (a first comment
# and all its replies) at a time.
COMMENT_CONVERSATIONS_PER_PAGE = 50
# Each conversation shows its first replies on the topic page, the rest on its own page
# (a hundred at a time): a page costs the same whatever the conversations' length.
REPLIES_SHOWN = 3
CONVERSATION_REPLIES_PER_PAGE = 100


class TopicThread(models.Model):
    """How many conversations a topic's thread has had, to number them as they start.

    Numbering as they start keeps finding a comment's page and reading a page of
    the thread cheap however long the thread grows: no counting what came before.
    The row is locked from a number's giving until the transaction ends, so
    comment_create takes the number in a transaction of its own, before the
    comment's. Every writer places a comment through
    comments.services.comment_thread_place (the site, the admin, the test factories).
    """

    topic = models.OneToOneField(
        Topic, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    conversations = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "topics_topicthread"
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


class CommentQuerySet(VersionedQuerySet):
    def with_reply_positions(self) -> CommentQuerySet:
        """Each comment's `reply_position` read with it, for a batch that asks their
        addresses (the notices the worker writes): no query per comment."""
        earlier = (
            Comment.objects.filter(root=OuterRef("root"))
            .filter(
                Q(created_at__lt=OuterRef("created_at"))
                | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
            )
            .order_by()
            .values("root")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            reply_position=Case(
                When(parent__isnull=True, then=Value(0)),
                default=Coalesce(Subquery(earlier, output_field=IntegerField()), 0) + 1,
            )
        )


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
    # The request writes the comment only; a task writes the notices it owes
    # (comments.tasks) and clears this.
    notices_pending = models.BooleanField(default=False, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        db_table = "topics_comment"
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
        """Where the comment is shown: on the page of the topic's thread that holds its
        conversation, or, a reply past the first REPLIES_SHOWN, on its conversation's
        own page."""
        position = self.reply_position
        if position > REPLIES_SHOWN:
            root = self.root_id or self.parent_id
            page = (position - 1) // CONVERSATION_REPLIES_PER_PAGE + 1
            query = f"?page={page}" if page > 1 else ""
            url = reverse("comments:comment_conversation", kwargs={"pk": root})
            return f"{url}{query}#comment-{self.pk}"
        page = self.thread_page
        query = f"?comments={page}" if page > 1 else ""
        return f"{self.topic.get_absolute_url()}{query}#comment-{self.pk}"

    @cached_property
    def reply_position(self) -> int:
        """0 for a conversation's first comment; n for its nth reply, in the order
        replies were posted (one query)."""
        if self.parent_id is None:
            return 0
        root = self.root_id or self.parent_id
        earlier = Comment.objects.filter(root_id=root).filter(
            Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
        )
        return earlier.count() + 1

    @cached_property
    def thread_page(self) -> int:
        """The page of its topic's thread this comment shows on: conversations are
        paged COMMENT_CONVERSATIONS_PER_PAGE at a time, in the order they started.

        Every comment posted asks it (for the redirect and the notifications): the
        conversation's number gives it, without counting the conversations before.
        A reply reads its conversation's number (one query, unless its parent
        started the conversation or its root is at hand)."""
        number = self.conversation_number
        if number is None:
            root_pk = self.root_id or self.parent_id
            parent = self.parent if Comment.parent.is_cached(self) else None
            root = self.root if Comment.root.is_cached(self) else None
            if parent is not None and parent.pk == root_pk:
                number = parent.conversation_number
            elif root is not None:
                number = root.conversation_number
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
        db_table = "topics_commentuseful"
        constraints = [
            models.UniqueConstraint(fields=["comment", "member"], name="comment_useful_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} finds comment {self.comment_id} useful"


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
        db_table = "topics_commentreport"
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
