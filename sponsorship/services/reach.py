"""Writes for an episode's reach: views entered by organizers or read from PeerTube."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from http.client import HTTPException
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from sponsorship.models import EpisodeReach, ReachSource
from topics.models import Topic
from topics.video import video_embed

logger = logging.getLogger(__name__)

# PeerTube answers in well under a second; a slow instance must not hold a worker.
PEERTUBE_TIMEOUT_SECONDS = 5
# A video's description is the largest part of the answer: far below this.
PEERTUBE_MAX_BYTES = 1_000_000
# A date a few minutes ahead is a clock difference, not a figure from the future.
CLOCK_SLACK = timedelta(minutes=5)


@transaction.atomic
def episode_reach_record(
    *,
    topic: Topic,
    views: int,
    source_detail: str,
    measured_at: datetime,
    source: str = ReachSource.ENTERED,
    entered_by: User | None = None,
) -> EpisodeReach:
    """Keep one reading of the episode's views (the report shows the latest and the
    history). Refuses a negative or non-whole figure and a date in the future."""
    if isinstance(views, bool) or not isinstance(views, int) or views < 0:
        raise ValidationError(
            {"views": _("Views are a whole number, zero or more.")}, code="views_negative"
        )
    if measured_at > timezone.now() + CLOCK_SLACK:
        raise ValidationError(
            {"measured_on": _("The figure cannot be measured in the future.")}, code="future"
        )
    source_detail = source_detail.strip()
    if not source_detail:
        raise ValidationError(
            {"source_detail": _("Say where the figure comes from.")}, code="no_source"
        )
    return EpisodeReach.objects.create(
        topic=topic,
        views=views,
        source=source,
        source_detail=source_detail,
        measured_at=measured_at,
        entered_by=entered_by,
    )


def peertube_video(url: str) -> tuple[str, str] | None:
    """(host, video id) when the episode's video is on a PeerTube instance of
    settings.PEERTUBE_HOSTS, as the topic page embeds it; None otherwise."""
    embed = video_embed(url)
    if embed is None or embed.provider != "peertube":
        return None
    parts = urlsplit(embed.src)
    return parts.hostname or "", parts.path.rsplit("/", 1)[-1]


def peertube_views_read(*, topic: Topic) -> EpisodeReach | None:
    """Read the episode's views from its PeerTube instance's API and keep them (source
    "peertube"). An instance that is down, slow or answers nonsense is logged and the
    last figure stays: None. Only the worker calls this; pages never call out."""
    found = peertube_video(topic.video_url)
    if found is None:
        return None
    host, video_id = found
    address = f"https://{host}/api/v1/videos/{video_id}"
    request = Request(address, headers={"Accept": "application/json", "User-Agent": "Webcastory"})
    try:
        # https, to a host of settings.PEERTUBE_HOSTS only (video_embed checks both).
        with urlopen(request, timeout=PEERTUBE_TIMEOUT_SECONDS) as response:  # noqa: S310
            payload = json.loads(response.read(PEERTUBE_MAX_BYTES))
        views = payload["views"]
        if isinstance(views, bool) or not isinstance(views, int) or views < 0:
            raise ValueError(f"views is {views!r}")
    except (OSError, HTTPException, ValueError, KeyError, TypeError) as error:
        logger.warning(
            "PeerTube %s gave no views for video %s (%s); the last figure stays.",
            host,
            video_id,
            error,
        )
        return None
    return episode_reach_record(
        topic=topic,
        views=views,
        source=ReachSource.PEERTUBE,
        source_detail=host,
        measured_at=timezone.now(),
    )


def peertube_views_interval() -> timedelta:
    return timedelta(seconds=settings.PEERTUBE_VIEWS_INTERVAL)
