"""The demo's published episode: its chapters and transcript (its thumbnail is drawn
by webcastory.demo_images, with the channels' banners)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

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


def transcript_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("demo.vtt", TRANSCRIPT.encode(), content_type="text/vtt")
