"""Each event is emitted by the real service where it happens, to the endpoints of the
topic's channel that chose it, with public data only."""

import json
from datetime import UTC, timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from comments.services import comment_create
from core.events import EVENTS, UnknownEventError, event_emit
from sponsorship.services import sponsorship_interest_record
from tests.factories import (
    ChannelFactory,
    ParticipationRequestFactory,
    TopicFactory,
    UserFactory,
)
from topics import services as topics
from topics.models import Studio, TopicLocation, TopicStatus
from webhooks import services
from webhooks.models import Delivery, WebhookEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint(channel, organizer):
    """Registered while nothing is sent: the deliveries stay rows for the test to read."""
    return services.endpoint_create(
        channel=channel,
        actor=organizer,
        url="https://93.184.216.34/hooks",
        events=list(WebhookEvent.values),
    )


def _payload(event: str) -> dict:
    [delivery] = Delivery.objects.filter(event=event)
    return json.loads(delivery.payload)


def _topic_data(topic) -> dict:
    return {
        "id": topic.pk,
        "slug": topic.slug,
        "title": topic.title,
        "status": topic.status,
        "url": settings.SITE_URL.rstrip("/") + topic.get_absolute_url(),
        "channel": {"id": topic.channel_id, "slug": topic.channel.slug},
    }


def test_the_events_endpoints_choose_from_are_the_documented_ones():
    assert sorted(WebhookEvent.values) == sorted(EVENTS)


def test_an_unknown_event_is_a_programming_error():
    with pytest.raises(UnknownEventError):
        event_emit("topic.exploded", topic=TopicFactory())


def test_topic_proposed_by_the_transition(endpoint, channel):
    topic = TopicFactory(channel=channel, status=TopicStatus.DRAFT)

    topics.topic_transition(topic=topic, to_status=TopicStatus.PROPOSED, actor=topic.proposer)

    payload = _payload("topic.proposed")
    topic.refresh_from_db()
    assert payload["type"] == "topic.proposed"
    assert payload["data"] == {"topic": _topic_data(topic)}


def test_topic_decided_names_the_decision_but_not_the_reason(endpoint, channel, organizer):
    topic = TopicFactory(channel=channel)

    topics.topic_decide(
        topic=topic, to_status=TopicStatus.DECLINED, actor=organizer, reason="secret-reason"
    )

    payload = _payload("topic.decided")
    assert payload["data"]["decision"] == "declined"
    assert payload["data"]["topic"]["status"] == "declined"
    assert "secret-reason" not in Delivery.objects.get(event="topic.decided").payload


def test_topic_scheduled_tells_the_studio_by_name_never_its_address(endpoint, channel, organizer):
    topic = TopicFactory(channel=channel, status=TopicStatus.ACCEPTED)
    studio = Studio.objects.create(
        channel=channel, name="Studio B", city="Lyon", address="12 secret street"
    )
    when = timezone.now() + timedelta(days=3)

    topics.topic_schedule(topic=topic, actor=organizer, recording_at=when, studio=studio)

    payload = _payload("topic.scheduled")
    assert payload["data"]["studio"] == "Studio B, Lyon"
    assert payload["data"]["location"] == TopicLocation.STUDIO
    assert payload["data"]["duration_minutes"] == 60
    assert payload["data"]["recording_at"] == when.astimezone(UTC).isoformat()
    assert "secret street" not in Delivery.objects.get(event="topic.scheduled").payload


def test_episode_published(endpoint, channel, organizer):
    topic = TopicFactory(channel=channel, status=TopicStatus.RECORDED)

    topics.topic_publish(topic=topic, actor=organizer, video_url="https://vimeo.com/1234567")

    data = _payload("episode.published")["data"]
    assert data["video_url"] == "https://vimeo.com/1234567"
    assert data["first_publication"] is True
    assert data["topic"]["status"] == "published"


def test_participation_decided_says_status_and_role_only(endpoint, channel, organizer):
    applicant = UserFactory(full_name="Private Applicant", email="applicant@example.com")
    request = ParticipationRequestFactory(
        topic=TopicFactory(channel=channel), applicant=applicant, motivation="secret-motivation"
    )

    topics.participation_request_decide(
        request=request, status="accepted", actor=organizer, message="secret-message"
    )

    data = _payload("participation.decided")["data"]
    assert data["participation"] == {"id": request.pk, "status": "accepted", "role": "guest"}
    body = Delivery.objects.get(event="participation.decided").payload
    for private in ("Private Applicant", "applicant@example.com", "secret-"):
        assert private not in body


def test_sponsor_interest_created_names_the_organisation_only(endpoint, channel):
    topic = TopicFactory(channel=channel)

    interest = sponsorship_interest_record(
        topic=topic,
        member=UserFactory(),
        organisation="Acme Energy",
        contact_name="Ann Contact",
        contact_email="ann@example.com",
        support_kind="main",
        budget_band="over_50k",
        message="secret-offer",
    )

    data = _payload("sponsor_interest.created")["data"]
    assert data["sponsor_interest"] == {"id": interest.pk, "organisation": "Acme Energy"}
    body = Delivery.objects.get(event="sponsor_interest.created").payload
    for private in ("Ann Contact", "ann@example.com", "secret-offer", "over_50k"):
        assert private not in body


def test_comment_created_links_to_the_comment(endpoint, channel):
    topic = TopicFactory(channel=channel)

    comment = comment_create(topic=topic, author=UserFactory(full_name="Cora"), body="Hello all")

    data = _payload("comment.created")["data"]
    assert data["comment"]["id"] == comment.pk
    assert data["comment"]["url"] == settings.SITE_URL.rstrip("/") + comment.get_absolute_url()
    assert data["comment"]["is_reply"] is False
    assert "Cora" not in Delivery.objects.get(event="comment.created").payload


def test_an_endpoint_hears_only_the_events_it_chose(channel, organizer):
    comments_only = services.endpoint_create(
        channel=channel,
        actor=organizer,
        url="https://93.184.216.34/comments",
        events=["comment.created"],
    )
    topic = TopicFactory(channel=channel)

    topics.topic_decide(topic=topic, to_status=TopicStatus.ACCEPTED, actor=organizer)
    comment_create(topic=topic, author=UserFactory(), body="Hi")

    assert list(Delivery.objects.values_list("endpoint", "event")) == [
        (comments_only.pk, "comment.created")
    ]


def test_another_channels_endpoint_hears_nothing(endpoint, organizer):
    other = TopicFactory(channel=ChannelFactory())

    comment_create(topic=other, author=UserFactory(), body="Hi")

    assert Delivery.objects.count() == 0


def test_an_event_rolled_back_sends_nothing(endpoint, channel):
    topic = TopicFactory(channel=channel)

    with pytest.raises(RuntimeError), transaction.atomic():
        comment_create(topic=topic, author=UserFactory(), body="Hi")
        raise RuntimeError

    assert Delivery.objects.count() == 0


def test_one_payload_per_event_however_many_endpoints(endpoint, channel, organizer):
    second = services.endpoint_create(
        channel=channel, actor=organizer, url="https://93.184.216.34/b", events=["comment.created"]
    )

    comment_create(topic=TopicFactory(channel=channel), author=UserFactory(), body="Hi")

    deliveries = list(Delivery.objects.order_by("endpoint"))
    assert [d.endpoint_id for d in deliveries] == [endpoint.pk, second.pk]
    assert deliveries[0].payload == deliveries[1].payload
    assert deliveries[0].message_id != deliveries[1].message_id
