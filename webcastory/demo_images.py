"""Pictures for the demo data, drawn with Pillow: a banner per channel and a thumbnail per
published episode, in the channel's colour.

`seed_demo` calls `demo_images_apply()` once its rows exist. It fills only what is
missing, through the services every writer uses (re-encoded, versions moved), so running
it twice changes nothing.
"""

from __future__ import annotations

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from episodes import services as episode_services
from episodes.models import Episode
from topics import services as topic_services
from topics.models import Channel, Topic, TopicStatus

BANNER_SIZE = (1600, 400)
THUMBNAIL_SIZE = (1280, 720)


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], share: float) -> tuple[int, ...]:
    return tuple(round(x * (1 - share) + y * share) for x, y in zip(a, b, strict=True))


def demo_picture(*, colour: str, size: tuple[int, int], seed: str) -> Image.Image:
    """A diagonal gradient from the colour to a dark navy, with soft circles and a studio
    light's glow: the same picture for the same seed."""
    width, height = size
    base, dark = _rgb(colour), (11, 20, 38)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for x in range(0, width + height, 4):
        share = x / (width + height)
        draw.line(
            [(x, 0), (x - height, height)], fill=_mix(base, dark, 0.15 + 0.7 * share), width=5
        )
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    shapes = ImageDraw.Draw(overlay)
    chance = random.Random(seed)  # noqa: S311 (a drawing, not a secret)
    for _ in range(7):
        radius = chance.randint(height // 6, height // 2)
        cx, cy = chance.randint(0, width), chance.randint(0, height)
        shapes.ellipse(
            [cx - radius, cy - radius, cx + radius, cy + radius],
            fill=(255, 255, 255, chance.randint(14, 40)),
        )
    glow = width * 3 // 4, height // 3
    for step in range(12, 0, -1):
        radius = step * height // 14
        shapes.ellipse(
            [glow[0] - radius, glow[1] - radius, glow[0] + radius, glow[1] + radius],
            fill=(255, 236, 200, 6),
        )
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def demo_png(*, colour: str, size: tuple[int, int], seed: str, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    demo_picture(colour=colour, size=size, seed=seed).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def demo_images_apply() -> dict[str, int]:
    """Give each channel without a banner one, and each published episode without a
    thumbnail one; returns how many of each were drawn."""
    drawn = {"banners": 0, "thumbnails": 0}
    for channel in Channel.objects.filter(banner=""):
        banner = demo_png(
            colour=channel.accent_color, size=BANNER_SIZE, seed=channel.slug, name="banner.png"
        )
        topic_services.channel_banner_set(channel=channel, banner=banner)
        drawn["banners"] += 1
    published = Topic.objects.filter(status=TopicStatus.PUBLISHED).select_related("channel")
    for topic in published:
        episode = Episode.objects.filter(topic=topic).first()
        if episode is not None and episode.thumbnail:
            continue
        thumbnail = demo_png(
            colour=topic.channel.accent_color,
            size=THUMBNAIL_SIZE,
            seed=topic.slug,
            name="thumbnail.png",
        )
        episode_services.episode_update(
            topic=topic,
            duration=episode.duration if episode else None,
            host_member=episode.host_member if episode else None,
            host_name=episode.host_name if episode else "",
            thumbnail=thumbnail,
        )
        drawn["thumbnails"] += 1
    return drawn
