"""Who may do what with comments. Views and templates ask these (topics.rules.can)."""

import rules
from django.utils import timezone

from comments.models import Comment
from topics.rules import is_authenticated_member

COMMENT_EDIT_MINUTES = 15


@rules.predicate
def is_comment_author(user, comment: Comment) -> bool:
    return is_authenticated_member(user) and comment is not None and comment.author_id == user.pk


@rules.predicate
def is_comment_fresh(user, comment: Comment) -> bool:
    if comment is None or comment.is_deleted:
        return False
    age = timezone.now() - comment.created_at
    return age.total_seconds() <= COMMENT_EDIT_MINUTES * 60


rules.add_perm("comments.edit_comment", is_comment_author & is_comment_fresh)
rules.add_perm("comments.delete_comment", is_comment_author)
