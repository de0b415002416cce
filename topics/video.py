"""Episode videos: which URLs we embed, and the one host the page may frame."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.conf import settings

VIDEO_FILE_EXTENSIONS = (".mp4", ".webm", ".ogv", ".ogg", ".m4v")
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_VIMEO_ID = re.compile(r"^\d{3,12}$")
_PEERTUBE_ID = re.compile(r"^[A-Za-z0-9-]{6,40}$")


@dataclass(frozen=True)
class VideoEmbed:
    provider: str  # "youtube", "vimeo", "peertube" or "file"
    src: str
    origin: str  # what the Content-Security-Policy must allow

    @property
    def is_file(self) -> bool:
        return self.provider == "file"


def video_embed(url: str) -> VideoEmbed | None:
    """The embed for a video URL, or None when we do not know how to show it safely."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or not parts.hostname:
        return None
    host = parts.hostname.lower()
    path = parts.path.rstrip("/")
    if host in {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"}:
        if host == "youtu.be":
            video_id = path.lstrip("/")
        elif path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = path.split("/")[2]
        else:
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
        if _YOUTUBE_ID.match(video_id):
            return VideoEmbed(
                "youtube",
                f"https://www.youtube-nocookie.com/embed/{video_id}",
                "https://www.youtube-nocookie.com",
            )
        return None
    if host in {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}:
        video_id = path.split("/")[-1]
        if _VIMEO_ID.match(video_id):
            return VideoEmbed(
                "vimeo", f"https://player.vimeo.com/video/{video_id}", "https://player.vimeo.com"
            )
        return None
    if host in settings.PEERTUBE_HOSTS:
        match = re.match(r"^/(?:w|videos/watch|videos/embed)/([^/]+)$", path)
        if match and _PEERTUBE_ID.match(match.group(1)):
            return VideoEmbed(
                "peertube", f"https://{host}/videos/embed/{match.group(1)}", f"https://{host}"
            )
        return None
    if path.lower().endswith(VIDEO_FILE_EXTENSIONS):
        port = f":{parts.port}" if parts.port else ""
        return VideoEmbed("file", url.strip(), f"https://{host}{port}")
    return None
