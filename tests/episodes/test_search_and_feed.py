import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.contrib.sites.models import Site
from django.urls import reverse
from django.utils import timezone

from episodes.services import ChapterData, chapters_set, transcript_upload
from tests.episodes.conftest import client_for, vtt_upload
from tests.factories import EpisodeFactory, ParticipationRequestFactory, TopicFactory, UserFactory
from topics.models import ParticipationStatus, TopicStatus

pytestmark = pytest.mark.django_db
PODCAST = "{https://podcastindex.org/namespace/1.0}"


def _base() -> str:
    return "http://" + Site.objects.get_current().domain


def _search(query: str) -> str:
    return client_for(None).get(reverse("topics:search"), {"q": query}).content.decode()


def test_search_finds_every_word_of_a_cue_and_links_to_its_second(episode):
    transcript_upload(topic=episode.topic, file=vtt_upload())
    page = _search("backbone BATTERIES")
    url = reverse("episodes:episode_detail", kwargs={"slug": episode.topic.slug})
    assert f'href="{url}?t=65">{episode.topic.title} · 1:05</a>' in page
    assert "Batteries are the BACKBONE of the grid." in page
    assert "Thank you for watching" not in page


def test_search_skips_cues_of_episodes_not_on_the_site():
    episode = EpisodeFactory(topic=TopicFactory(status=TopicStatus.SCHEDULED))
    transcript_upload(topic=episode.topic, file=vtt_upload())
    assert "In the episodes" not in _search("backbone")


def test_a_new_transcript_shows_in_the_search_at_once(episode):
    assert "In the episodes" not in _search("backbone")
    transcript_upload(topic=episode.topic, file=vtt_upload())
    assert "Batteries are the BACKBONE" in _search("backbone")


def _feed(channel):
    response = client_for(None).get(
        reverse("episodes:channel_podcast", kwargs={"slug": channel.slug})
    )
    assert response.status_code == 200
    return response, feedparser.parse(response.content)


def test_the_podcast_lists_published_episodes_with_enclosure_or_link():
    file_episode = EpisodeFactory()
    channel = file_episode.topic.channel
    file_episode.topic.video_url = "https://cdn.example.com/show.webm"
    file_episode.topic.save()
    youtube = EpisodeFactory(topic=TopicFactory(
        channel=channel, status=TopicStatus.PUBLISHED, published_at=timezone.now(),
        video_url="https://youtu.be/abcdefghijk"))  # fmt: skip
    TopicFactory(channel=channel, status=TopicStatus.SCHEDULED, title="Not yet")
    _response, feed = _feed(channel)
    by_title = {entry.title: entry for entry in feed.entries}
    assert set(by_title) == {file_episode.topic.title, youtube.topic.title}
    enclosure = by_title[file_episode.topic.title].enclosures
    assert [(e.href, e.type) for e in enclosure] == [
        ("https://cdn.example.com/show.webm", "video/webm")
    ]
    assert by_title[youtube.topic.title].enclosures == []
    assert by_title[youtube.topic.title].link == _base() + reverse(
        "episodes:episode_detail", kwargs={"slug": youtube.topic.slug}
    )
    assert by_title[youtube.topic.title].itunes_duration == "3600"


def test_the_podcast_carries_chapters_transcript_and_people(episode):
    topic = episode.topic
    chapters_set(episode=episode, chapters=[ChapterData(start=0, title="Opening")])
    transcript_upload(topic=topic, file=vtt_upload())
    ParticipationRequestFactory(
        topic=topic, applicant=UserFactory(full_name="Gina Guest"),
        status=ParticipationStatus.ACCEPTED, consent_at=timezone.now())  # fmt: skip
    response, feed = _feed(topic.channel)
    assert feed.namespaces["podcast"] == "https://podcastindex.org/namespace/1.0"
    chapters_url = _base() + reverse("episodes:episode_chapters", kwargs={"slug": topic.slug})
    transcript_url = _base() + reverse("episodes:episode_transcript", kwargs={"slug": topic.slug})
    assert feed.entries[0].link == _base() + topic.episode.get_absolute_url()
    item = ET.fromstring(response.content).find("channel/item")  # noqa: S314 - our own feed
    assert item.find(f"{PODCAST}chapters").attrib == {
        "url": chapters_url, "type": "application/json+chapters"}  # fmt: skip
    assert item.find(f"{PODCAST}transcript").attrib == {
        "url": transcript_url, "type": "text/vtt"}  # fmt: skip
    people = [(p.text, p.get("role"), p.get("group")) for p in item.iter(f"{PODCAST}person")]
    assert people == [
        ("Harriet Host", "host", "cast"),
        ("Gina Guest", "guest", "cast"),
        (topic.proposer.display_name, "writer", "writing"),
    ]
    chapters = client_for(None).get(chapters_url)
    assert chapters["Content-Type"].startswith("application/json+chapters")
    assert chapters.json() == {
        "version": "1.2.0", "title": topic.title,
        "chapters": [{"startTime": 0, "title": "Opening"}]}  # fmt: skip
    transcript = client_for(None).get(transcript_url)
    assert transcript["Content-Type"] == "text/vtt; charset=utf-8"
    assert transcript.content == vtt_upload().read()


def test_the_channel_page_links_to_its_podcast(episode):
    channel = episode.topic.channel
    page = client_for(None).get(channel.get_absolute_url()).content.decode()
    url = reverse("episodes:channel_podcast", kwargs={"slug": channel.slug})
    assert '<link rel="alternate" type="application/rss+xml"' in page
    assert f'href="{url}"' in page


def test_the_files_of_an_unpublished_episode_are_404():
    episode = EpisodeFactory(topic=TopicFactory(status=TopicStatus.SCHEDULED))
    transcript_upload(topic=episode.topic, file=vtt_upload())
    for name in ("episodes:episode_chapters", "episodes:episode_transcript"):
        url = reverse(name, kwargs={"slug": episode.topic.slug})
        assert client_for(None).get(url).status_code == 404


@pytest.mark.parametrize("count", [1, 12])
def test_the_podcast_costs_the_same_queries_for_1_or_many(django_assert_num_queries, count):
    from tests.factories import ChapterFactory

    channel = EpisodeFactory().topic.channel
    channel.topics.all().delete()
    for _n in range(count):
        episode = EpisodeFactory(topic=TopicFactory(
            channel=channel, status=TopicStatus.PUBLISHED, published_at=timezone.now(),
            video_url="https://youtu.be/abcdefghijk"))  # fmt: skip
        ChapterFactory(episode=episode, start=0)
    url = reverse("episodes:channel_podcast", kwargs={"slug": channel.slug})
    client_for(None).get(url)

    # The channel, the topics with their episodes, their co-proposers, credited guests
    # and chapters.
    with django_assert_num_queries(5):
        response = client_for(None).get(url)
    assert response.content.decode().count("<podcast:chapters ") == count
