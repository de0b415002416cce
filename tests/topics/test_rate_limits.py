"""Members' repeated actions on a topic page are limited; only what is done counts."""

import pytest
from django.urls import reverse

from tests.factories import TopicFactory
from topics.models import Feedback, ParticipationRequest, ParticipationStatus

pytestmark = pytest.mark.django_db

FAST = "You are going a little fast. Please wait a few minutes before trying again."


def test_feedback_is_rate_limited_with_a_message_and_the_text_kept(member_client, settings):
    settings.MEMBER_RATE_LIMITS = {"feedback": "3/m"}
    topic = TopicFactory()
    url = reverse("topics:feedback_create", args=[topic.slug])

    statuses = [member_client.post(url, {"body": f"Idea {n}"}).status_code for n in range(3)]
    last = member_client.post(url, {"body": "One idea too many"})

    assert [*statuses, last.status_code] == [302, 302, 302, 429]
    page = last.content.decode()
    assert FAST in page
    assert "One idea too many</textarea>" in page
    assert sorted(Feedback.objects.values_list("body", flat=True)) == [
        "Idea 0",
        "Idea 1",
        "Idea 2",
    ]


def test_asking_to_take_part_and_withdrawing_in_a_loop_is_rate_limited(member_client, settings):
    settings.MEMBER_RATE_LIMITS = {"participation": "4/m"}
    topic = TopicFactory()
    ask = reverse("topics:participation_request_create", args=[topic.slug])

    statuses = []
    for _n in range(2):
        statuses.append(member_client.post(ask, {"role": "guest", "motivation": "Me"}).status_code)
        request = ParticipationRequest.objects.get(status=ParticipationStatus.PENDING)
        withdraw = reverse("topics:participation_request_withdraw", args=[request.pk])
        statuses.append(member_client.post(withdraw).status_code)
    last = member_client.post(ask, {"role": "guest", "motivation": "Once more"})

    assert [*statuses, last.status_code] == [302, 302, 302, 302, 429]
    page = last.content.decode()
    assert FAST in page
    assert "Once more</textarea>" in page
    assert list(ParticipationRequest.objects.values_list("status", flat=True)) == [
        ParticipationStatus.WITHDRAWN,
        ParticipationStatus.WITHDRAWN,
    ]


def test_a_withdrawal_over_the_limit_is_refused_with_a_message(member_client, settings):
    settings.MEMBER_RATE_LIMITS = {"participation": "1/m"}
    topic = TopicFactory()
    member_client.post(
        reverse("topics:participation_request_create", args=[topic.slug]),
        {"role": "guest", "motivation": "Me"},
    )
    request = ParticipationRequest.objects.get()

    response = member_client.post(
        reverse("topics:participation_request_withdraw", args=[request.pk]), follow=True
    )

    assert FAST in response.content.decode()
    request.refresh_from_db()
    assert request.status == ParticipationStatus.PENDING


def test_following_on_and_off_in_a_loop_is_rate_limited(member_client, member, settings):
    settings.MEMBER_RATE_LIMITS = {"follow": "3/m"}
    topic = TopicFactory()
    url = reverse("topics:topic_follow", args=[topic.slug])
    for choice in ("1", "0", "1"):
        member_client.post(url, {"follow": choice})

    response = member_client.post(url, {"follow": "0"}, follow=True)

    assert FAST in response.content.decode()
    assert list(topic.follows.values_list("member", flat=True)) == [member.pk]


def test_refused_attempts_do_not_use_up_the_allowance(member_client, settings):
    settings.MEMBER_RATE_LIMITS = {"participation": "2/m", "feedback": "1/m"}
    topic = TopicFactory()
    ask = reverse("topics:participation_request_create", args=[topic.slug])
    feedback = reverse("topics:feedback_create", args=[topic.slug])

    first = member_client.post(ask, {"role": "guest", "motivation": "Me"})
    duplicates = [
        member_client.post(ask, {"role": "host", "motivation": "Me again"}).status_code
        for _n in range(3)
    ]
    empty_feedback = member_client.post(feedback, {"body": ""})
    request = ParticipationRequest.objects.get()
    withdrawn = member_client.post(
        reverse("topics:participation_request_withdraw", args=[request.pk])
    )
    sent = member_client.post(feedback, {"body": "Real feedback"})
    too_many = member_client.post(feedback, {"body": "More feedback"})

    assert (first.status_code, duplicates, empty_feedback.status_code) == (302, [400] * 3, 400)
    request.refresh_from_db()
    assert (withdrawn.status_code, request.status) == (302, ParticipationStatus.WITHDRAWN)
    assert (sent.status_code, list(Feedback.objects.values_list("body", flat=True))) == (
        302,
        ["Real feedback"],
    )
    assert too_many.status_code == 429  # the one accepted feedback used the allowance
