"""The topic page says what the workflow really allows, and the services enforce it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ParticipationRequestFactory, TopicFactory
from topics.forms import ParticipationRequestForm
from topics.models import ParticipationRequest, ParticipationStatus

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    """What a reader sees of an HTML fragment: its text, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


# The take-part form -------------------------------------------------------------------


def test_take_part_form_offers_no_blank_role_and_chooses_none():
    html = ParticipationRequestForm().as_p()

    assert "---------" not in html
    assert re.findall(r'<input type="radio" name="role" value="([^"]*)"[^>]*>', html) == [
        "guest",
        "host",
        "audience",
    ]
    assert re.findall(r'<input type="radio" name="role"[^>]*checked', html) == []


def test_take_part_without_a_role_says_so_and_keeps_the_text(member_client):
    topic = TopicFactory()

    response = member_client.post(
        reverse("topics:participation_request_create", args=[topic.slug]),
        {"motivation": "I host a podcast"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose the role you would like on the set." in page
    assert "I host a podcast</textarea>" in page
    assert ParticipationRequest.objects.count() == 0


# The public count of requests to take part ---------------------------------------------


def test_public_count_of_requests_counts_live_ones_only():
    topic = TopicFactory()
    for status in ParticipationStatus.values:
        ParticipationRequestFactory(topic=topic, status=status)

    page = Client().get(topic.get_absolute_url()).content.decode()

    (figure,) = re.findall(r"Requests to take part</dt>\s*<dd[^>]*>(\d+)</dd>", page)
    assert figure == "2"  # pending and accepted; not declined or withdrawn


def test_withdrawing_a_request_lowers_the_public_count(member_client, member):
    topic = TopicFactory()
    request = ParticipationRequestFactory(topic=topic, applicant=member)
    visitor = Client()
    before = visitor.get(topic.get_absolute_url()).content.decode()

    member_client.post(reverse("topics:participation_request_withdraw", args=[request.pk]))

    after = visitor.get(topic.get_absolute_url()).content.decode()
    pattern = r"Requests to take part</dt>\s*<dd[^>]*>(\d+)</dd>"
    assert (re.findall(pattern, before), re.findall(pattern, after)) == (["1"], ["0"])
