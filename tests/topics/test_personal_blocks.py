"""Members without a role on a topic get a shared page with their own blocks filled in;
it must read exactly as the page rendered for them alone."""

import re

import pytest
from django.test import Client

from sponsorship.models import Response
from tests.factories import (
    FeedbackFactory,
    OpinionFactory,
    ParticipationRequestFactory,
    SponsorshipInterestFactory,
    TopicFactory,
    UserFactory,
    questionnaire_with_every_kind,
)
from topics import personal
from topics.models import TopicFollow

pytestmark = pytest.mark.django_db

CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _normalised(html: str) -> str:
    # Every rendering masks the CSRF secret afresh.
    return CSRF_VALUE.sub('name="csrfmiddlewaretoken" value="…"', html)


@pytest.fixture
def busy_member():
    """A member who did everything a member can do on one topic."""
    topic = TopicFactory()
    member = UserFactory(full_name="Busy Member")
    questionnaire = questionnaire_with_every_kind(topic=topic)
    OpinionFactory(topic=topic, member=member)
    FeedbackFactory(topic=topic, author=member)
    ParticipationRequestFactory(topic=topic, applicant=member)
    SponsorshipInterestFactory(topic=topic, member=member, organisation="Busy Corp")
    TopicFollow.objects.create(topic=topic, member=member)
    Response.objects.create(questionnaire=questionnaire, respondent=member)
    return topic, member


@pytest.mark.parametrize("language", ["en", "fr"])
def test_shared_page_reads_like_the_page_rendered_alone(busy_member, settings, language):
    topic, member = busy_member
    member.preferred_language = language
    member.save()
    client = Client()
    client.force_login(member)
    client.get(topic.get_absolute_url())  # a first rendering fills the caches
    shared = client.get(topic.get_absolute_url()).content.decode()

    settings.PERSONAL_SHELL = False
    alone = client.get(topic.get_absolute_url()).content.decode()

    assert _normalised(shared) == _normalised(alone)
    # Every personal block of the page is there, filled in for this member.
    for expected in (
        "Busy Member",  # member menu
        "Unfollow" if language == "en" else "Ne plus suivre",
        "Busy Corp",
    ):
        assert expected in shared


def test_shared_page_never_shows_a_marker_or_a_placeholder(busy_member):
    topic, member = busy_member
    client = Client()
    client.force_login(member)
    client.get(topic.get_absolute_url())

    page = client.get(topic.get_absolute_url()).content.decode()

    assert "<!--personal-" not in page
    assert personal.csrf_placeholder() not in page


def test_two_members_share_the_page_but_not_their_blocks(busy_member):
    topic, member = busy_member
    busy, other = Client(), Client()
    busy.force_login(member)
    other.force_login(UserFactory(full_name="Other Reader"))

    busy_page = busy.get(topic.get_absolute_url()).content.decode()
    other_page = other.get(topic.get_absolute_url()).content.decode()

    assert "Busy Corp" in busy_page and "Busy Corp" not in other_page
    assert "Other Reader" in other_page and "Busy Member" not in other_page


def test_members_with_a_role_never_get_the_shared_page(busy_member):
    topic, member = busy_member
    FeedbackFactory(topic=topic, author=UserFactory(), body="Only the team reads this")
    reader = Client()
    reader.force_login(member)
    reader.get(topic.get_absolute_url())  # the shared rendering is cached
    proposer = Client()
    proposer.force_login(topic.proposer)

    page = proposer.get(topic.get_absolute_url()).content.decode()

    assert "Only the team reads this" in page
    assert "Only the team reads this" not in reader.get(topic.get_absolute_url()).content.decode()
