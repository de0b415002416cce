"""The comment thread is cached for visitors, and every write shows at once."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import CommentFactory, TopicFactory, UserFactory
from topics import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor():
    """A client of its own: `client` and `member_client` are one logged-in client."""
    return Client()


@pytest.fixture
def topic():
    topic = TopicFactory()
    CommentFactory(topic=topic, body="First words")
    return topic


def _page(client, topic, **headers):
    return client.get(topic.get_absolute_url(), **headers).content.decode()


def test_thread_fragment_outlives_unrelated_writes(member_client, topic):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    visitor = Client()
    _page(visitor, topic)
    other = TopicFactory()
    member_client.post(reverse("topics:opinion_set", args=[other.slug]), {"choice": "essential"})

    with CaptureQueriesContext(connection) as queries:
        page = _page(visitor, topic)

    assert "First words" in page
    tree_queries = [
        q for q in queries.captured_queries if q["sql"].startswith('SELECT "topics_comment"."id"')
    ]
    assert tree_queries == []


def test_visitors_get_the_whole_page_from_the_cache(client, topic, django_assert_num_queries):
    first = client.get(topic.get_absolute_url())

    with django_assert_num_queries(0):
        second = client.get(topic.get_absolute_url())

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert "csrfmiddlewaretoken" not in second.content.decode()


def test_members_never_get_a_cached_page(member_client, topic):
    member_client.get(topic.get_absolute_url())

    assert "X-Page-Cache" not in member_client.get(topic.get_absolute_url())


def test_new_comment_shows_at_once_to_visitors(visitor, member_client, topic):
    assert "Fresh reply" not in _page(visitor, topic)

    member_client.post(reverse("topics:comment_create", args=[topic.slug]), {"body": "Fresh reply"})

    assert "Fresh reply" in _page(visitor, topic)


@pytest.mark.parametrize("change", ["edit", "delete", "hide", "useful"])
def test_comment_changes_show_at_once_to_visitors(client, topic, change):
    comment = topic.comments.get()
    _page(client, topic)

    if change == "edit":
        services.comment_edit(comment=comment, by=comment.author, body="Edited words")
        expected = "Edited words"
    elif change == "delete":
        services.comment_delete(comment=comment, by=comment.author)
        expected = "This comment was deleted by its author."
    elif change == "hide":
        services.comment_moderate(comment=comment, actor=UserFactory(), hide=True)
        expected = "This comment was removed by moderation."
    else:
        services.comment_mark_useful(comment=comment, member=UserFactory())
        expected = "1 member finds this useful"

    assert expected in _page(client, topic)


def test_new_opinion_shows_at_once_to_visitors(visitor, member_client, topic):
    _page(visitor, topic)

    member_client.post(reverse("topics:opinion_set", args=[topic.slug]), {"choice": "essential"})

    assert "<span>Essential</span><span>1 (100 %)</span>" in _page(visitor, topic)


def test_each_language_has_its_own_cached_thread(client, topic):
    english = _page(client, topic, HTTP_ACCEPT_LANGUAGE="en")
    french = _page(client, topic, HTTP_ACCEPT_LANGUAGE="fr")

    assert "Comment from" in english
    assert "Commentaire de" in french
