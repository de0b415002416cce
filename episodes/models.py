"""An episode's page: its thumbnail, duration, host, chapters and transcript."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.versions import VersionedQuerySet
from episodes.timecodes import timecode_format
from topics.models import Topic


def episode_thumbnail_path(instance: Episode, filename: str) -> str:
    return f"episodes/thumbnails/{filename}"


class Episode(models.Model):
    """What the episode page shows beyond the topic: one per topic, made by its organizers."""

    topic = models.OneToOneField(
        Topic, on_delete=models.CASCADE, related_name="episode", verbose_name=_("topic")
    )
    thumbnail = models.ImageField(_("thumbnail"), upload_to=episode_thumbnail_path, blank=True)
    # The square copy core.images makes with every re-encoded upload (for lists).
    thumbnail_small = models.ImageField(
        upload_to=episode_thumbnail_path, blank=True, editable=False
    )
    duration = models.PositiveIntegerField(
        _("duration (seconds)"), null=True, blank=True, help_text=_("Optional.")
    )
    # The host as credited: a member, or a name for someone who is not one.
    host_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="episodes_hosted",
        verbose_name=_("host (member)"),
    )
    host_name = models.CharField(
        _("host (name)"),
        max_length=150,
        blank=True,
        help_text=_("For a host who is not a member; a member chosen above comes first."),
    )
    # The WebVTT file as uploaded, served as is for download and podcast apps; its
    # cues are rows (TranscriptCue) for the page and the search.
    transcript = models.TextField(_("transcript (WebVTT)"), blank=True, editable=False)
    transcript_uploaded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        verbose_name = _("episode")
        verbose_name_plural = _("episodes")

    def __str__(self) -> str:
        return str(self.topic)

    def get_absolute_url(self) -> str:
        return reverse("episodes:episode_detail", kwargs={"slug": self.topic.slug})

    @property
    def host_display(self) -> str:
        if self.host_member_id is not None:
            return self.host_member.display_name
        return self.host_name

    @property
    def duration_display(self) -> str:
        return timecode_format(self.duration)


class Chapter(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="chapters")
    start = models.PositiveIntegerField(_("start (seconds)"))
    title = models.CharField(_("title"), max_length=200)
    comment = models.ForeignKey(
        "comments.Comment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comment"),
    )
    question = models.ForeignKey(
        "sponsorship.Question",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("questionnaire question"),
    )

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    def __str__(self) -> str:
        return f"{timecode_format(self.start)} {self.title}"

    @property
    def start_display(self) -> str:
        return timecode_format(self.start)

    def clean(self) -> None:
        """A chapter starts within the episode, and links to its own topic's rows only:
        every writer (the services, the admin's inline) runs this."""
        errors: dict[str, str] = {}
        episode = self.episode
        end = episode.duration
        if end is not None and self.start is not None and self.start > end:
            errors["start"] = _(
                "The chapter starts at %(start)s, after the end of the episode (%(end)s)."
            ) % {"start": timecode_format(self.start), "end": timecode_format(episode.duration)}
        if self.comment_id is not None and self.comment.topic_id != episode.topic_id:
            errors["comment"] = _("This comment is not on this episode's topic.")
        question = self.question if self.question_id is not None else None
        if question is not None and question.questionnaire.topic_id != episode.topic_id:
            errors["question"] = _("This question is not in this topic's questionnaire.")
        if errors:
            raise ValidationError(errors)


class TranscriptCue(models.Model):
    """One cue of the transcript, as parsed from the uploaded WebVTT file."""

    episode = models.ForeignKey(
        Episode, on_delete=models.CASCADE, related_name="cues", db_index=False
    )
    start_ms = models.PositiveIntegerField()
    end_ms = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["episode", "start_ms", "pk"]
        indexes = [models.Index(fields=["episode", "start_ms"])]

    def __str__(self) -> str:
        return f"{timecode_format(self.start_seconds)} {self.text[:50]}"

    @property
    def start_seconds(self) -> int:
        return self.start_ms // 1000

    @property
    def start_display(self) -> str:
        return timecode_format(self.start_seconds)
