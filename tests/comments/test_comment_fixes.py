"""Deleting asks first; a deleted comment takes no reply; the edit window says it is over."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment():
    return CommentFactory(body="Hydrogen is overrated")


def test_deleting_asks_for_confirmation_on_a_page_of_its_own(client, comment):
    client.force_login(comment.author)
    url = reverse("comments:comment_delete", args=[comment.pk])

    page = client.get(url).content.decode()

    assert '<h1 class="h3">Delete this comment?</h1>' in page
    assert "Hydrogen is overrated" in page
    assert Comment.objects.get(pk=comment.pk).deleted_at is None

    client.post(url)
    assert Comment.objects.get(pk=comment.pk).deleted_at is not None


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("member", 403)])
def test_only_its_author_gets_the_confirmation_page(client, comment, who, status):
    if who == "member":
        client.force_login(UserFactory())

    response = client.get(reverse("comments:comment_delete", args=[comment.pk]))

    assert response.status_code == status


def test_the_comment_page_links_the_confirmation_and_a_confirm_step(client, comment):
    client.force_login(comment.author)
    delete_url = reverse("comments:comment_delete", args=[comment.pk])

    page = client.get(reverse("comments:comment_detail", args=[comment.pk])).content.decode()

    assert (
        f'<a class="btn btn-outline-danger btn-sm" href="{delete_url}" '
        'data-confirm-submit="comment-delete-form" '
        'data-confirm="Delete this comment? Its text goes for good.">Delete</a>'
    ) in page
    assert f'<form id="comment-delete-form" method="post" action="{delete_url}" hidden>' in page


def test_a_deleted_comment_offers_no_reply(client, comment):
    comment.deleted_at = timezone.now()
    comment.save()
    client.force_login(UserFactory())

    topic_page = client.get(comment.topic.get_absolute_url()).content.decode()
    comment_page = client.get(
        reverse("comments:comment_detail", args=[comment.pk])
    ).content.decode()

    assert "data-reply-to" not in topic_page
    assert ">Reply<" not in topic_page
    assert 'id="reply"' not in comment_page


def test_a_reply_to_a_deleted_comment_is_refused(client, comment):
    comment.deleted_at = timezone.now()
    comment.save()
    client.force_login(UserFactory())

    response = client.post(
        reverse("comments:comment_create", args=[comment.topic.slug]),
        {"body": "Late answer", "parent": comment.pk},
    )

    assert response.status_code == 400
    assert "it takes no more replies" in response.content.decode()
    assert Comment.objects.filter(body="Late answer").count() == 0


def test_a_live_comment_offers_the_inline_reply(client, comment):
    client.force_login(UserFactory())

    page = client.get(comment.topic.get_absolute_url()).content.decode()

    assert f'data-reply-to="{comment.pk}"' in page
    assert 'id="comment-form"' in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_after_the_edit_window_its_author_is_told_clearly(client, comment, method):
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    client.force_login(comment.author)

    response = getattr(client, method)(
        reverse("comments:comment_edit", args=[comment.pk]), {"body": "Changed"}, follow=True
    )

    assert response.redirect_chain == [(reverse("comments:comment_detail", args=[comment.pk]), 302)]
    assert (
        "Comments can be edited for 15 minutes after posting: this one can no longer be "
        "edited. You may still delete it, or reply to it to add something."
    ) in response.content.decode()
    assert Comment.objects.get(pk=comment.pk).body == "Hydrogen is overrated"


def test_someone_else_still_gets_access_denied_on_the_edit_page(client, comment):
    client.force_login(UserFactory())

    response = client.get(reverse("comments:comment_edit", args=[comment.pk]))

    assert response.status_code == 403
