"""The comment thread is cached for visitors, and every write shows at once."""

import pytest
from django.urls import reverse

from tests.factories import CommentFactory, TopicFactory, UserFactory
from topics import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    topic = TopicFactory()
    CommentFactory(topic=topic, body="First words")
    return topic


def _page(client, topic, **headers):
    return client.get(topic.get_absolute_url(), **headers).content.decode()


def test_second_visit_reads_the_thread_from_the_cache(client, topic, django_assert_num_queries):
    _page(client, topic)

    with django_assert_num_queries(10):
        page = _page(client, topic)

    assert "First words" in page


def test_new_comment_shows_at_once_to_visitors(client, member_client, topic):
    assert "Fresh reply" not in _page(client, topic)

    member_client.post(reverse("topics:comment_create", args=[topic.slug]), {"body": "Fresh reply"})

    assert "Fresh reply" in _page(client, topic)


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


def test_new_opinion_shows_at_once_to_visitors(client, member_client, topic):
    _page(client, topic)

    member_client.post(reverse("topics:opinion_set", args=[topic.slug]), {"choice": "essential"})

    assert "<span>Essential</span><span>1 (100 %)</span>" in _page(client, topic)


def test_each_language_has_its_own_cached_thread(client, topic):
    english = _page(client, topic, HTTP_ACCEPT_LANGUAGE="en")
    french = _page(client, topic, HTTP_ACCEPT_LANGUAGE="fr")

    assert "Comment from" in english
    assert "Commentaire de" in french
