"""Comment services: deleting, editing, useful marks, the follow a comment implies."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from comments import services as comment_services
from comments.models import Comment
from tests.factories import CommentFactory, TopicFactory, UserFactory
from topics import services
from topics.models import (
    TopicFollow,
)

pytestmark = pytest.mark.django_db


def test_comment_delete_keeps_replies_attached():
    parent = CommentFactory(body="Parent text")
    reply = CommentFactory(topic=parent.topic, parent=parent)

    comment_services.comment_delete(comment=parent, by=parent.author)

    parent.refresh_from_db()
    assert (parent.body, parent.is_deleted) == ("", True)
    assert list(parent.replies.all()) == [reply]


def test_comment_edit_window_is_fifteen_minutes():
    comment = CommentFactory()
    comment_services.comment_edit(comment=comment, by=comment.author, body="*Fixed*")
    assert Comment.objects.get().body_html == "<p><em>Fixed</em></p>"

    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(ValidationError):
        comment_services.comment_edit(comment=comment, by=comment.author, body="Too late")


def test_comment_marked_useful_once_per_member():
    comment, member = CommentFactory(), UserFactory()

    results = [
        comment_services.comment_mark_useful(comment=comment, member=member) for _ in range(2)
    ]

    comment.refresh_from_db()
    assert (results, comment.useful_count) == ([True, False], 1)


def test_a_member_who_comments_again_follows_once():
    topic, member = TopicFactory(), UserFactory()

    comment_services.comment_create(topic=topic, author=member, body="First")
    comment_services.comment_create(topic=topic, author=member, body="Second")
    services.topic_follow(topic=topic, member=member)

    (follow,) = TopicFollow.objects.filter(topic=topic, member=member)
    assert timezone.now() - timedelta(minutes=1) < follow.created_at <= timezone.now()
