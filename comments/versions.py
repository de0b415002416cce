"""Which cache versions a write to a comments model moves (see core/versions.py).

Read by `CommentsConfig.ready()`. A model missing here is shown on no cached
page; tests/core/test_staleness.py fails for a model registered in the admin
that is neither watched nor listed there as uncached.
"""

from accounts.models import User
from comments.models import Comment
from core import versions
from core.versions import LISTS, watch


def _comment(comment: Comment):
    # Cards on the lists show how many comments a topic has.
    return (versions.topic_comments(comment.topic_id), LISTS)


def _commenter_appearances(member: User):
    """Every thread that shows this member's name or picture."""
    if member.pk is None:
        return ()
    commented = Comment.objects.filter(author=member).values_list("topic_id", flat=True)
    return tuple(versions.topic_comments(pk) for pk in set(commented))


def watch_comments() -> None:
    watch(Comment, _comment, needs=("topic_id",), shown=_shown(Comment, {"notices_pending"}))
    watch(User, _commenter_appearances, shown=User.DISPLAY_FIELDS)


def _shown(model, hidden: set[str]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.name not in hidden]
