"""Channels and the lists of public topics."""

from __future__ import annotations

from django.core.cache import caches
from django.core.validators import slug_re
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from core import versions
from core.versions import CHANNELS, LISTS
from topics.models import PUBLIC_STATUSES, RECORDED_STATUSES, Channel, Topic, TopicStatus

CONNECTED_TOPICS_SHOWN = 5


LOCAL_TIMEOUT = 600


def local_cache():
    """The worker's own memory, for entries whose key carries their versions."""
    return caches["local"]


def channel_list_active() -> QuerySet[Channel]:
    versions.read(LISTS)  # what a cached page showing it depends on
    return Channel.objects.filter(is_active=True).order_by("order", "name")


def channel_by_slug(*, slug: str) -> Channel | None:
    """The active channel a slug from the URL names, or None for anything that is not a
    slug (a NUL byte would make PostgreSQL refuse the query)."""
    if not slug_re.fullmatch(slug):
        return None
    return channel_list_active().filter(slug=slug).first()


def channel_menu() -> list[Channel]:
    """The active channels for the menu of every page, each with its `url`; kept in the
    worker's memory until a channel changes."""
    key = f"channel-menu:{versions.token(CHANNELS)}"
    channels = local_cache().get(key)
    if channels is None:
        channels = list(channel_list_active())
        for channel in channels:
            channel.url = channel.get_absolute_url()
        local_cache().set(key, channels, LOCAL_TIMEOUT)
    return channels


def related_rows(relation: str) -> QuerySet:
    """Every row of a topic's reverse relation, named as on the topic ("comments",
    "opinions"). Comments are an app above this one: topics reads their rows through
    the relation's name, never by importing them."""
    return Topic._meta.get_field(relation).related_model._default_manager.all()


def related_count(relation: str, **filters) -> Coalesce:
    """How many rows of the relation each topic has: a subquery per topic, one query."""
    field = Topic._meta.get_field(relation).field.name
    rows = (
        related_rows(relation)
        .filter(**{field: OuterRef("pk")}, **filters)
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def related_value(relation: str, column: str) -> Subquery:
    """A column of the topic's row in a one-to-one relation of an app above this one
    (the episode's thumbnail), as a subquery: no query of its own."""
    field = Topic._meta.get_field(relation).field.name
    rows = related_rows(relation).filter(**{field: OuterRef("pk")}).values(column)[:1]
    return Subquery(rows)


def topic_cards(queryset: QuerySet[Topic]) -> QuerySet[Topic]:
    """What a topic card shows, in the same single query for any number of cards: its
    picture is the cover, else the episode's thumbnail (`episode_picture`, a stored
    file's name), else a banner in the channel's colour."""
    return queryset.select_related("channel", "proposer").annotate(
        comment_count=related_count("comments", deleted_at__isnull=True),
        opinion_count=related_count("opinions"),
        episode_picture=related_value("episode", "thumbnail"),
    )


def topics_gathering_support(*, channel: Channel | None = None) -> QuerySet[Topic]:
    """Proposed and accepted topics: those still rallying opinions, guests and sponsors."""
    return topic_list_public(channel=channel).filter(
        status__in=[TopicStatus.PROPOSED, TopicStatus.ACCEPTED]
    )


def recordings_upcoming(*, limit: int = 6) -> list[Topic]:
    """The next recordings on the calendar, soonest first."""
    versions.read(LISTS)  # what a cached page showing it depends on
    return list(
        scheduled_recordings()
        .filter(status=TopicStatus.SCHEDULED, recording_at__gte=timezone.now())
        .select_related("proposer")[:limit]
    )


def topic_list_public(*, channel: Channel | None = None) -> QuerySet[Topic]:
    versions.read(LISTS)  # what a cached page showing it depends on
    topics = Topic.objects.filter(status__in=PUBLIC_STATUSES, channel__is_active=True)
    if channel is not None:
        topics = topics.filter(channel=channel)
    return topic_cards(topics).order_by("-created_at", "-pk")


def topic_for_page(*, slug: str) -> Topic | None:
    return (
        Topic.objects.select_related("channel", "proposer", "studio")
        .prefetch_related(Prefetch("co_proposers", queryset=User.objects.order_by("full_name")))
        .filter(slug=slug)
        .first()
    )


def scheduled_recordings(*, channel: Channel | None = None) -> QuerySet[Topic]:
    topics = Topic.objects.filter(
        status__in=[TopicStatus.SCHEDULED, *RECORDED_STATUSES],
        recording_at__isnull=False,
        channel__is_active=True,
    ).select_related("channel", "studio")
    if channel is not None:
        topics = topics.filter(channel=channel)
    return topics.order_by("recording_at")
