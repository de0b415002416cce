"""The cache contract: an episode written through each path shows on the next request."""

import pytest
from django.urls import reverse

from episodes.models import Chapter
from episodes.services import ChapterData, chapters_set, episode_update
from tests.adminforms import admin_change
from tests.episodes.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _topic_page(topic, member=None):
    response = client_for(member).get(topic.get_absolute_url())
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_an_episode_edit_shows_on_the_next_topic_page(episode, who):
    member = UserFactory() if who == "member" else None
    assert "Hosted by Harriet Host" in _topic_page(episode.topic, member).content.decode()
    episode_update(topic=episode.topic, duration=5430, host_name="Zed Newhost")
    page = _topic_page(episode.topic, member).content.decode()
    assert "Duration: 1:30:30" in page
    assert "Hosted by Zed Newhost" in page


def test_an_admin_edit_shows_on_the_next_topic_page(episode):
    _topic_page(episode.topic)
    admin_change(episode, host_name="Admin Host")
    assert "Hosted by Admin Host" in _topic_page(episode.topic).content.decode()


def test_a_renamed_host_member_shows_at_once(episode):
    host = UserFactory(full_name="Old Name")
    episode_update(topic=episode.topic, duration=3600, host_member=host)
    assert "Hosted by Old Name" in _topic_page(episode.topic).content.decode()
    host.full_name = "New Name"
    host.save()
    assert "Hosted by New Name" in _topic_page(episode.topic).content.decode()


def test_new_chapters_show_at_once_on_the_episode_page(episode):
    url = reverse("episodes:episode_detail", kwargs={"slug": episode.topic.slug})
    client_for(None).get(url)
    chapters_set(episode=episode, chapters=[ChapterData(start=30, title="Fresh chapter")])
    assert "Fresh chapter" in client_for(None).get(url).content.decode()
    Chapter.objects.filter(episode=episode).update(title="Renamed in a shell")
    assert "Renamed in a shell" in client_for(None).get(url).content.decode()


def test_the_episode_block_leaves_with_the_published_state(episode):
    from topics import services

    assert "Watch the episode" in _topic_page(episode.topic).content.decode()
    organizer = UserFactory()
    episode.topic.channel.organizers.add(organizer)
    services.topic_unpublish(topic=episode.topic, actor=organizer, reason="Wrong file")
    assert "Watch the episode" not in _topic_page(episode.topic).content.decode()
