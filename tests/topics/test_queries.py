"""Page cost does not grow with the number of items shown."""

import pytest
from django.urls import reverse

from comments.models import COMMENT_CONVERSATIONS_PER_PAGE
from tests.factories import (
    ChannelFactory,
    CommentFactory,
    OpinionFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _threaded_comments(topic, count) -> int:
    """Conversations of three (a comment, a reply, a reply to the reply); returns how
    many comments the thread's first page shows."""
    authors = [UserFactory() for _ in range(min(count, 5))]
    previous = None
    for n in range(count):
        parent = previous if n % 3 else None
        previous = CommentFactory(topic=topic, author=authors[n % len(authors)], parent=parent)
    return min(count, 3 * COMMENT_CONVERSATIONS_PER_PAGE)


@pytest.mark.parametrize("comments", [1, 200])
def test_topic_page_queries_are_constant_anonymous(client, django_assert_num_queries, comments):
    topic = TopicFactory()
    shown = _threaded_comments(topic, comments)
    OpinionFactory(topic=topic)
    url = topic.get_absolute_url()

    # Cold caches: which topic the address names, then every block of the page once
    # (the thread's page in three:
    # how many conversations, which ones, their comments).
    with django_assert_num_queries(15):
        response = client.get(url)

    assert response.content.decode().count('class="comment"') == shown


@pytest.mark.parametrize("comments", [1, 200])
def test_topic_page_queries_are_constant_for_the_proposer(
    client, django_assert_num_queries, comments
):
    topic = TopicFactory()
    shown = _threaded_comments(topic, comments)
    client.force_login(topic.proposer)

    with django_assert_num_queries(21):
        response = client.get(topic.get_absolute_url())

    assert response.content.decode().count('class="comment"') == shown


@pytest.mark.parametrize("comments", [1, 200])
def test_topic_page_for_a_member_reads_only_their_own_state_once_warm(
    client, django_assert_num_queries, comments
):
    """What every reader sees is cached until the next write; a member's view then costs
    their account, their activity on the topic (with their unread count and their
    organizer role) and their sponsorship activity, after their session."""
    topic = TopicFactory()
    shown = _threaded_comments(topic, comments)
    OpinionFactory(topic=topic)
    client.force_login(UserFactory())
    client.get(topic.get_absolute_url())

    with django_assert_num_queries(4):
        response = client.get(topic.get_absolute_url())

    assert response.content.decode().count('class="comment"') == shown


@pytest.mark.parametrize("topics", [1, 50])
def test_home_page_queries_are_constant(client, django_assert_num_queries, topics):
    channel = ChannelFactory()
    for _ in range(topics):
        topic = TopicFactory(channel=channel)
        CommentFactory(topic=topic)

    # The channels, the latest episodes, the next recordings, the topics gathering
    # support (count and page), the channel menu, and the versions.
    with django_assert_num_queries(7):
        response = client.get(reverse("home"))

    assert response.content.decode().count("topic-card") == min(topics, 12)


@pytest.mark.parametrize("topics", [1, 50])
def test_channel_page_queries_are_constant(client, django_assert_num_queries, topics):
    channel = ChannelFactory()
    for _ in range(topics):
        TopicFactory(channel=channel)

    with django_assert_num_queries(4):
        response = client.get(channel.get_absolute_url())

    assert response.content.decode().count("topic-card") == min(topics, 12)
