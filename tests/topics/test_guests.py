"""Guests: an accepted participant confirms (bio for the credits, dated consent) or
declines, in the site; organizers see who confirmed, their address and their consent."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from tests.factories import ChannelFactory, TopicFactory, UserFactory
from topics import services
from topics.models import ParticipationStatus, TopicStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(django_capture_on_commit_callbacks):
    channel = ChannelFactory()
    organizer = UserFactory(full_name="Olivia Organizer")
    channel.organizers.add(organizer)
    topic = TopicFactory(channel=channel, status=TopicStatus.ACCEPTED, title="Grid storage")
    guest = UserFactory(full_name="Gina Guest", email="gina@example.com")
    request = services.participation_request_create(
        topic=topic, applicant=guest, role="guest", motivation="I built one"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.participation_request_decide(
            request=request, status=ParticipationStatus.ACCEPTED, actor=organizer
        )
    return request, guest, organizer


def _answer(client, request, **data):
    return client.post(reverse("topics:guest_answer", args=[request.pk]), data, follow=True)


def test_the_acceptance_mail_leads_to_the_invitation(invited):
    request, guest, _organizer = invited

    invitation = [m for m in mail.outbox if m.to == [guest.email]][-1]

    assert reverse("topics:guest_answer", args=[request.pk]) in invitation.body


def test_a_guest_confirms_with_a_bio_and_consent_and_the_organizers_see_it(client, invited):
    request, guest, organizer = invited
    client.force_login(guest)

    page = _answer(
        client, request, answer="confirmed", credits_bio="Storage engineer", consent="on"
    ).content.decode()

    assert "Thank you: the organizers have your answer." in page
    request.refresh_from_db()
    assert (request.guest_answer, request.credits_bio) == ("confirmed", "Storage engineer")
    assert request.consent_at is not None
    told = Notification.objects.get(recipient=organizer, kind="guest_answer")
    assert "Gina Guest" in told.actor_name and told.status_label == "Confirmed"
    client.force_login(organizer)
    desk = client.get(reverse("topics:workspace_topic", args=[request.topic.slug]))
    desk = desk.content.decode()
    assert "mailto:gina@example.com" in desk
    assert "consented to filming and publication on" in desk
    assert "Credits: Storage engineer" in desk


def test_confirming_without_consent_is_refused_on_the_form(client, invited):
    request, guest, _organizer = invited
    client.force_login(guest)

    response = client.post(
        reverse("topics:guest_answer", args=[request.pk]), {"answer": "confirmed"}
    )

    assert response.status_code == 400
    assert "To take part, consent to being filmed" in response.content.decode()
    request.refresh_from_db()
    assert (request.guest_answer, request.consent_at) == ("", None)


def test_a_guest_withdraws_consent_before_publication_not_after(client, invited):
    request, guest, organizer = invited
    client.force_login(guest)
    _answer(client, request, answer="confirmed", consent="on")

    _answer(client, request, answer="declined")
    request.refresh_from_db()
    assert (request.guest_answer, request.consent_at) == ("declined", None)

    _answer(client, request, answer="confirmed", consent="on")
    topic = request.topic
    services.topic_schedule(
        topic=topic, actor=organizer, recording_at=timezone.now() + timedelta(days=3)
    )
    services.topic_mark_recorded(topic=topic, actor=organizer)
    services.topic_publish(topic=topic, actor=organizer, video_url="https://vimeo.com/1234567")
    page = client.get(reverse("topics:guest_answer", args=[request.pk])).content.decode()
    assert "can no longer change" in page
    response = client.post(
        reverse("topics:guest_answer", args=[request.pk]), {"answer": "declined"}
    )
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.guest_answer == "confirmed" and request.consent_at is not None


@pytest.mark.parametrize("who", ["organizer", "stranger"])
def test_only_the_guest_answers(client, invited, who):
    request, _guest, organizer = invited
    client.force_login(organizer if who == "organizer" else UserFactory())

    response = client.post(
        reverse("topics:guest_answer", args=[request.pk]),
        {"answer": "declined"},
    )

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.guest_answer == ""


def test_my_space_offers_the_invitation(client, invited):
    request, guest, _organizer = invited
    client.force_login(guest)

    page = client.get(reverse("topics:my_space")).content.decode()

    assert "Answer the invitation" in page
    assert reverse("topics:guest_answer", args=[request.pk]) in page


def test_an_organizer_writes_to_a_guest_and_the_message_stays_with_the_topic(
    client, invited, django_capture_on_commit_callbacks
):
    request, guest, organizer = invited
    client.force_login(organizer)

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            reverse("topics:workspace_guest_message", args=[request.pk]),
            {"body": "Studio B, bring your slides"},
            follow=True,
        ).content.decode()

    assert "Your message is sent to Gina Guest and kept with the topic." in page
    assert "Studio B, bring your slides" in page  # on the workspace page
    mailed = [m for m in mail.outbox if m.to == [guest.email]][-1]
    assert "Studio B, bring your slides" in mailed.body
    client.force_login(guest)
    invitation = client.get(reverse("topics:guest_answer", args=[request.pk])).content.decode()
    assert "Messages from the organizers" in invitation
    assert "Studio B, bring your slides" in invitation


@pytest.mark.parametrize("who", ["guest", "another_channels_organizer"])
def test_only_the_channels_organizers_write_to_its_participants(client, invited, who):
    request, guest, _organizer = invited
    user = guest
    if who != "guest":
        user = UserFactory()
        ChannelFactory().organizers.add(user)
    client.force_login(user)

    response = client.post(
        reverse("topics:workspace_guest_message", args=[request.pk]), {"body": "Hi"}
    )

    assert response.status_code == 403
    assert not request.messages.exists()


def test_an_empty_message_is_refused_with_a_clear_word(client, invited):
    request, _guest, organizer = invited
    client.force_login(organizer)

    page = client.post(
        reverse("topics:workspace_guest_message", args=[request.pk]), {"body": ""}, follow=True
    ).content.decode()

    assert "This field is required." in page
    assert not request.messages.exists()


def test_an_answer_outside_the_choices_is_refused(invited):
    from django.core.exceptions import ValidationError

    request, guest, _organizer = invited

    for answer in ("", "maybe"):
        with pytest.raises(ValidationError):
            services.guest_answer_give(request=request, by=guest, answer=answer, consent=True)


def test_a_guest_the_organizers_decline_keeps_no_consent(client, invited):
    request, guest, organizer = invited
    services.guest_answer_give(request=request, by=guest, answer="confirmed", consent=True)

    services.participation_request_decide(
        request=request, status=ParticipationStatus.DECLINED, actor=organizer
    )

    request.refresh_from_db()
    assert (request.guest_answer, request.consent_at) == ("", None)


def test_the_admin_shows_a_guests_consent_but_cannot_change_it(client, invited):
    request, guest, _organizer = invited
    services.guest_answer_give(request=request, by=guest, answer="confirmed", consent=True)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(
        reverse("admin:topics_participationrequest_change", args=[request.pk])
    ).content.decode()

    assert 'name="consent_at_0"' not in page and 'name="guest_answer"' not in page


def test_no_publication_without_every_accepted_guests_consent(client, invited):
    from django.core.exceptions import ValidationError

    request, guest, organizer = invited
    topic = request.topic
    services.topic_schedule(
        topic=topic, actor=organizer, recording_at=timezone.now() + timedelta(days=3)
    )
    services.topic_mark_recorded(topic=topic, actor=organizer)
    client.force_login(organizer)

    page = client.post(
        reverse("topics:workspace_topic_publish", args=[topic.slug]),
        {"video_url": "https://vimeo.com/1234567"},
    ).content.decode()

    assert "no consent to being filmed and published from Gina Guest" in page
    topic.refresh_from_db()
    assert topic.status == TopicStatus.RECORDED
    services.guest_answer_give(request=request, by=guest, answer="confirmed", consent=True)
    services.topic_publish(topic=topic, actor=organizer, video_url="https://vimeo.com/1234567")
    # Taken off the site, a guest can no longer withdraw: the recording is over.
    services.topic_unpublish(topic=topic, actor=organizer, reason="A better cut")
    with pytest.raises(ValidationError):
        services.guest_answer_give(request=request, by=guest, answer="declined")
