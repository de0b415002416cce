"""Playing an episode from a given second, and its provider's still image."""

from __future__ import annotations

from dataclasses import replace

from topics.video import VideoEmbed


def video_from(embed: VideoEmbed, seconds: int) -> VideoEmbed:
    """The same embed, starting `seconds` in: each provider has its own way to say it."""
    if seconds <= 0:
        return embed
    if embed.provider in ("youtube", "peertube"):
        separator = "&" if "?" in embed.src else "?"
        return replace(embed, src=f"{embed.src}{separator}start={seconds}")
    if embed.provider == "vimeo":
        return replace(embed, src=f"{embed.src}#t={seconds}s")
    # A file: the media fragment of the URL (W3C Media Fragments).
    return replace(embed, src=f"{embed.src.split('#')[0]}#t={seconds}")


YOUTUBE_THUMBNAIL_ORIGIN = "https://i.ytimg.com"


def provider_thumbnail(embed: VideoEmbed | None) -> str:
    """The provider's static still for YouTube (no request made to know it), else ""."""
    if embed is None or embed.provider != "youtube":
        return ""
    video_id = embed.src.rsplit("/", 1)[-1]
    return f"{YOUTUBE_THUMBNAIL_ORIGIN}/vi/{video_id}/hqdefault.jpg"
