"""Comments: their place in the thread, writing, editing, moderation, notices."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from comments.models import Comment, CommentReport, CommentUseful, TopicThread
from comments.rules import COMMENT_EDIT_MINUTES
from core.events import event_emit
from core.markdown import markdown_render
from core.tasks import enqueue_coalesced_on_commit
from notifications.mails import queue_take
from notifications.models import NotificationKind
from notifications.services import Notice, notify_all
from topics.models import DecisionSubject, Topic
from topics.services import decision_record, organizers_notify, topic_follow, topic_team

# Comments ---------------------------------------------------------------------------


def comment_thread_place(comment: Comment) -> None:
    """Give a new comment its place in the thread: its conversation's first comment, or
    the next conversation number when it starts one. The one place comments are numbered.

    A new conversation takes its number in a transaction of its own, one statement
    long: posts to a busy topic do not queue behind each other's work for it. A post
    that fails after it leaves a gap: a page one short."""
    if comment.parent_id is not None:
        comment.root_id = comment.parent.root_id or comment.parent_id
        comment.conversation_number = None
    elif comment.conversation_number is None:
        comment.conversation_number = TopicThread.number_next(topic_id=comment.topic_id)


def comment_create(
    *, topic: Topic, author: User, body: str, parent: Comment | None = None
) -> Comment:
    if parent is not None and parent.topic_id != topic.pk:
        raise ValidationError(_("You can only reply to a comment on the same topic."))
    body_html = markdown_render(body)
    comment = Comment(topic=topic, author=author, parent=parent, body=body, body_html=body_html)
    # A new conversation's number first, in a transaction of its own (see above).
    comment_thread_place(comment)
    # Then one commit for the rest: the follow a comment implies, the comment, and the
    # flag that a task owes its notices (see comment_notices_write_pending), enqueued
    # once it is in. (Each commit waits for the disk: this is the POST's main cost.)
    comment.notices_pending = True
    with transaction.atomic():
        topic_follow(topic=topic, member=author)
        comment.save(force_insert=True)
        event_emit("comment.created", topic=topic, comment=comment)
    comment_notices_soon()
    return comment


def comment_notices_soon() -> None:
    # The task module imports this one: imported when used.
    from comments.tasks import comment_notices_write

    enqueue_coalesced_on_commit(comment_notices_write, key="comment-notices")


def comment_notices(comment: Comment) -> list[Notice]:
    """What a comment tells: the topic's team that it was posted, and the author of
    the comment it answers; dated from the comment, however late they are written."""
    topic, author, parent = comment.topic, comment.author, comment.parent
    url = comment.get_absolute_url()
    team = topic_team(topic)
    notices = [
        Notice(team, NotificationKind.COMMENT_NEW, topic, author, url=url, at=comment.created_at)
    ]
    if parent is not None and parent.author_id not in {m.pk for m in team}:
        notices.append(
            Notice(
                [parent.author],
                NotificationKind.COMMENT_REPLY,
                topic,
                author,
                url=url,
                at=comment.created_at,
            )
        )
    return notices


def comment_notices_write_pending(*, limit: int = 100) -> int:
    """Write the notices the worker owes, oldest comment first, in one insert; returns
    how many comments it handled. Rows are locked and skipped by other workers, so any
    number may run. A comment deleted or hidden meanwhile is told to no one."""
    with transaction.atomic():
        batch = list(
            Comment.objects.filter(
                pk__in=queue_take(Comment.objects.filter(notices_pending=True), limit)
            )
            .select_related("topic__proposer", "author", "parent__author", "root")
            .prefetch_related("topic__co_proposers")
            .with_reply_positions()
            .order_by("pk")[:limit]
        )
        notify_all(
            notice
            for comment in batch
            if not (comment.is_deleted or comment.is_hidden)
            for notice in comment_notices(comment)
        )
        Comment.objects.filter(pk__in=[c.pk for c in batch]).update(notices_pending=False)
    return len(batch)


@transaction.atomic
def comment_admin_save(*, comment: Comment, changed: Iterable[str] = ()) -> Comment:
    """A comment written in the Django admin, under the site's rules: its text rendered
    and sanitised, its place in the thread given, an edit dated."""
    comment.body_html = markdown_render(comment.body)
    if comment._state.adding:
        comment_thread_place(comment)
        comment.save(force_insert=True)
        return comment
    if "body" in changed:
        comment.edited_at = timezone.now()
    comment.save()
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, by: User, body: str) -> Comment:
    if comment.author_id != by.pk or comment.is_deleted:
        raise PermissionDenied
    if timezone.now() - comment.created_at > timedelta(minutes=COMMENT_EDIT_MINUTES):
        raise ValidationError(
            _("Comments can be edited for %(minutes)s minutes only."),
            params={"minutes": COMMENT_EDIT_MINUTES},
        )
    comment.body = body
    comment.body_html = markdown_render(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, by: User) -> Comment:
    """The text goes; the comment stays as a placeholder so replies keep their place."""
    if comment.author_id != by.pk:
        raise PermissionDenied
    comment.body = ""
    comment.body_html = ""
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "deleted_at"])
    return comment


def comment_mark_useful(*, comment: Comment, member: User) -> bool:
    """Count a member once; returns False when they had already marked it."""
    if comment.author_id == member.pk or comment.is_deleted:
        return False
    try:
        with transaction.atomic():
            CommentUseful.objects.create(comment=comment, member=member)
            Comment.objects.filter(pk=comment.pk).update(useful_count=F("useful_count") + 1)
    except IntegrityError:
        return False
    return True


# Moderation -------------------------------------------------------------------------


class DuplicateReportError(ValidationError):
    pass


def comment_report(*, comment: Comment, reporter: User, reason: str) -> CommentReport:
    duplicate = DuplicateReportError(
        _("You already reported this comment; the organizers will look at it."), code="duplicate"
    )
    if CommentReport.objects.filter(
        comment=comment, reporter=reporter, resolved_at__isnull=True
    ).exists():
        raise duplicate
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(comment=comment, reporter=reporter, reason=reason)
            organizers_notify(
                topic=comment.topic,
                kind=NotificationKind.COMMENT_REPORTED,
                actor=reporter,
                message=reason,
                team_told=False,  # the team hears nothing else of reports
                url=reverse("topics:workspace_topic", kwargs={"slug": comment.topic.slug})
                + "#reports",
            )
            return report
    except IntegrityError as error:
        raise duplicate from error


@transaction.atomic
def comment_moderate(*, comment: Comment, actor: User, hide: bool, reason: str = "") -> bool:
    """Hide a comment (it reads "removed by moderation", replies stay) or restore it, and
    close its open reports. Returns whether the comment changed.

    A decision that changes nothing ("keep it visible" on a visible comment) closes the
    reports and is kept as such in the audit trail ("reported → dismissed", or
    "reported → kept hidden"), never as a change of state."""
    was_hidden = comment.is_hidden
    changed = hide != was_hidden
    if changed:
        comment.hidden_at = timezone.now() if hide else None
        comment.hidden_by = actor if hide else None
        comment.save(update_fields=["hidden_at", "hidden_by"])
    closed = CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor
    )
    if changed:
        from_status, to_status = (
            ("hidden" if was_hidden else "visible"),
            ("hidden" if hide else "visible"),
        )
    else:
        from_status, to_status = "reported", ("kept hidden" if hide else "dismissed")
    if changed or closed:
        decision_record(
            topic=comment.topic,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            subject=DecisionSubject.COMMENT,
            subject_label=f"{comment.author.display_name}: {comment.body[:80]}",
            subject_member=comment.author,
        )
    return changed
