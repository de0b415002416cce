"""Reads for the episode page, the topic page's block, the search and the podcast."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch, Q, QuerySet
from django.templatetags.static import static

from comments.models import Comment
from core import versions
from core.versions import LISTS
from episodes.models import Chapter, Episode, TranscriptCue
from episodes.video import provider_thumbnail
from sponsorship.models import InterestStatus, Question, SponsorshipInterest
from topics.models import (
    Channel,
    ParticipationRequest,
    ParticipationRole,
    ParticipationStatus,
    Topic,
    TopicStatus,
)
from topics.search import query_words
from topics.video import VideoEmbed, video_embed

PLACEHOLDER_THUMBNAIL = "episodes/placeholder.svg"
SEARCH_CUES_SHOWN = 20
PODCAST_ITEMS = 100
LATEST_EPISODES = 6


def episode_of(topic: Topic) -> Episode | None:
    """The topic's episode with its host, or None when none was made yet."""
    return Episode.objects.select_related("host_member").filter(topic=topic).first()


def thumbnail_url(*, topic: Topic, episode: Episode | None, embed: VideoEmbed | None) -> str:
    """The uploaded thumbnail; else YouTube's still; else the topic's cover; else a
    neutral placeholder."""
    if episode is not None and episode.thumbnail:
        return episode.thumbnail.url
    still = provider_thumbnail(embed)
    if still:
        return still
    if topic.cover:
        return topic.cover.url
    return static(PLACEHOLDER_THUMBNAIL)


@dataclass
class EpisodePage:
    """What the episode page shows."""

    topic: Topic
    episode: Episode | None
    embed: VideoEmbed | None
    chapters: list[Chapter] = field(default_factory=list)
    cues: list[TranscriptCue] = field(default_factory=list)

    @cached_property
    def thumbnail(self) -> str:
        return thumbnail_url(topic=self.topic, episode=self.episode, embed=self.embed)

    @cached_property
    def guests(self) -> list[ParticipationRequest]:
        return episode_guests(topic=self.topic)

    @cached_property
    def sponsors(self) -> list[SponsorshipInterest]:
        return list(
            SponsorshipInterest.objects.filter(
                topic=self.topic, status=InterestStatus.CONFIRMED, may_name_publicly=True
            ).order_by("organisation")
        )

    @cached_property
    def co_proposers(self) -> list:
        return list(self.topic.co_proposers.all())


def episode_guests(*, topic: Topic) -> list[ParticipationRequest]:
    """The accepted guests who consented to being filmed and published, for the credits."""
    return list(
        ParticipationRequest.objects.filter(
            topic=topic,
            status=ParticipationStatus.ACCEPTED,
            consent_at__isnull=False,
        )
        .exclude(role=ParticipationRole.AUDIENCE)
        .select_related("applicant")
        .order_by("role", "created_at")
    )


def episode_page(*, topic: Topic) -> EpisodePage:
    episode = episode_of(topic)
    embed = video_embed(topic.video_url)
    chapters: list[Chapter] = []
    cues: list[TranscriptCue] = []
    if episode is not None:
        chapters = list(
            episode.chapters.select_related("comment", "question__questionnaire").order_by(
                "start", "pk"
            )
        )
        cues = list(episode.cues.order_by("start_ms", "pk"))
    return EpisodePage(topic=topic, episode=episode, embed=embed, chapters=chapters, cues=cues)


def comments_for_chapters(*, topic: Topic) -> QuerySet[Comment]:
    """The comments a chapter may link to: the topic's visible ones, newest first."""
    return (
        Comment.objects.filter(topic=topic, deleted_at__isnull=True, hidden_at__isnull=True)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


def questions_for_chapters(*, topic: Topic) -> QuerySet[Question]:
    return Question.objects.filter(questionnaire__topic=topic, retired_at__isnull=True).order_by(
        "order", "pk"
    )


def transcript_search(*, query: str) -> list[TranscriptCue]:
    """Cues of published episodes holding every word of the query (case-insensitive,
    on SQLite as on PostgreSQL), each with its episode's topic."""
    words = query_words(query)
    if not words:
        return []
    condition = Q()
    for word in words:
        condition &= Q(text__icontains=word)
    return list(
        TranscriptCue.objects.filter(condition, episode__topic__status=TopicStatus.PUBLISHED)
        .select_related("episode__topic__channel")
        .order_by("-episode__topic__published_at", "episode_id", "start_ms", "pk")[
            :SEARCH_CUES_SHOWN
        ]
    )


def podcast_episodes(*, channel: Channel) -> list[Topic]:
    """The channel's published topics, newest first, with their episode and chapters."""
    topics = (
        Topic.objects.filter(channel=channel, status=TopicStatus.PUBLISHED)
        .select_related("proposer", "episode__host_member", "channel")
        .prefetch_related(
            "co_proposers",
            "episode__chapters",
            Prefetch(
                "participation_requests",
                queryset=ParticipationRequest.objects.filter(
                    status=ParticipationStatus.ACCEPTED, consent_at__isnull=False
                )
                .exclude(role=ParticipationRole.AUDIENCE)
                .select_related("applicant")
                .order_by("role", "created_at"),
                to_attr="credited_guests",
            ),
        )
        .order_by("-published_at", "-pk")[:PODCAST_ITEMS]
    )
    return list(topics)


def episode_for_topic_block(*, topic: Topic) -> EpisodePage:
    """The topic page's "Watch the episode" block: no chapters nor cues."""
    return EpisodePage(topic=topic, episode=episode_of(topic), embed=video_embed(topic.video_url))


@dataclass(frozen=True)
class EpisodeCard:
    """An episode in a list: its topic, its picture and its duration."""

    topic: Topic
    thumbnail: str
    duration: str


def episodes_latest(*, limit: int = LATEST_EPISODES) -> list[EpisodeCard]:
    """The last episodes published on active channels, newest first, in one query."""
    versions.read(LISTS)  # what a cached page showing them depends on
    topics = (
        Topic.objects.filter(status=TopicStatus.PUBLISHED, channel__is_active=True)
        .select_related("channel", "episode")
        .order_by("-published_at", "-pk")[:limit]
    )
    cards = []
    for topic in topics:
        # A topic without an episode row raises on the accessor (an AttributeError).
        episode = topic.episode if hasattr(topic, "episode") else None
        cards.append(
            EpisodeCard(
                topic=topic,
                thumbnail=thumbnail_url(
                    topic=topic, episode=episode, embed=video_embed(topic.video_url)
                ),
                duration=episode.duration_display if episode and episode.duration else "",
            )
        )
    return cards
