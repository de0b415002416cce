"""Visitors get cached pages, everyone gets cached shared blocks; writes show at once."""

import pytest
from django.test import Client
from django.urls import reverse

from comments import services as comment_services
from core import versions
from tests.factories import CommentFactory, TopicFactory, UserFactory

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
    thread = versions.topic_comments(topic.pk)
    before = versions.token(thread)
    other = TopicFactory()
    member_client.post(reverse("topics:opinion_set", args=[other.slug]), {"choice": "essential"})
    member_client.post(reverse("comments:comment_create", args=[other.slug]), {"body": "Elsewhere"})

    assert versions.token(thread) == before
    assert "First words" in _page(Client(), topic)


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

    member_client.post(
        reverse("comments:comment_create", args=[topic.slug]), {"body": "Fresh reply"}
    )

    assert "Fresh reply" in _page(visitor, topic)


@pytest.mark.parametrize("change", ["edit", "delete", "hide", "useful"])
def test_comment_changes_show_at_once_to_visitors(client, topic, change):
    comment = topic.comments.get()
    _page(client, topic)

    if change == "edit":
        comment_services.comment_edit(comment=comment, by=comment.author, body="Edited words")
        expected = "Edited words"
    elif change == "delete":
        comment_services.comment_delete(comment=comment, by=comment.author)
        expected = "This comment was deleted by its author."
    elif change == "hide":
        comment_services.comment_moderate(comment=comment, actor=UserFactory(), hide=True)
        expected = "This comment was removed by moderation."
    else:
        comment_services.comment_mark_useful(comment=comment, member=UserFactory())
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


# Members: the blocks every reader sees come from the worker's memory; their own
# activity, their role and their CSRF token never do.


def _member():
    client = Client()
    client.force_login(UserFactory())
    return client


def test_members_each_see_their_own_opinion_over_the_shared_blocks(topic):
    first, second = _member(), _member()
    first.post(reverse("topics:opinion_set", args=[topic.slug]), {"choice": "essential"})

    first_page, second_page = _page(first, topic), _page(second, topic)

    assert "Change my opinion" in first_page
    assert 'value="essential"  id="id_choice_0" required checked>' in first_page
    assert "Give my opinion" in second_page
    assert 'name="choice" value="essential"  id="id_choice_0" required>' in second_page
    # The shared distribution is the same for both, and already counts the new opinion.
    assert "<span>Essential</span><span>1 (100 %)</span>" in first_page
    assert "<span>Essential</span><span>1 (100 %)</span>" in second_page


def test_each_member_page_carries_their_own_csrf_token(topic):
    first, second = _member(), _member()

    first_page, second_page = _page(first, topic), _page(second, topic)

    first_secret = first.cookies["csrftoken"].value
    second_secret = second.cookies["csrftoken"].value
    assert first_secret != second_secret
    assert 'name="csrfmiddlewaretoken"' in first_page
    assert 'name="csrfmiddlewaretoken"' in second_page
    # A token from one member's page is accepted for that member only.
    response = second.post(
        reverse("topics:topic_follow", args=[topic.slug]),
        {"follow": "1", "csrfmiddlewaretoken": _csrf_in(second_page)},
    )
    assert response.status_code == 302


def _csrf_in(page: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_proposer_blocks_do_not_leak_into_the_shared_fragments(topic):
    proposer = Client()
    proposer.force_login(topic.proposer)
    member = _member()

    proposer_page = _page(proposer, topic)
    member_page = _page(member, topic)

    assert "Edit the topic" in proposer_page
    assert "Secret preparation notes." in proposer_page
    assert "Edit the topic" not in member_page
    assert "Secret preparation notes." not in member_page
    assert "Feedback received" not in member_page


def test_topic_edit_shows_at_once_to_members(topic):
    proposer = Client()
    proposer.force_login(topic.proposer)
    member = _member()
    assert topic.title in _page(member, topic)

    proposer.post(
        reverse("topics:topic_edit", args=[topic.slug]),
        {
            "channel": topic.channel.pk,
            "title": "A sharper title",
            "summary": topic.summary,
            "body": "A rewritten body.",
            "location": topic.location,
            "format": topic.format,
            "treatment": topic.treatment,
            "language": topic.language,
        },
    )

    page = _page(member, topic)
    assert "A sharper title" in page
    assert "A rewritten body." in page
