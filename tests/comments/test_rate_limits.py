"""Comments and reports are rate limited; only what is done counts."""

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.factories import CommentFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_comment_posting_is_rate_limited_with_a_message(member_client):
    topic = TopicFactory()
    url = reverse("comments:comment_create", args=[topic.slug])

    statuses = [member_client.post(url, {"body": f"Comment {n}"}).status_code for n in range(7)]

    assert statuses == [302] * 6 + [429]
    assert topic.comments.count() == 6
    last = member_client.post(url, {"body": "Once more"})
    assert "You are going a little fast." in last.content.decode()
    assert "Once more</textarea>" in last.content.decode()


def test_reporting_is_rate_limited(member_client):
    comments = [CommentFactory() for _ in range(6)]

    statuses = [
        member_client.post(
            reverse("comments:comment_report", args=[c.pk]), {"reason": "Off topic"}
        ).status_code
        for c in comments
    ]

    assert statuses == [302] * 5 + [429]


def test_report_twice_is_refused_kindly(member_client):
    comment = CommentFactory()
    url = reverse("comments:comment_report", args=[comment.pk])

    member_client.post(url, {"reason": "Spam"})
    member_client.post(url, {"reason": "Spam again"})

    assert comment.reports.count() == 1


def test_comments_sent_back_for_errors_do_not_use_up_the_allowance(member_client, settings):
    settings.MEMBER_RATE_LIMITS = {"comment": "6/m"}
    topic = TopicFactory()
    url = reverse("comments:comment_create", args=[topic.slug])

    empty = [member_client.post(url, {"body": "  "}).status_code for _n in range(6)]
    real = member_client.post(url, {"body": "At last, something to say"})

    assert empty == [400] * 6
    assert real.status_code == 302
    assert list(Comment.objects.values_list("body", flat=True)) == ["At last, something to say"]


def test_a_report_refused_as_a_repeat_does_not_use_up_the_allowance(member_client, settings):
    settings.MEMBER_RATE_LIMITS = {"comment_report": "2/h"}
    comment, other = CommentFactory(), CommentFactory()
    report = reverse("comments:comment_report", args=[comment.pk])

    statuses = [member_client.post(report, {"reason": "Spam"}).status_code for _n in range(3)]
    statuses.append(member_client.post(report, {"reason": ""}).status_code)
    last = member_client.post(
        reverse("comments:comment_report", args=[other.pk]), {"reason": "Rude"}
    )

    assert [*statuses, last.status_code] == [302, 302, 302, 400, 302]
    assert other.reports.count() == 1
