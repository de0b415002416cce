"""The topic page says what the workflow really allows, and the services enforce it."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from sponsorship import services as sponsorship_services
from sponsorship.models import SponsorshipInterest
from tests.factories import ParticipationRequestFactory, TopicFactory, UserFactory
from tests.topics.conftest import ROLES
from tests.topics.test_personal_blocks import _normalised
from topics import services
from topics.forms import ParticipationRequestForm
from topics.models import Feedback, Opinion, ParticipationRequest, ParticipationStatus, TopicStatus

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


# The topic's own team ------------------------------------------------------------------

CONTRIBUTIONS = {
    "opinion": lambda topic, member: services.opinion_set(
        topic=topic, member=member, choice="essential"
    ),
    "feedback": lambda topic, member: services.feedback_create(
        topic=topic, author=member, body="Mine"
    ),
    "take_part": lambda topic, member: services.participation_request_create(
        topic=topic, applicant=member, role="guest", motivation="Mine"
    ),
}


@pytest.fixture
def team_topic():
    topic = TopicFactory()
    topic.co_proposers.add(UserFactory())
    return topic


def _team_member(topic, who):
    return topic.proposer if who == "proposer" else topic.co_proposers.get()


@pytest.mark.parametrize("who", ["proposer", "co_proposer"])
@pytest.mark.parametrize("action", CONTRIBUTIONS)
def test_services_refuse_contributions_from_the_topic_team(team_topic, who, action):
    with pytest.raises(ValidationError) as refused:
        CONTRIBUTIONS[action](team_topic, _team_member(team_topic, who))

    assert refused.value.messages == [
        "You bring this topic: opinions, feedback and requests to take part are for other members."
    ]
    assert (Opinion.objects.count(), Feedback.objects.count()) == (0, 0)
    assert ParticipationRequest.objects.count() == 0


@pytest.mark.parametrize("who", ["proposer", "co_proposer"])
def test_team_is_offered_no_contribution_form_and_a_post_is_refused(client, team_topic, who):
    client.force_login(_team_member(team_topic, who))
    page = client.get(team_topic.get_absolute_url()).content.decode()

    responses = [
        client.post(reverse(name, args=[team_topic.slug]), data, follow=True)
        for name, data in (
            ("topics:opinion_set", {"choice": "essential"}),
            ("topics:feedback_create", {"body": "Mine"}),
            ("topics:participation_request_create", {"role": "guest", "motivation": "Mine"}),
        )
    ]

    for action in ("opinion_set", "feedback_create", "participation_request_create"):
        assert reverse(f"topics:{action}", args=[team_topic.slug]) not in page
    assert [[str(m) for m in r.context["messages"]] for r in responses] == [
        ["This is not open to you on this topic."]
    ] * 3
    assert (Opinion.objects.count(), Feedback.objects.count()) == (0, 0)
    assert ParticipationRequest.objects.count() == 0


def test_other_members_are_still_offered_every_form(member_client, team_topic):
    page = member_client.get(team_topic.get_absolute_url()).content.decode()

    for action in ("opinion_set", "feedback_create", "participation_request_create"):
        assert reverse(f"topics:{action}", args=[team_topic.slug]) in page


# A published episode -------------------------------------------------------------------


@pytest.fixture
def published():
    return TopicFactory(status=TopicStatus.PUBLISHED, video_url="https://vimeo.com/1234567")


@pytest.mark.parametrize("reader", ["anonymous", "member"])
def test_published_topic_closes_requests_and_sponsor_offers(client, published, reader):
    if reader == "member":
        client.force_login(UserFactory())

    page = client.get(published.get_absolute_url()).content.decode()

    (take_part,) = re.findall(r'<section id="take-part".*?</section>', page, re.S)
    assert _text(take_part) == "Take part in the show Recording is over; requests are closed."
    (sponsor,) = re.findall(r'<section id="sponsor".*?</section>', page, re.S)
    assert _text(sponsor) == (
        "If I sponsored this subject? The episode is published; sponsor offers are closed."
    )
    assert reverse("sponsorship:interest_create", args=[published.slug]) not in page


def test_services_refuse_requests_and_sponsor_offers_once_published(published, member):
    with pytest.raises(ValidationError) as request_refused:
        services.participation_request_create(
            topic=published, applicant=member, role="guest", motivation="Late"
        )
    with pytest.raises(ValidationError) as offer_refused:
        sponsorship_services.sponsorship_interest_record(
            topic=published, member=member, organisation="Acme", contact_name="A",
            contact_email="a@example.com",
        )  # fmt: skip

    assert request_refused.value.messages == ["Recording is over; requests are closed."]
    assert offer_refused.value.messages == ["The episode is published; sponsor offers are closed."]
    assert (ParticipationRequest.objects.count(), SponsorshipInterest.objects.count()) == (0, 0)


def test_published_topic_refuses_a_posted_request_and_the_offer_page(member_client, published):
    response = member_client.post(
        reverse("topics:participation_request_create", args=[published.slug]),
        {"role": "guest", "motivation": "Late"},
        follow=True,
    )
    offer_page = member_client.get(reverse("sponsorship:interest_create", args=[published.slug]))

    assert [str(m) for m in response.context["messages"]] == [
        "Recording is over; requests are closed."
    ]
    assert offer_page.status_code == 403
    assert ParticipationRequest.objects.count() == 0


@pytest.mark.parametrize("status", [TopicStatus.PROPOSED, TopicStatus.PUBLISHED])
def test_shared_page_of_a_member_reads_like_their_page_alone(settings, status):
    topic = TopicFactory(status=status, video_url="https://vimeo.com/1234567")
    client = Client()
    client.force_login(UserFactory())
    client.get(topic.get_absolute_url())
    shared = client.get(topic.get_absolute_url()).content.decode()

    settings.PERSONAL_SHELL = False
    alone = client.get(topic.get_absolute_url()).content.decode()

    assert _normalised(shared) == _normalised(alone)


# Where the recording takes place -------------------------------------------------------

ADDRESS = "Studio B, 12 rue de la Paix, Paris"
ON_THE_SET = {"proposer", "co_proposer", "participant", "organizer"}


def _banner(page: str) -> str:
    (banner,) = re.findall(r'<div class="alert alert-info" id="recording">.*?</div>', page, re.S)
    return _text(banner)


def test_recording_banner_gives_the_address_to_those_on_the_set_only(client, world, as_role):
    topic = world["topic"]
    topic.status = TopicStatus.SCHEDULED
    topic.recording_at = datetime(2030, 1, 1, 14, 30, tzinfo=ZoneInfo("Europe/Paris"))
    topic.location_detail = ADDRESS
    topic.save()
    seen = {}

    # Both orders: a cached fragment never carries one reader's view to another.
    for role in [*ROLES, *reversed(ROLES)]:
        client.logout()
        page = as_role(role).get(topic.get_absolute_url()).content.decode()
        seen.setdefault(role, set()).add((_banner(page), ADDRESS in page))

    with_address = "Recording scheduled: Tue 1 Jan 2030, 14:30 (Europe/Paris) Where: " + ADDRESS
    without = (
        "Recording scheduled: Tue 1 Jan 2030, 14:30 (Europe/Paris) "
        "Where: In the Webcastory studios (the address is given to the participants)"
    )
    assert seen == {
        role: {(with_address, True) if role in ON_THE_SET else (without, False)} for role in ROLES
    }


def test_scheduling_mails_the_address_to_the_set_and_the_date_to_followers(world):
    topic = world["topic"]
    topic.status = TopicStatus.ACCEPTED
    topic.save()
    services.topic_follow(topic=topic, member=world["member"])

    services.topic_schedule(
        topic=topic,
        actor=world["organizer"],
        recording_at=datetime(2030, 1, 1, 14, 30, tzinfo=ZoneInfo("Europe/Paris")),
        location_detail=ADDRESS,
    )

    told = {
        name: (when, address)
        for name, when, address in Notification.objects.filter(kind="topic_scheduled").values_list(
            "recipient__full_name", "status_label", "message"
        )
    }
    assert told == {
        "Paula Proposer": ("2030-01-01 14:30", ADDRESS),
        "Cora Coproposer": ("2030-01-01 14:30", ADDRESS),
        "Pierre Participant": ("2030-01-01 14:30", ADDRESS),
        "Mona Member": ("2030-01-01 14:30", ""),
    }


def test_a_long_studio_address_reaches_the_set_whole(world):
    topic = world["topic"]
    topic.status = TopicStatus.ACCEPTED
    topic.save()
    address = "Studio B, " + "building C, staircase 4, fifth floor, " * 4 + "75002 Paris"

    services.topic_schedule(
        topic=topic,
        actor=world["organizer"],
        recording_at=datetime(2030, 1, 1, 14, 30, tzinfo=ZoneInfo("Europe/Paris")),
        location_detail=address,
    )

    assert len(address) > 150
    assert set(
        Notification.objects.filter(
            kind="topic_scheduled", recipient__full_name="Paula Proposer"
        ).values_list("message", flat=True)
    ) == {address}


def test_an_applicant_still_reads_their_request_once_published(client, published):
    applicant = UserFactory()
    ParticipationRequestFactory(
        topic=published, applicant=applicant, status="accepted", decision_message="Welcome!"
    )
    client.force_login(applicant)

    page = client.get(published.get_absolute_url()).content.decode()

    (take_part,) = re.findall(r'<section id="take-part".*?</section>', page, re.S)
    assert _text(take_part) == (
        "Take part in the show Your request as “Guest expert” is Accepted. Welcome! "
        "Recording is over; requests are closed."
    )


def test_an_accepted_participant_cannot_withdraw_once_published(client, published):
    applicant = UserFactory()
    request = ParticipationRequestFactory(topic=published, applicant=applicant, status="accepted")
    client.force_login(applicant)

    response = client.post(reverse("topics:participation_request_withdraw", args=[request.pk]))

    request.refresh_from_db()
    assert request.status == "accepted"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Recording is over; requests are closed."
    ]


def test_a_declined_topic_says_it_is_no_longer_public_where_a_draft_is_not_found(client):
    declined = TopicFactory(status=TopicStatus.DECLINED, submitted_at=timezone.now())
    draft = TopicFactory(status=TopicStatus.DRAFT)
    client.force_login(UserFactory())

    gone = client.get(declined.get_absolute_url())
    missing = client.get(draft.get_absolute_url())

    assert (gone.status_code, missing.status_code) == (410, 404)
    assert "This topic is no longer public" in gone.content.decode()
    assert declined.title not in gone.content.decode()
