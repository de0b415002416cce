"""After "scheduled": recorded, in post-production, published; a cancelled recording
and a follow-up episode."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from notifications.models import Notification
from tests.factories import ChannelFactory, TopicFactory, UserFactory
from topics import services
from topics.models import ParticipationStatus, Topic, TopicStatus

pytestmark = pytest.mark.django_db

VIDEO = "https://vimeo.com/76979871"


@pytest.fixture
def scheduled(django_capture_on_commit_callbacks):
    channel = ChannelFactory()
    organizer = UserFactory(full_name="Olivia Organizer", email="olivia@example.com")
    channel.organizers.add(organizer)
    proposer = UserFactory(email="paula@example.com")
    topic = TopicFactory(channel=channel, status=TopicStatus.ACCEPTED, proposer=proposer)
    guest = UserFactory(full_name="Gina Guest", email="gina@example.com")
    request = services.participation_request_create(
        topic=topic, applicant=guest, role="guest", motivation="Me"
    )
    services.participation_request_decide(
        request=request, status=ParticipationStatus.ACCEPTED, actor=organizer
    )
    services.guest_answer_give(request=request, by=guest, answer="confirmed", consent=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_schedule(
            topic=topic, actor=organizer, recording_at=timezone.now() + timedelta(days=3)
        )
    mail.outbox.clear()
    return topic, organizer, request


def _calendar_parts():
    return [
        Calendar.from_ical(content)
        for message in mail.outbox
        for name, content, _kind in message.attachments
        if name == "invite.ics"
    ]


def _event(calendar):
    return next(c for c in calendar.walk() if c.name == "VEVENT")


def test_an_episode_is_published_only_once_recorded(scheduled):
    topic, organizer, _request = scheduled

    with pytest.raises(ValidationError):
        services.topic_publish(topic=topic, actor=organizer, video_url=VIDEO)

    services.topic_mark_recorded(topic=topic, actor=organizer)
    services.topic_post_production_start(topic=topic, actor=organizer)
    services.topic_publish(topic=topic, actor=organizer, video_url=VIDEO)

    topic.refresh_from_db()
    assert topic.status == TopicStatus.PUBLISHED
    moves = list(topic.transitions.filter(subject="topic").values_list("to_status", flat=True))
    assert moves[:3] == [TopicStatus.PUBLISHED, TopicStatus.POST_PRODUCTION, TopicStatus.RECORDED]


def test_recorded_closes_waiting_requests_and_new_ones(scheduled):
    topic, organizer, accepted = scheduled
    late = UserFactory()
    waiting = services.participation_request_create(
        topic=topic, applicant=late, role="guest", motivation="Late"
    )

    services.topic_mark_recorded(topic=topic, actor=organizer)

    waiting.refresh_from_db()
    accepted.refresh_from_db()
    assert waiting.status == ParticipationStatus.CLOSED
    assert accepted.status == ParticipationStatus.ACCEPTED
    assert late.notifications.filter(kind="participation_decision").exists()
    with pytest.raises(ValidationError):
        services.participation_request_create(
            topic=topic, applicant=UserFactory(), role="guest", motivation="Too late"
        )


def test_a_guest_may_withdraw_consent_until_publication(scheduled):
    topic, organizer, request = scheduled
    services.topic_mark_recorded(topic=topic, actor=organizer)

    services.guest_answer_give(request=request, by=request.applicant, answer="declined")
    with pytest.raises(ValidationError, match="consent"):
        services.topic_publish(topic=topic, actor=organizer, video_url=VIDEO)

    services.guest_answer_give(
        request=request, by=request.applicant, answer="confirmed", consent=True
    )
    services.topic_publish(topic=topic, actor=organizer, video_url=VIDEO)
    with pytest.raises(ValidationError):
        services.guest_answer_give(request=request, by=request.applicant, answer="declined")


def test_unpublishing_sends_the_episode_back_to_post_production(scheduled):
    topic, organizer, _request = scheduled
    services.topic_mark_recorded(topic=topic, actor=organizer)
    services.topic_publish(topic=topic, actor=organizer, video_url=VIDEO)

    services.topic_unpublish(topic=topic, actor=organizer, reason="Wrong cut")

    topic.refresh_from_db()
    assert topic.status == TopicStatus.POST_PRODUCTION
    assert topic.video_url == VIDEO
    services.topic_publish(topic=topic, actor=organizer, video_url=VIDEO)
    assert Topic.objects.get(pk=topic.pk).status == TopicStatus.PUBLISHED


def test_a_cancelled_recording_is_removed_from_calendars_and_may_be_scheduled_again(
    scheduled, django_capture_on_commit_callbacks
):
    topic, organizer, _request = scheduled

    with pytest.raises(ValidationError):
        services.topic_recording_cancel(topic=topic, actor=organizer, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_recording_cancel(topic=topic, actor=organizer, reason="Guest ill")

    topic.refresh_from_db()
    assert topic.status == TopicStatus.ACCEPTED
    cancellations = _calendar_parts()
    assert {m.to[0] for m in mail.outbox} == {
        "paula@example.com",
        "gina@example.com",
    }
    assert all(str(c["method"]) == "CANCEL" for c in cancellations)
    assert {int(_event(c)["sequence"]) for c in cancellations} == {1}
    assert topic.proposer.notifications.filter(kind="recording_cancelled").exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_schedule(
            topic=topic, actor=organizer, recording_at=timezone.now() + timedelta(days=9)
        )
    again = _calendar_parts()
    assert again and all(str(c["method"]) == "REQUEST" for c in again)
    assert {int(_event(c)["sequence"]) for c in again} == {2}
    assert {str(_event(c)["uid"]) for c in again} == {str(_event(cancellations[0])["uid"])}


def test_a_follow_up_is_an_accepted_topic_of_its_own(scheduled):
    topic, organizer, _request = scheduled
    with pytest.raises(ValidationError):
        services.topic_follow_up_create(
            topic=topic, actor=organizer, title="Part two", summary="More"
        )
    services.topic_mark_recorded(topic=topic, actor=organizer)

    follow_up = services.topic_follow_up_create(
        topic=topic, actor=organizer, title="Part two", summary="What we did not cover"
    )

    follow_up.refresh_from_db()
    assert follow_up.follow_up_of == topic
    assert follow_up.status == TopicStatus.ACCEPTED
    assert follow_up.proposer == topic.proposer
    assert follow_up.channel == topic.channel
    assert follow_up.recording_at is None
    assert topic in follow_up.connected_topics.all()
    assert follow_up in topic.connected_topics.all()
    assert topic.proposer.notifications.filter(kind="topic_decision", topic=follow_up).exists()


def test_organizers_move_a_recording_along_from_the_workspace(client, scheduled):
    topic, organizer, _request = scheduled
    client.force_login(organizer)
    page = reverse("topics:workspace_topic", args=[topic.slug])
    progress = reverse("topics:workspace_topic_progress", args=[topic.slug])

    assert "Mark as recorded" in client.get(page).content.decode()
    client.post(progress, {"to_status": "recorded"})
    assert Topic.objects.get(pk=topic.pk).status == TopicStatus.RECORDED
    body = client.get(page).content.decode()
    assert "Start post-production" in body and "Plan a follow-up episode" in body
    client.post(progress, {"to_status": "post_production"})
    assert Topic.objects.get(pk=topic.pk).status == TopicStatus.POST_PRODUCTION

    response = client.post(
        reverse("topics:workspace_topic_follow_up", args=[topic.slug]),
        {"title": "Part two", "summary": "The sequel"},
    )
    follow_up = Topic.objects.get(follow_up_of=topic)
    assert response.url == reverse("topics:workspace_topic", args=[follow_up.slug])


def test_a_member_who_is_no_organizer_cannot_move_a_recording(client, scheduled):
    topic, _organizer, request = scheduled
    client.force_login(request.applicant)

    response = client.post(
        reverse("topics:workspace_topic_progress", args=[topic.slug]), {"to_status": "recorded"}
    )

    assert response.status_code in (403, 404)
    assert Topic.objects.get(pk=topic.pk).status == TopicStatus.SCHEDULED


def test_cancelling_from_the_workspace_needs_a_reason(client, scheduled):
    topic, organizer, _request = scheduled
    client.force_login(organizer)
    url = reverse("topics:workspace_topic_cancel_recording", args=[topic.slug])

    response = client.post(url, {"reason": ""})

    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    client.post(url, {"reason": "The studio is flooded"})
    assert Topic.objects.get(pk=topic.pk).status == TopicStatus.ACCEPTED


def test_any_move_to_recorded_closes_the_waiting_requests(scheduled):
    """The rule is the life cycle's, not one button's: the shell's topic_transition too."""
    topic, _organizer, _accepted = scheduled
    waiting = services.participation_request_create(
        topic=topic, applicant=UserFactory(), role="guest", motivation="Late"
    )

    services.topic_transition(topic=topic, to_status=TopicStatus.RECORDED, actor=None)

    waiting.refresh_from_db()
    assert waiting.status == ParticipationStatus.CLOSED


def test_post_production_cannot_take_a_published_episode_off_the_site(client, scheduled):
    """Taking an episode off the site is the unpublishing, with its reason: the
    "Start post-production" move is for a recorded topic only, whoever asks for it."""
    topic, organizer, _request = scheduled
    services.topic_mark_recorded(topic=topic, actor=organizer)
    services.topic_publish(topic=topic, actor=organizer, video_url=VIDEO)
    client.force_login(organizer)

    response = client.post(
        reverse("topics:workspace_topic_progress", args=[topic.slug]),
        {"to_status": "post_production"},
        follow=True,
    )

    topic.refresh_from_db()
    assert topic.status == TopicStatus.PUBLISHED
    assert topic.published_at is not None
    assert "Post-production starts once the recording took place." in response.content.decode()
    with pytest.raises(ValidationError):
        services.topic_post_production_start(topic=topic, actor=organizer)
    assert Topic.objects.get(pk=topic.pk).status == TopicStatus.PUBLISHED


def test_an_episode_taken_off_by_any_writer_has_no_publication_date(scheduled):
    topic, organizer, _request = scheduled
    services.topic_mark_recorded(topic=topic, actor=organizer)
    services.topic_publish(topic=topic, actor=organizer, video_url=VIDEO)

    services.topic_transition(topic=topic, to_status=TopicStatus.POST_PRODUCTION, actor=None)

    topic.refresh_from_db()
    assert topic.published_at is None and topic.first_published_at is not None


def test_followers_hear_that_a_cancelled_date_no_longer_holds_without_the_reason(scheduled):
    topic, organizer, request = scheduled
    follower = UserFactory()
    services.topic_follow(topic=topic, member=follower)

    services.topic_recording_cancel(topic=topic, actor=organizer, reason="Guest ill")

    told = {
        n.recipient_id: n
        for n in Notification.objects.filter(topic=topic, kind="recording_cancelled")
    }
    assert told[request.applicant_id].message == "Guest ill"
    assert told[topic.proposer_id].message == "Guest ill"
    assert told[follower.pk].message == ""
