"""The demo's published episode: a thumbnail drawn here, its chapters and transcript.

Made with Pillow at seed time, so the demo needs no file in the repository and no
network; the image goes through the same upload path as an organizer's.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

THUMBNAIL_SIZE = (1280, 720)

# (start in seconds, title, index of the topic's comment it answers or None)
CHAPTERS = [
    (0, "Opening: two schools of deciding", None),
    (95, "Scenario planning, step by step", 0),
    (260, "Explicit bets and their premortem", None),
    (420, "Your questions", 1),
]
DURATION = 600

TRANSCRIPT = """WEBVTT

00:00:00.000 --> 00:00:06.000
<v Olivia>Welcome to Webcastory. Today: deciding when the future is unreadable.

00:00:06.000 --> 00:00:14.000
<v Olivia>Two strategists, two schools: scenarios on one side, explicit bets on the other.

00:01:35.000 --> 00:01:44.000
<v Paul>Scenario planning starts with the forces you cannot control, not with the answer.

00:01:44.000 --> 00:01:55.000
<v Paul>We write four futures, then ask which decision survives all of them.

00:04:20.000 --> 00:04:31.000
<v Valérie>A bet is honest: you name the odds, the stake, and the date you will check.

00:04:31.000 --> 00:04:42.000
<v Valérie>Before we commit, we run a premortem: imagine it failed, and list why.

00:07:00.000 --> 00:07:12.000
<v Olivia>Your questions now. Who in a small team should own the decision journal?

00:09:40.000 --> 00:09:55.000
<v Olivia>Thank you for watching; the next episode is already open for proposals.
"""


def thumbnail_upload(color: str, *, name: str = "demo-episode.png") -> SimpleUploadedFile:
    """A 16:9 picture in the channel's colour: bands and a play mark, no text."""
    image = Image.new("RGB", THUMBNAIL_SIZE, color)
    draw = ImageDraw.Draw(image)
    width, height = THUMBNAIL_SIZE
    for band in range(6):
        shade = 255 - band * 28
        top = height - (band + 1) * 60
        draw.rectangle([0, top, width, top + 30], fill=(shade, shade, shade))
    centre_x, centre_y, radius = width // 2, height // 2 - 60, 110
    draw.ellipse(
        [centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius],
        fill=(255, 255, 255),
    )
    draw.polygon(
        [(centre_x - 35, centre_y - 55), (centre_x - 35, centre_y + 55), (centre_x + 60, centre_y)],
        fill=color,
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def transcript_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("demo.vtt", TRANSCRIPT.encode(), content_type="text/vtt")
