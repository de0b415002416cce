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
    topic = TopicFactory(channel=channel, status=TopicStatus.RECORDED, title="Grid storage")
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
    assert (topic.status, topic.published_at) == (TopicStatus.POST_PRODUCTION, None)
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


def test_a_publication_that_fails_halfway_leaves_nothing(client, monkeypatch):
    channel = ChannelFactory()
    organizer = UserFactory()
    channel.organizers.add(organizer)
    topic = TopicFactory(channel=channel, status=TopicStatus.RECORDED)

    def queue_down(**kwargs):
        raise RuntimeError("mail queue down")

    monkeypatch.setattr("topics.services.decisions.notify", queue_down)
    with pytest.raises(RuntimeError):
        services.topic_publish(topic=topic, actor=organizer, video_url=SECOND)

    topic.refresh_from_db()
    assert (topic.status, topic.video_url, topic.published_at) == (
        TopicStatus.RECORDED,
        "",
        None,
    )


def test_once_recorded_an_episode_taken_off_the_site_takes_no_new_request(episode):
    from django.core.exceptions import ValidationError

    topic, organizer = episode
    services.topic_unpublish(topic=topic, actor=organizer, reason="Wrong file")

    with pytest.raises(ValidationError):
        services.participation_request_create(
            topic=topic, applicant=UserFactory(), role="guest", motivation="Me too"
        )


def test_publishing_again_tells_the_followers_nothing_new(episode):
    from notifications.models import Notification

    topic, organizer = episode
    follower = UserFactory()
    services.topic_follow(topic=topic, member=follower)
    services.topic_unpublish(topic=topic, actor=organizer, reason="Wrong file")

    services.topic_publish(topic=topic, actor=organizer, video_url=SECOND)

    assert not Notification.objects.filter(recipient=follower, kind="topic_published").exists()


def test_the_admin_shows_the_video_but_changes_it_only_through_the_workspace(client, episode):
    topic, _organizer = episode
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(reverse("admin:topics_topic_change", args=[topic.pk])).content.decode()

    assert FIRST in page
    assert 'name="video_url"' not in page and 'name="published_at_0"' not in page
