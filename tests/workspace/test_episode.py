"""After publication: organizers replace the episode's video or take it off the site,
from the workspace."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ChannelFactory, TopicFactory, UserFactory
from topics import services
from topics.models import TopicStatus

pytestmark = pytest.mark.django_db

FIRST, SECOND = "https://vimeo.com/1111111", "https://vimeo.com/2222222"


@pytest.fixture
def episode():
    channel = ChannelFactory()
    organizer = UserFactory(full_name="Olivia Organizer")
    channel.organizers.add(organizer)
    topic = TopicFactory(channel=channel, status=TopicStatus.SCHEDULED, title="Grid storage")
    services.topic_publish(topic=topic, actor=organizer, video_url=FIRST)
    return topic, organizer


def _visitor_page(topic) -> str:
    return Client().get(topic.get_absolute_url()).content.decode()


def test_an_organizer_replaces_the_video_and_visitors_see_the_new_one(client, episode):
    topic, organizer = episode
    assert "1111111" in _visitor_page(topic)  # cached for visitors
    client.force_login(organizer)

    response = client.post(
        reverse("topics:workspace_topic_video", args=[topic.slug]), {"video-video_url": SECOND}
    )

    assert response.status_code == 302
    page = _visitor_page(topic)
    assert "2222222" in page and "1111111" not in page
    history = client.get(reverse("topics:workspace_topic", args=[topic.slug])).content.decode()
    assert f"Episode video ({SECOND})" in history


def test_a_video_link_that_cannot_be_played_is_refused_on_the_form(client, episode):
    topic, organizer = episode
    client.force_login(organizer)

    response = client.post(
        reverse("topics:workspace_topic_video", args=[topic.slug]),
        {"video-video_url": "https://example.com/page"},
    )

    assert response.status_code == 400
    assert "Use a YouTube, Vimeo or PeerTube link" in response.content.decode()
    topic.refresh_from_db()
    assert topic.video_url == FIRST


def test_an_organizer_takes_the_episode_off_the_site_and_publishes_it_again(client, episode):
    topic, organizer = episode
    assert "1111111" in _visitor_page(topic)
    client.force_login(organizer)

    response = client.post(
        reverse("topics:workspace_topic_unpublish", args=[topic.slug]),
        {"reason": "The guest asked for a cut"},
        follow=True,
    )

    page = response.content.decode()
    assert "The episode is no longer on the site" in page
    assert "The guest asked for a cut" in page  # in the history
    assert "Publish the episode" in page  # offered again
    topic.refresh_from_db()
    assert (topic.status, topic.published_at) == (TopicStatus.SCHEDULED, None)
    assert "1111111" not in _visitor_page(topic)

    client.post(reverse("topics:workspace_topic_publish", args=[topic.slug]), {"video_url": SECOND})
    topic.refresh_from_db()
    assert topic.status == TopicStatus.PUBLISHED
    assert "2222222" in _visitor_page(topic)


def test_taking_an_episode_off_the_site_needs_a_reason(client, episode):
    topic, organizer = episode
    client.force_login(organizer)

    response = client.post(reverse("topics:workspace_topic_unpublish", args=[topic.slug]), {})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    topic.refresh_from_db()
    assert topic.status == TopicStatus.PUBLISHED


@pytest.mark.parametrize("who", ["member", "proposer", "another_channels_organizer"])
def test_only_the_channels_organizers_change_a_published_episode(client, episode, who):
    topic, _organizer = episode
    user = {"member": UserFactory(), "proposer": topic.proposer}.get(who)
    if user is None:
        user = UserFactory()
        ChannelFactory().organizers.add(user)
    client.force_login(user)

    for name, data in (
        ("topics:workspace_topic_video", {"video-video_url": SECOND}),
        ("topics:workspace_topic_unpublish", {"reason": "x"}),
    ):
        assert client.post(reverse(name, args=[topic.slug]), data).status_code == 403
    topic.refresh_from_db()
    assert (topic.status, topic.video_url) == (TopicStatus.PUBLISHED, FIRST)
