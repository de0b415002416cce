"""Posting and replying from the topic page, and a comment's own page for each role."""

import pytest
from django.urls import reverse

from comments.models import REPLIES_SHOWN, Comment
from tests.factories import CommentFactory, TopicFactory, UserFactory
from topics.models import TopicStatus

pytestmark = pytest.mark.django_db


def test_comment_reply_and_permalink(member_client):
    topic = TopicFactory()
    parent = CommentFactory(topic=topic)

    response = member_client.post(
        reverse("comments:comment_create", args=[topic.slug]),
        {"body": "I agree", "parent": parent.pk},
    )

    reply = Comment.objects.get(parent=parent)
    assert response["Location"] == f"{topic.get_absolute_url()}#comment-{reply.pk}"
    page = member_client.get(topic.get_absolute_url()).content.decode()
    assert f'id="comment-{reply.pk}"' in page


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("x" * 5001, "Ensure this value has at most 5000 characters"),
        ("   ", "This field is required."),
    ],
)
def test_comment_refused_on_the_form_keeps_what_was_written(member_client, body, message):
    topic = TopicFactory()

    response = member_client.post(
        reverse("comments:comment_create", args=[topic.slug]), {"body": body}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert body.strip() in page
    assert not Comment.objects.exists()


def test_deep_replies_still_attach_to_their_parent(client):
    topic = TopicFactory()
    parent = None
    for _level in range(6):
        parent = CommentFactory(topic=topic, parent=parent)

    on_topic_page = client.get(topic.get_absolute_url()).content.decode()
    conversation = client.get(parent.get_absolute_url()).content.decode()

    # The first comment and its first replies, nested, on the topic page...
    assert on_topic_page.count('<ul class="comment-thread') == 1 + REPLIES_SHOWN
    # ...and every reply, still nested under its parent, on the conversation's page.
    assert conversation.count('<ul class="comment-thread') == 6


def test_comment_page_offers_each_role_its_actions(client):
    comment = CommentFactory(body="Look at me")
    url = reverse("comments:comment_detail", args=[comment.pk])
    from tests.factories import OrganizerFactory

    anonymous = client.get(url).content.decode()
    assert "Look at me" in anonymous
    assert f"/accounts/login/?next=/comments/{comment.pk}/%23reply" in anonymous

    client.force_login(comment.author)
    author = client.get(url).content.decode()
    assert ">Edit</a>" in author and ">Delete</a>" in author and "Useful</button>" not in author

    client.force_login(UserFactory())
    member = client.get(url).content.decode()
    assert "Useful</button>" in member and ">Report</a>" in member and ">Edit</a>" not in member
    assert f"Your reply to {comment.author.display_name}" in member

    client.force_login(OrganizerFactory())
    assert ">Hide</button>" in client.get(url).content.decode()


def test_comment_page_of_a_draft_topic_is_hidden(client):
    comment = CommentFactory(topic=TopicFactory(status=TopicStatus.DRAFT))

    assert client.get(reverse("comments:comment_detail", args=[comment.pk])).status_code == 404
