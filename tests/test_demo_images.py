"""The demo pictures: a banner per channel and a thumbnail per published episode, once."""

import pytest
from django.utils import timezone
from PIL import Image

from episodes.models import Episode
from tests.factories import ChannelFactory, TopicFactory
from topics.models import TopicStatus
from webcastory.demo_images import demo_images_apply

pytestmark = pytest.mark.django_db


def test_demo_images_fill_what_is_missing_once():
    channel = ChannelFactory(accent_color="#0f766e")
    topic = TopicFactory(channel=channel, status=TopicStatus.PUBLISHED, published_at=timezone.now())
    TopicFactory(channel=channel)  # not published: no episode

    assert demo_images_apply() == {"banners": 1, "thumbnails": 1}
    assert demo_images_apply() == {"banners": 0, "thumbnails": 0}

    channel.refresh_from_db()
    episode = Episode.objects.get(topic=topic)
    with Image.open(channel.banner.path) as banner, Image.open(episode.thumbnail.path) as thumb:
        assert (banner.format, banner.size) == ("WEBP", (1600, 400))
        assert (thumb.format, thumb.size) == ("WEBP", (1280, 720))
    assert Episode.objects.count() == 1
