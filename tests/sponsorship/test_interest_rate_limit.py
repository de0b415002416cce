"""Sponsor interest, then withdraw, in a loop: limited like the topic page's actions."""

import pytest
from django.urls import reverse

from sponsorship.models import InterestStatus, SponsorshipInterest
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

FAST = "You are going a little fast. Please wait a few minutes before trying again."


def _interest(client, topic, organisation):
    return client.post(
        reverse("sponsorship:interest_create", args=[topic.slug]),
        {
            "organisation": organisation,
            "contact_name": "Ann",
            "contact_email": "ann@example.com",
            "support_kind": "partner",
            "budget_band": "undisclosed",
            "message": "",
        },
    )


def test_sponsor_interest_is_rate_limited_and_refusals_do_not_count(member_client, settings):
    settings.MEMBER_RATE_LIMITS = {"sponsor_interest": "2/m"}
    topic = TopicFactory()

    first = _interest(member_client, topic, "Acme")
    duplicate = _interest(member_client, topic, "Acme again")  # refused: does not count
    member_client.post(
        reverse("sponsorship:interest_withdraw", args=[SponsorshipInterest.objects.get().pk])
    )
    second = _interest(member_client, topic, "Acme Two")
    member_client.post(
        reverse(
            "sponsorship:interest_withdraw",
            args=[SponsorshipInterest.objects.get(organisation="Acme Two").pk],
        )
    )
    third = _interest(member_client, topic, "Acme Three")

    assert [r.status_code for r in (first, duplicate, second, third)] == [302, 400, 302, 429]
    assert FAST in third.content.decode()
    assert 'value="Acme Three"' in third.content.decode()
    assert list(
        SponsorshipInterest.objects.order_by("pk").values_list("organisation", "status")
    ) == [
        ("Acme", InterestStatus.WITHDRAWN),
        ("Acme Two", InterestStatus.WITHDRAWN),
    ]
