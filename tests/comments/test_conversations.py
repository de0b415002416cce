"""Long conversations: the topic page shows the first replies, the conversation's own
page all of them, so a page costs the same whatever the conversations' length."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments import services as comment_services
from comments.models import CONVERSATION_REPLIES_PER_PAGE, REPLIES_SHOWN, Comment
from tests.factories import CommentFactory, TopicFactory
from topics.models import TopicStatus

pytestmark = pytest.mark.django_db


def _conversation(topic, replies: int):
    root = CommentFactory(topic=topic, body="The opening words")
    made, parent = [], root
    for n in range(replies):
        # Replies to the first comment and to each other, as people do.
        parent = CommentFactory(topic=topic, parent=root if n % 2 else parent, body=f"Reply {n}")
        made.append(parent)
    return root, made


def test_the_topic_page_shows_the_first_replies_and_links_to_the_rest():
    topic = TopicFactory()
    root, _replies = _conversation(topic, REPLIES_SHOWN + 2)

    page = Client().get(topic.get_absolute_url()).content.decode()

    assert page.count('class="comment"') == 1 + REPLIES_SHOWN
    assert "See 2 more replies in this conversation" in page
    assert f"/comments/{root.pk}/conversation/" in page


def test_the_conversation_page_shows_every_reply_where_its_address_says():
    topic = TopicFactory()
    root, replies = _conversation(topic, REPLIES_SHOWN + 2)
    last = replies[-1]

    url = last.get_absolute_url()
    page = Client().get(url).content.decode()

    assert url.startswith(f"/comments/{root.pk}/conversation/")
    assert url.endswith(f"#comment-{last.pk}")
    assert page.count('class="comment"') == 1 + len(replies)
    assert f'id="comment-{last.pk}"' in page
    # The first replies still point at the topic page.
    assert replies[0].get_absolute_url().startswith(topic.get_absolute_url())


def test_a_long_conversation_is_paged_and_each_reply_finds_its_page():
    topic = TopicFactory()
    _root, replies = _conversation(topic, CONVERSATION_REPLIES_PER_PAGE + 5)
    late = replies[-1]

    url = late.get_absolute_url()
    page = Client().get(url).content.decode()

    assert "?page=2#" in url
    assert f'id="comment-{late.pk}"' in page
    assert page.count('class="comment"') == 1 + 5


@pytest.mark.parametrize("replies", [REPLIES_SHOWN, 60])
def test_a_topic_page_costs_the_same_whatever_a_conversation_holds(replies):
    topic = TopicFactory()
    _conversation(topic, replies)

    with CaptureQueriesContext(connection) as queries:
        page = Client().get(topic.get_absolute_url()).content.decode()

    assert page.count('class="comment"') == 1 + REPLIES_SHOWN
    assert len(queries) == 15


def test_a_new_reply_shows_on_the_conversation_page_at_once():
    topic = TopicFactory()
    root, replies = _conversation(topic, REPLIES_SHOWN + 1)
    conversation = f"/comments/{root.pk}/conversation/"
    visitor = Client()
    visitor.get(conversation)
    assert visitor.get(conversation)["X-Page-Cache"] == "hit"

    reply = comment_services.comment_create(
        topic=topic, author=replies[0].author, body="Late to the party", parent=root
    )

    page = visitor.get(conversation).content.decode()
    assert f'id="comment-{reply.pk}"' in page


def test_a_reply_dated_before_its_parent_stays_in_its_conversation():
    topic = TopicFactory()
    root, replies = _conversation(topic, REPLIES_SHOWN + 2)
    # Dates edited out of order (the admin, clocks): a late reply now looks early.
    late = replies[-1]
    Comment.objects.filter(pk=late.pk).update(created_at=root.created_at)

    response = Client().get(topic.get_absolute_url())

    assert response.status_code == 200
    assert response.content.decode().count('class="comment"') == 1 + REPLIES_SHOWN


def test_the_conversation_of_a_topic_not_public_is_not_found():
    topic = TopicFactory(status=TopicStatus.DRAFT)
    root, _replies = _conversation(topic, 1)

    response = Client().get(f"/comments/{root.pk}/conversation/")

    assert response.status_code == 404
