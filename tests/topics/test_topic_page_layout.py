"""A member's topic page reads: calls to action that open in place, the aside before the
discussion in the page's order."""

import pytest

from tests.factories import CommentFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_members_forms_are_behind_calls_to_action(client):
    topic = TopicFactory()
    client.force_login(UserFactory())

    page = client.get(topic.get_absolute_url()).content.decode()

    assert page.count('<details class="call-to-action">') == 3  # opinion, feedback, take part
    assert "Here's my feedback</h2></summary>" in page
    assert "Take part in the show</h2></summary>" in page
    assert ">My opinion</summary>" in page


def test_a_form_sent_back_with_errors_is_open(client):
    topic = TopicFactory()
    client.force_login(UserFactory())

    response = client.post(f"/topics/{topic.slug}/feedback/", {"body": ""})

    assert response.status_code == 400
    assert '<details class="call-to-action" open>' in response.content.decode()


def test_the_aside_comes_before_the_discussion_in_the_page(client):
    topic = TopicFactory()
    CommentFactory(topic=topic)

    page = client.get(topic.get_absolute_url()).content.decode()

    order = [
        page.index(marker)
        for marker in (
            'class="topic-main"',
            'id="brought-heading"',
            'id="infos-heading"',
            'id="opinion-heading"',
            'class="topic-discussion"',
            'id="comments-heading"',
        )
    ]
    assert order == sorted(order)
