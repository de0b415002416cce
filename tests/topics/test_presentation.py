"""The media-first home, the channels' identity and the pictures on topic cards."""

import os
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from episodes import services as episode_services
from tests.adminforms import _FormReader, _superuser_client, admin_change
from tests.factories import ChannelFactory, EpisodeFactory, TopicFactory
from tests.html import danger_in
from tests.images import image_upload
from topics import services
from topics.models import Channel, TopicStatus

pytestmark = pytest.mark.django_db


def _episode(**topic_fields):
    topic = TopicFactory(
        status=TopicStatus.PUBLISHED,
        published_at=timezone.now(),
        video_url="https://www.youtube.com/watch?v=abcdefghijk",
        **topic_fields,
    )
    return EpisodeFactory(topic=topic)


def _headings(html: str) -> list[str]:
    return re.findall(r'<h2 id="[a-z-]+-heading" class="h3">([^<]+)</h2>', html)


def test_home_shows_episodes_recordings_topics_then_channels(client):
    channel = ChannelFactory(name="Energy")
    _episode(channel=channel, title="Batteries, the episode")
    TopicFactory(
        channel=channel,
        title="Tidal power on set",
        status=TopicStatus.SCHEDULED,
        recording_at=timezone.now() + timedelta(days=3),
    )
    TopicFactory(channel=channel, title="Hydrogen for trucks")

    html = client.get(reverse("home")).content.decode()

    assert _headings(html) == [
        "Latest episodes",
        "Next recordings",
        "Topics gathering support",
        "Our channels",
    ]
    assert "Batteries, the episode" in html
    assert "Tidal power on set" in html
    assert "Hydrogen for trucks" in html


def test_home_says_the_promise_in_both_languages(client):
    english = client.get(reverse("home")).content.decode()
    client.cookies["django_language"] = "fr"
    french = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "The network of collaborative web-TVs for all professionals." in english
    assert (
        "Propose your topics, stimulate collaboration. Share your expertise, recruit your clients."
    ) in english
    assert "Le réseau des web-TV collaboratives de tous les professionnels." in french
    assert (
        "Proposez vos sujets, suscitez la collaboration. "
        "Partagez votre expertise, recrutez vos clients."
    ) in french


def test_topics_gathering_support_leave_out_published_and_past_recordings(client):
    _episode(title="Already an episode")
    TopicFactory(
        title="Recorded yesterday",
        status=TopicStatus.SCHEDULED,
        recording_at=timezone.now() - timedelta(days=1),
    )
    TopicFactory(title="Still rallying", status=TopicStatus.ACCEPTED)

    html = client.get(reverse("home")).content.decode()
    grid = html.split('id="latest-heading"')[1].split('id="channels-heading"')[0]

    assert re.findall(r"stretched-link[^>]*>([^<]+)</a></h3>", grid) == ["Still rallying"]
    assert "Recorded yesterday" not in html


def test_a_topic_card_shows_the_cover_else_the_episode_thumbnail_else_the_channel(client):
    channel = ChannelFactory()
    with_cover = TopicFactory(channel=channel, title="With cover")
    services.topic_update(
        topic=with_cover, actor=with_cover.proposer, data={}, cover=image_upload()
    )
    episode = _episode(channel=channel)
    episode_services.episode_update(
        topic=episode.topic,
        duration=60,
        host_member=None,
        host_name="",
        thumbnail=image_upload("PNG"),
    )
    TopicFactory(channel=channel, title="Plain")
    with_cover.refresh_from_db()
    episode.refresh_from_db()

    html = client.get(channel.get_absolute_url()).content.decode()
    cards = html.split('class="card h-100 topic-card')[1:]
    pictures = {
        re.search(r'card-title"><a[^>]*>([^<]+)<', card).group(1): card.split("card-body")[0]
        for card in cards
    }

    assert f'src="{with_cover.cover.url}"' in pictures["With cover"]
    assert f'src="{episode.thumbnail.url}"' in pictures[episode.topic.title]
    assert "picture-fallback" in pictures["Plain"]
    assert f"channel-{channel.pk}" in cards[0].split(">")[0]


def test_channel_page_renders_its_description_from_markdown_sanitised(client):
    channel = ChannelFactory(
        description="Talks on **energy**. <script>alert(1)</script> [More](javascript:x)"
    )

    html = client.get(channel.get_absolute_url()).content.decode()
    description = html.split('class="channel-description lead">')[1].split("</div>")[0]

    assert "<strong>energy</strong>" in description
    assert danger_in(description) == []
    assert "<script" not in description


def test_channel_page_has_a_banner_in_its_colour_without_a_picture(client):
    channel = ChannelFactory(accent_color="#12805c")

    html = client.get(channel.get_absolute_url()).content.decode()
    css = client.get(reverse("topics:channel_styles")).content.decode()

    assert 'class="channel-banner picture-fallback rounded-4 mb-3"' in html
    assert f'<header class="mb-4 channel-{channel.pk}">' in html
    assert f".channel-{channel.pk} {{ --channel-color: #12805c; }}" in css


def test_the_admin_stores_a_channel_banner_re_encoded_and_the_page_shows_it(client):
    channel = ChannelFactory()
    client.get(channel.get_absolute_url())  # a visitor's copy in the page cache

    admin_change(channel, banner_upload=image_upload(size=(1600, 400), exif=True))
    channel.refresh_from_db()

    assert channel.banner.name.endswith(".webp")
    with Image.open(channel.banner.path) as banner:
        assert (banner.format, banner.size, dict(banner.getexif())) == ("WEBP", (1600, 400), {})
    html = client.get(channel.get_absolute_url()).content.decode()
    assert f'<img class="channel-banner-image" src="{channel.banner.url}" alt="">' in html
    assert f'src="{channel.banner.url}"' in client.get(reverse("home")).content.decode()


def test_the_admin_removes_a_channel_banner(client):
    channel = ChannelFactory()
    services.channel_banner_set(channel=channel, banner=image_upload())
    path = channel.banner.path

    admin_change(channel, banner_remove="on")

    assert Channel.objects.get(pk=channel.pk).banner.name == ""
    assert not os.path.exists(path)


def test_the_admin_refuses_a_banner_that_is_not_an_image():
    channel = ChannelFactory()
    url = reverse("admin:topics_channel_change", args=[channel.pk])
    client = _superuser_client()
    reader = _FormReader()
    reader.feed(client.get(url).content.decode())
    fake = SimpleUploadedFile("banner.png", b"not an image", content_type="image/png")
    response = client.post(url, {**reader.data, "banner_upload": fake})

    assert response.status_code == 200
    assert "This file is not an image we accept." in response.content.decode()
    assert Channel.objects.get(pk=channel.pk).banner.name == ""
