"""Writes on episodes: the page's details, its chapters and its transcript."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from comments.models import Comment
from core.images import image_reencode
from episodes.models import Chapter, Episode, TranscriptCue
from episodes.timecodes import timecode_format
from episodes.transcripts import transcript_decode, transcript_parse
from sponsorship.models import Question
from topics.models import Topic

CUES_PER_BATCH = 1000


@dataclass(frozen=True)
class ChapterData:
    start: int
    title: str
    comment: Comment | None = None
    question: Question | None = None


def _episode_locked(topic: Topic) -> Episode:
    episode, _created = Episode.objects.select_for_update().get_or_create(topic=topic)
    episode.topic = topic
    return episode


def _thumbnail_store(episode: Episode, upload) -> None:
    clean = image_reencode(upload)
    _thumbnail_drop(episode)
    episode.thumbnail.save(clean.image.name, clean.image, save=False)
    episode.thumbnail_small.save(clean.thumbnail.name, clean.thumbnail, save=False)


def _thumbnail_drop(episode: Episode) -> None:
    for field in (episode.thumbnail, episode.thumbnail_small):
        if field:
            name, storage = field.name, field.storage
            transaction.on_commit(lambda n=name, s=storage: s.delete(n))
    episode.thumbnail = ""
    episode.thumbnail_small = ""


def _chapter_errors(chapters: Sequence[Chapter]) -> None:
    """Each chapter's rules (Chapter.clean), said with the chapter they concern."""
    messages: list[str] = []
    for number, chapter in enumerate(chapters, start=1):
        try:
            chapter.full_clean(exclude=["episode"], validate_unique=False)
        except ValidationError as error:
            for message in error.messages:
                messages.append(
                    _("Chapter %(number)s (%(title)s): %(message)s")
                    % {"number": number, "title": chapter.title, "message": message}
                )
    if messages:
        raise ValidationError(messages, code="chapter")


def _chapter_rows(episode: Episode, chapters: Sequence[ChapterData]) -> list[Chapter]:
    rows = [
        Chapter(
            episode=episode,
            start=data.start,
            title=data.title.strip(),
            comment=data.comment,
            question=data.question,
        )
        for data in sorted(chapters, key=lambda data: data.start)
    ]
    _chapter_errors(rows)
    return rows


def _chapters_replace(episode: Episode, rows: list[Chapter]) -> list[Chapter]:
    Chapter.objects.filter(episode=episode).delete()
    return Chapter.objects.bulk_create(rows)


@transaction.atomic
def chapters_set(*, episode: Episode, chapters: Sequence[ChapterData]) -> list[Chapter]:
    """Replace the episode's chapters with these, in time order. ValidationError (and
    nothing saved) when one starts after the end or links another topic's rows."""
    return _chapters_replace(episode, _chapter_rows(episode, chapters))


@transaction.atomic
def episode_update(
    *,
    topic: Topic,
    duration: int | None,
    host_member: User | None = None,
    host_name: str = "",
    thumbnail=None,
    thumbnail_remove: bool = False,
    chapters: Sequence[ChapterData] | None = None,
) -> Episode:
    """Save the episode's details (made on first use); `chapters`, when given, replace
    the chapters. A duration shorter than a chapter's start is refused."""
    episode = _episode_locked(topic)
    episode.duration = duration
    episode.host_member = host_member
    episode.host_name = host_name.strip()
    # Every check before anything is stored.
    rows = _chapter_rows(episode, chapters) if chapters is not None else None
    if rows is None and duration is not None and episode.pk is not None:
        late = episode.chapters.filter(start__gt=duration).first()
        if late is not None:
            raise ValidationError(
                _(
                    "The chapter “%(title)s” starts at %(start)s, after the new duration "
                    "(%(end)s): move it first."
                ),
                code="chapter",
                params={
                    "title": late.title,
                    "start": timecode_format(late.start),
                    "end": timecode_format(duration),
                },
            )
    if thumbnail is not None:
        _thumbnail_store(episode, thumbnail)
    elif thumbnail_remove:
        _thumbnail_drop(episode)
    episode.save()
    if rows is not None:
        _chapters_replace(episode, rows)
    return episode


@transaction.atomic
def transcript_upload(*, topic: Topic, file) -> Episode:
    """Keep the WebVTT file as uploaded and its cues as rows, replacing any before.
    ValidationError, nothing changed, for a file too large or malformed."""
    text = transcript_decode(file)
    cues = transcript_parse(text)
    episode = _episode_locked(topic)
    TranscriptCue.objects.filter(episode=episode).delete()
    TranscriptCue.objects.bulk_create(
        [
            TranscriptCue(episode=episode, start_ms=cue.start_ms, end_ms=cue.end_ms, text=cue.text)
            for cue in cues
        ],
        batch_size=CUES_PER_BATCH,
    )
    episode.transcript = text
    episode.transcript_uploaded_at = timezone.now()
    episode.save()
    return episode
