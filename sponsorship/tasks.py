"""The sponsorship app's background tasks: triggers for the worker (see core.tasks)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from core.tasks import enqueue_on_commit
from sponsorship.models import EpisodeReach, ReachSource
from sponsorship.services import peertube_views_interval, peertube_views_read
from topics.models import Topic, TopicStatus

# Episodes whose PeerTube views one tick asks for, at most.
PEERTUBE_BATCH = 20


@task()
def peertube_views_fetch(topic_id: int) -> int | None:
    """Read one episode's views from its PeerTube instance; None when it gave none."""
    topic = Topic.objects.filter(pk=topic_id).first()
    if topic is None:
        return None
    reading = peertube_views_read(topic=topic)
    return None if reading is None else reading.views


def peertube_views_refresh_due() -> int:
    """The worker's tick step: ask for the views of the published episodes on a
    PeerTube host (settings.PEERTUBE_HOSTS) not read in PEERTUBE_VIEWS_INTERVAL, when
    PEERTUBE_VIEWS_API is on. An episode is asked for once per interval, answered or
    not (a claim in the shared cache), so a down instance is not called every minute.
    Returns how many were asked for."""
    hosts = settings.PEERTUBE_HOSTS
    if not settings.PEERTUBE_VIEWS_API or not hosts:
        return 0
    interval = peertube_views_interval()
    on_peertube = Q()
    for host in hosts:
        on_peertube |= Q(video_url__istartswith=f"https://{host}/")
    read_lately = EpisodeReach.objects.filter(
        topic=OuterRef("pk"),
        source=ReachSource.PEERTUBE,
        measured_at__gte=timezone.now() - interval,
    )
    due = (
        Topic.objects.filter(on_peertube, status=TopicStatus.PUBLISHED)
        .exclude(Exists(read_lately))
        .order_by("pk")
        .values_list("pk", flat=True)[:PEERTUBE_BATCH]
    )
    asked = 0
    for topic_id in due:
        if cache.add(f"peertube-views:{topic_id}", 1, timeout=int(interval.total_seconds())):
            enqueue_on_commit(peertube_views_fetch, topic_id)
            asked += 1
    return asked
