"""Public reads: what the public pages show, nothing more."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    ChannelFactory,
    ChapterFactory,
    CommentFactory,
    EpisodeFactory,
    OpinionFactory,
    OrganizerFactory,
    TopicFactory,
)
from topics.models import OpinionChoice, Studio, TopicStatus

pytestmark = pytest.mark.django_db


def test_channel_list_shows_the_active_channels(client):
    channel = ChannelFactory(name="Tech", slug="tech")
    ChannelFactory(is_active=False)

    response = client.get("/api/v1/channels/")

    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "tech",
            "name": "Tech",
            "name_fr": channel.name_fr,
            "description": channel.description,
            "description_fr": channel.description_fr,
            "accent_color": channel.accent_color,
            "url": "http://127.0.0.1:8000/channels/tech/",
        }
    ]


def test_topic_list_shows_public_topics_only(client):
    public = TopicFactory(status=TopicStatus.PROPOSED)
    TopicFactory(status=TopicStatus.DRAFT)
    TopicFactory(status=TopicStatus.DECLINED)
    CommentFactory(topic=public)

    response = client.get("/api/v1/topics/")

    assert response.status_code == 200
    assert [t["slug"] for t in response.json()["results"]] == [public.slug]
    first = response.json()["results"][0]
    assert first["comment_count"] == 1
    assert first["proposer"] == public.proposer.display_name
    assert first["channel"] == {"slug": public.channel.slug, "name": public.channel.name}


def test_topic_list_filters_as_the_site_lists_do(client):
    tech, other = ChannelFactory(), ChannelFactory()
    kept = TopicFactory(channel=tech, format="debate")
    TopicFactory(channel=tech, format="talkshow")
    TopicFactory(channel=other, format="debate")

    response = client.get(f"/api/v1/topics/?channel={tech.slug}&format=debate")

    assert [t["slug"] for t in response.json()["results"]] == [kept.slug]


def test_topic_list_with_an_unknown_filter_value_is_a_problem(client):
    response = client.get("/api/v1/topics/?format=opera")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:webcastory:problem:invalid"
    assert body["status"] == 400
    assert list(body["errors"]) == ["format"]


def test_topic_list_pages_with_a_cursor(client):
    channel = ChannelFactory()
    topics = [
        TopicFactory(channel=channel, created_at=timezone.now() - timedelta(hours=n))
        for n in range(5)
    ]

    first = client.get("/api/v1/topics/?page_size=2").json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()

    slugs = [t["slug"] for page in (first, second, third) for t in page["results"]]
    assert slugs == [t.slug for t in topics]
    assert third["next"] is None


def test_topic_detail_shows_the_public_page_without_the_address(client):
    channel = ChannelFactory()
    studio = Studio.objects.create(
        channel=channel, name="Studio A", city="Lyon", address="12 secret street"
    )
    when = timezone.now() + timedelta(days=3)
    topic = TopicFactory(
        channel=channel,
        status=TopicStatus.SCHEDULED,
        studio=studio,
        recording_at=when,
        location_detail="Door code 1234",
    )

    response = client.get(f"/api/v1/topics/{topic.slug}/")

    body = response.json()
    assert body["recording"] == {
        "starts_at": when.astimezone(timezone.get_current_timezone()).isoformat(),
        "duration_minutes": 60,
        "place": "Studio A, Lyon",
    }
    assert "secret" not in response.content.decode()
    assert "1234" not in response.content.decode()
    assert "preparation" not in response.content.decode()


def test_a_draft_is_a_404_for_visitors_and_readable_by_its_proposer(client, make_token):
    draft = TopicFactory(status=TopicStatus.DRAFT)

    assert client.get(f"/api/v1/topics/{draft.slug}/").status_code == 404
    response = client.get(
        f"/api/v1/topics/{draft.slug}/", HTTP_AUTHORIZATION=make_token(draft.proposer)
    )
    assert response.status_code == 200
    assert response.json()["status"] == "draft"
    assert response["Cache-Control"] == "private, no-cache"


@pytest.mark.parametrize("status", [TopicStatus.DRAFT, TopicStatus.DECLINED])
@pytest.mark.parametrize("path", ["", "opinions/", "connected/"])
def test_an_organizer_reads_a_topic_before_it_is_public_only_with_its_channel_on_the_token(
    client, make_token, status, path
):
    organizer = OrganizerFactory()  # organizes every channel
    topic = TopicFactory(status=status)
    address = f"/api/v1/topics/{topic.slug}/{path}"

    without = client.get(address, HTTP_AUTHORIZATION=make_token(organizer))
    other = client.get(
        address, HTTP_AUTHORIZATION=make_token(organizer, channels=[ChannelFactory()])
    )
    scoped = client.get(address, HTTP_AUTHORIZATION=make_token(organizer, channels=[topic.channel]))

    assert without.status_code == 404
    assert other.status_code == 404
    assert scoped.status_code == 200


def test_a_proposer_who_organizes_reads_their_draft_without_channels_on_the_token(
    client, make_token
):
    organizer = OrganizerFactory()
    draft = TopicFactory(status=TopicStatus.DRAFT, proposer=organizer)

    response = client.get(f"/api/v1/topics/{draft.slug}/", HTTP_AUTHORIZATION=make_token(organizer))

    assert response.status_code == 200


def test_opinion_shares_are_the_pages_aggregates(client):
    topic = TopicFactory()
    OpinionFactory(topic=topic, choice=OpinionChoice.ESSENTIAL)
    OpinionFactory(topic=topic, choice=OpinionChoice.ESSENTIAL)
    OpinionFactory(topic=topic, choice=OpinionChoice.COVERED)

    body = client.get(f"/api/v1/topics/{topic.slug}/opinions/").json()

    assert body["total"] == 3
    assert [(s["choice"], s["count"], s["percent"]) for s in body["shares"]] == [
        ("essential", 2, 67),
        ("interesting", 0, 0),
        ("covered", 1, 33),
        ("unconvinced", 0, 0),
    ]


def test_connected_subjects_are_the_pages(client):
    topic = TopicFactory()
    linked = TopicFactory()
    topic.connected_topics.add(linked)
    TopicFactory(status=TopicStatus.DRAFT, channel=topic.channel)

    body = client.get(f"/api/v1/topics/{topic.slug}/connected/").json()

    assert [t["slug"] for t in body] == [linked.slug]


def test_episodes_come_with_their_chapters(client):
    episode = EpisodeFactory()
    ChapterFactory(episode=episode, start=0, title="Opening")
    ChapterFactory(episode=episode, start=90, title="The question")
    TopicFactory(status=TopicStatus.POST_PRODUCTION)

    body = client.get("/api/v1/episodes/").json()

    assert [e["slug"] for e in body["results"]] == [episode.topic.slug]
    assert body["results"][0]["chapters"] == [
        {"start": 0, "title": "Opening"},
        {"start": 90, "title": "The question"},
    ]
    assert body["results"][0]["host"] == "Harriet Host"
    detail = client.get(f"/api/v1/episodes/{episode.topic.slug}/").json()
    assert detail == body["results"][0]


def test_schedule_lists_scheduled_recordings_soonest_first(client):
    later = TopicFactory(
        status=TopicStatus.SCHEDULED, recording_at=timezone.now() + timedelta(days=9)
    )
    sooner = TopicFactory(
        status=TopicStatus.SCHEDULED,
        recording_at=timezone.now() + timedelta(days=2),
        location="remote",
        location_detail="https://meet.example/secret-room",
    )
    TopicFactory(status=TopicStatus.ACCEPTED)

    response = client.get("/api/v1/schedule/")

    body = response.json()
    assert [t["slug"] for t in body["results"]] == [sooner.slug, later.slug]
    assert body["results"][0]["recording"]["place"] == "Remote"
    assert "secret-room" not in response.content.decode()
