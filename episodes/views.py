"""The episode page, its files (chapters, transcript), and the organizers' episode form."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from core.pagecache import visitor_page_cache
from episodes import selectors, services
from episodes.forms import EpisodeForm, TranscriptForm, chapter_formset, chapter_initial
from episodes.video import video_from
from topics.models import Topic
from topics.rules import can
from topics.selectors import topic_for_reading
from topics.views import TopicMixin

CUES_PREVIEWED = 8
CHAPTERS_FORMAT_VERSION = "1.2.0"


def _episode_topic(request, slug: str) -> Topic:
    """The topic of an episode page: a 404 for anyone who may not see it yet."""
    topic = topic_for_reading(slug=slug)
    if topic is None or not can(request.user, "episodes.view_episode", topic):
        raise Http404
    return topic


def start_second(request, duration: int | None) -> int:
    """The second asked for (?t=N), within the episode; anything else is 0."""
    try:
        seconds = max(0, int(request.GET.get("t", "0")))
    except ValueError:
        return 0
    if duration is not None:
        seconds = min(seconds, duration)
    return seconds


@method_decorator(visitor_page_cache, name="dispatch")
class EpisodeDetailView(View):
    def get(self, request, slug):
        topic = _episode_topic(request, slug)
        page = selectors.episode_page(topic=topic)
        start = start_second(request, page.episode.duration if page.episode else None)
        video = video_from(page.embed, start) if page.embed is not None else None
        context = {
            "topic": topic,
            "page": page,
            "episode": page.episode,
            # For link previews (og:image): an absolute address.
            "thumbnail_absolute": request.build_absolute_uri(page.thumbnail),
            "video": video,
            "start": start,
            "preview": not topic.is_published,
            "can_edit": can(request.user, "episodes.edit_episode", topic),
        }
        response = render(request, "episodes/episode_detail.html", context)
        if video is not None:
            # The page may frame (or play) exactly the episode's host, nothing else.
            directive = "media-src" if video.is_file else "frame-src"
            response._csp_replace = {directive: [video.origin]}
        return response


class EpisodeChaptersView(View):
    """The chapters as a JSON chapters file (Podcasting 2.0, version 1.2.0)."""

    def get(self, request, slug):
        topic = _episode_topic(request, slug)
        page = selectors.episode_page(topic=topic)
        chapters = []
        for chapter in page.chapters:
            item = {"startTime": chapter.start, "title": chapter.title}
            if chapter.comment_id is not None:
                item["url"] = request.build_absolute_uri(chapter.comment.get_absolute_url())
            chapters.append(item)
        body = {"version": CHAPTERS_FORMAT_VERSION, "title": topic.title, "chapters": chapters}
        return HttpResponse(
            json.dumps(body, ensure_ascii=False),
            content_type="application/json+chapters; charset=utf-8",
        )


class EpisodeTranscriptView(View):
    """The WebVTT file as uploaded."""

    def get(self, request, slug):
        topic = _episode_topic(request, slug)
        episode = selectors.episode_of(topic)
        if episode is None or not episode.transcript:
            raise Http404
        response = HttpResponse(episode.transcript, content_type="text/vtt; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{topic.slug}.vtt"'
        return response


class EpisodeWorkspaceView(LoginRequiredMixin, TopicMixin, View):
    """The organizers' form for the episode page: details, chapters, transcript."""

    permission_required = "episodes.edit_episode"

    def render_page(self, request, topic, *, form=None, formset=None, transcript_form=None,
                    status=200):  # fmt: skip
        episode = selectors.episode_of(topic)
        if form is None:
            initial = {}
            if episode is not None:
                initial = {
                    "duration": episode.duration,
                    "host_member": episode.host_member_id,
                    "host_name": episode.host_name,
                }
            form = EpisodeForm(topic=topic, initial=initial)
        if formset is None:
            chapters = list(episode.chapters.all()) if episode is not None else []
            formset = chapter_formset(topic, initial=[chapter_initial(c) for c in chapters])
        context = {
            "topic": topic,
            "episode": episode,
            "form": form,
            "formset": formset,
            "transcript_form": transcript_form or TranscriptForm(),
            "cues_preview": list(episode.cues.all()[:CUES_PREVIEWED]) if episode else [],
            "cue_count": episode.cues.count() if episode else 0,
        }
        return render(request, "episodes/workspace_episode.html", context, status=status)

    def get(self, request, slug):
        return self.render_page(request, self.get_topic())

    def post(self, request, slug):
        topic = self.get_topic()
        form = EpisodeForm(request.POST, request.FILES, topic=topic)
        formset = chapter_formset(topic, request.POST)
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                services.episode_update(
                    topic=topic,
                    duration=data["duration"],
                    host_member=data["host_member"],
                    host_name=data["host_name"],
                    thumbnail=data["thumbnail_upload"],
                    thumbnail_remove=data["thumbnail_remove"],
                    chapters=formset.chapters(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The episode page is saved."))
                return redirect("episodes:workspace_episode", slug=topic.slug)
        return self.render_page(request, topic, form=form, formset=formset, status=400)


class TranscriptUploadView(LoginRequiredMixin, TopicMixin, View):
    permission_required = "episodes.edit_episode"

    def post(self, request, slug):
        topic = self.get_topic()
        form = TranscriptForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                episode = services.transcript_upload(topic=topic, file=form.cleaned_data["file"])
            except ValidationError as error:
                form.add_error("file", error)
            else:
                count = episode.cues.count()
                messages.success(
                    request,
                    _("The transcript is saved: %(count)s cues.") % {"count": count},
                )
                return redirect("episodes:workspace_episode", slug=topic.slug)
        return EpisodeWorkspaceView(request=request, kwargs={"slug": slug}).render_page(
            request, topic, transcript_form=form, status=400
        )
