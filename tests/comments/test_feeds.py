"""A topic's comment feed."""

import feedparser
import pytest
from django.urls import reverse

from comments import services as comment_services
from tests.factories import CommentFactory, TopicFactory, UserFactory
from topics.models import TopicStatus

pytestmark = pytest.mark.django_db


def test_comment_feed_holds_visible_comments_only(client):
    topic = TopicFactory()
    CommentFactory(topic=topic, body="Kept")
    gone = CommentFactory(topic=topic, body="Gone")
    comment_services.comment_delete(comment=gone, by=gone.author)
    hidden = CommentFactory(topic=topic, body="Hidden")
    comment_services.comment_moderate(comment=hidden, actor=UserFactory(), hide=True)

    feed = feedparser.parse(
        client.get(reverse("comments:topic_comments_feed", args=[topic.slug])).content
    )

    assert [e.summary for e in feed.entries] == ["<p>Kept</p>"]


def test_comment_feed_of_a_draft_is_not_found(client):
    topic = TopicFactory(status=TopicStatus.DRAFT)

    assert client.get(reverse("comments:topic_comments_feed", args=[topic.slug])).status_code == 404
