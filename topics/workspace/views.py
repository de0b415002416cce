"""The organizers' workspace: a section of the site, not the Django admin."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from topics import services
from topics.forms import (
    FollowUpForm,
    GuestMessageForm,
    ParticipationDecisionForm,
    PublishForm,
    RecordingCancelForm,
    RecordingProgressForm,
    ScheduleForm,
    TopicDecisionForm,
    TopicHandleForm,
    UnpublishForm,
)
from topics.models import Channel, ParticipationRequest, TopicStatus
from topics.rules import can
from topics.views.pages import TopicMixin
from topics.workspace import selectors as workspace
from topics.workspace.filters import WorkspaceTopicFilter


class WorkspaceDashboardView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    template_name = "topics/workspace/dashboard.html"
    permission_required = "topics.access_workspace"

    def get_context_data(self, **kwargs):
        desks = workspace.workspace_desks(user=self.request.user)
        return super().get_context_data(
            desks=desks, channel_ids=[d.channel.pk for d in desks], **kwargs
        )


class WorkspaceTopicListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Every topic of the organizer's channels: by state, channel, words, or overdue."""

    template_name = "topics/workspace/topic_list.html"
    permission_required = "topics.access_workspace"
    per_page = 50

    def get_context_data(self, **kwargs):
        user = self.request.user
        channels = workspace.channels_organized_by(user=user)
        topic_filter = WorkspaceTopicFilter(
            self.request.GET or None,
            queryset=workspace.workspace_topics(user=user)
            .select_related("channel", "proposer", "handled_by")
            .order_by("-submitted_at", "-created_at"),
            channels=Channel.objects.filter(pk__in=[c.pk for c in channels]),
        )
        topics = topic_filter.qs if topic_filter.is_bound else topic_filter.queryset
        page = Paginator(topics, self.per_page).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter=topic_filter,
            page=page,
            query=query.urlencode(),
            **kwargs,
        )


class WorkspaceTopicMixin(LoginRequiredMixin, TopicMixin):
    permission_required = "topics.decide_topic"


def workspace_topic_page(request, topic, status=200, **forms):
    recording = timezone.localtime(topic.recording_at) if topic.recording_at else None
    studios = workspace.studios_for_scheduling(topic=topic)
    context = {
        "topic": topic,
        "decision_form": forms.get("decision_form") or TopicDecisionForm(),
        "schedule_form": forms.get("schedule_form")
        or ScheduleForm(
            initial={
                "recording_at": recording,
                "duration": topic.recording_duration,
                "place": ScheduleForm.place_of(topic),
                "location_detail": topic.location_detail,
            },
            studios=studios,
        ),
        "publish_form": forms.get("publish_form")
        or PublishForm(initial={"video_url": topic.video_url}),
        "video_form": forms.get("video_form")
        or PublishForm(initial={"video_url": topic.video_url}, prefix="video"),
        "unpublish_form": forms.get("unpublish_form") or UnpublishForm(),
        "cancel_form": forms.get("cancel_form") or RecordingCancelForm(),
        "follow_up_form": forms.get("follow_up_form") or FollowUpForm(),
        "message_form": GuestMessageForm(),
        **workspace.workspace_topic(topic=topic),
        "can": {
            name: can(request.user, f"topics.{name}", topic)
            for name in (
                "decide_proposal",
                "schedule_topic",
                "cancel_recording",
                "mark_recorded",
                "start_post_production",
                "publish_topic",
                "plan_follow_up",
                "replace_video",
                "unpublish_topic",
            )
        },
    }
    bound = forms.get("participation_form")
    context["request_forms"] = [
        (
            participation,
            bound
            if bound is not None and bound.request_pk == participation.pk
            else ParticipationDecisionForm(request_pk=participation.pk),
        )
        for participation in context["requests"]
    ]
    return render(request, "topics/workspace/topic.html", context, status=status)


class WorkspaceTopicView(WorkspaceTopicMixin, View):
    def get(self, request, slug):
        return workspace_topic_page(request, self.get_topic())


class TopicDecideView(WorkspaceTopicMixin, View):
    def post(self, request, slug):
        topic = self.get_topic()
        form = TopicDecisionForm(request.POST)
        if form.is_valid():
            try:
                services.topic_decide(
                    topic=topic,
                    to_status=form.cleaned_data["decision"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The decision is recorded and the proposer told."))
                return redirect("topics:workspace_topic", slug=topic.slug)
        return workspace_topic_page(request, topic, status=400, decision_form=form)


class TopicHandleView(WorkspaceTopicMixin, View):
    """Take charge of a topic, take it over, or let it go."""

    def post(self, request, slug):
        topic = self.get_topic()
        form = TopicHandleForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(_("This is not something one can do with a topic."))
        action = form.cleaned_data["action"]
        change = services.topic_take if action == "take" else services.topic_let_go
        try:
            change(topic=topic, organizer=request.user, replacing=form.cleaned_data["current"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("You are in charge of this topic; the other organizers see it.")
                if action == "take"
                else _("No one is in charge of this topic now."),
            )
        return redirect("topics:workspace_topic", slug=topic.slug)


class TopicScheduleView(WorkspaceTopicMixin, View):
    def post(self, request, slug):
        topic = self.get_topic()
        studios = workspace.studios_for_scheduling(topic=topic)
        form = ScheduleForm(
            request.POST,
            studios=studios,
            conflicts="override" in request.POST,
            kept_studio=topic.studio,
        )
        if form.is_valid():
            try:
                services.topic_schedule(
                    topic=topic,
                    actor=request.user,
                    recording_at=form.cleaned_data["recording_at"],
                    duration=form.cleaned_data["duration"],
                    studio=form.cleaned_data["studio"],
                    location=form.cleaned_data["location"],
                    location_detail=form.cleaned_data["location_detail"],
                    override=form.cleaned_data.get("override", False),
                )
            except services.ScheduleConflictError as error:
                # Asked again, with "Schedule anyway" to tick.
                form = ScheduleForm(
                    request.POST, studios=studios, conflicts=True, kept_studio=topic.studio
                )
                form.is_valid()
                form.add_error(None, error)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The recording is scheduled."))
                return redirect("topics:workspace_topic", slug=topic.slug)
        return workspace_topic_page(request, topic, status=400, schedule_form=form)


class TopicRecordingCancelView(WorkspaceTopicMixin, View):
    def post(self, request, slug):
        topic = self.get_topic()
        form = RecordingCancelForm(request.POST)
        if form.is_valid():
            try:
                services.topic_recording_cancel(
                    topic=topic, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The recording is cancelled; the calendars are told. Schedule it again."),
                )
                return redirect("topics:workspace_topic", slug=topic.slug)
        return workspace_topic_page(request, topic, status=400, cancel_form=form)


class TopicRecordingProgressView(WorkspaceTopicMixin, View):
    """Recorded, then in post-production."""

    def post(self, request, slug):
        topic = self.get_topic()
        form = RecordingProgressForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(_("This is not something one can do with a topic."))
        move = (
            services.topic_mark_recorded
            if form.cleaned_data["to_status"] == TopicStatus.RECORDED
            else services.topic_post_production_start
        )
        try:
            move(topic=topic, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The topic is now: %(status)s.") % {"status": topic.get_status_display()},
            )
        return redirect("topics:workspace_topic", slug=topic.slug)


class TopicFollowUpView(WorkspaceTopicMixin, View):
    def post(self, request, slug):
        topic = self.get_topic()
        form = FollowUpForm(request.POST)
        if form.is_valid():
            try:
                follow_up = services.topic_follow_up_create(
                    topic=topic, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("The follow-up is accepted: complete its text, then schedule it.")
                )
                return redirect("topics:workspace_topic", slug=follow_up.slug)
        return workspace_topic_page(request, topic, status=400, follow_up_form=form)


class TopicPublishView(WorkspaceTopicMixin, View):
    def post(self, request, slug):
        topic = self.get_topic()
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                services.topic_publish(
                    topic=topic, actor=request.user, video_url=form.cleaned_data["video_url"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The episode is published."))
                return redirect(topic)
        return workspace_topic_page(request, topic, status=400, publish_form=form)


class TopicVideoReplaceView(WorkspaceTopicMixin, View):
    def post(self, request, slug):
        topic = self.get_topic()
        form = PublishForm(request.POST, prefix="video")
        if form.is_valid():
            try:
                services.topic_video_replace(
                    topic=topic, actor=request.user, video_url=form.cleaned_data["video_url"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The episode's video is replaced."))
                return redirect(topic)
        return workspace_topic_page(request, topic, status=400, video_form=form)


class TopicUnpublishView(WorkspaceTopicMixin, View):
    def post(self, request, slug):
        topic = self.get_topic()
        form = UnpublishForm(request.POST)
        if form.is_valid():
            services.topic_unpublish(
                topic=topic, actor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request, _("The episode is no longer on the site; publish it again when ready.")
            )
            return redirect("topics:workspace_topic", slug=topic.slug)
        return workspace_topic_page(request, topic, status=400, unpublish_form=form)


def _participation_decided_by(user, pk: int) -> ParticipationRequest:
    """A request to take part on a topic this organizer decides on (403 otherwise)."""
    participation = get_object_or_404(
        ParticipationRequest.objects.select_related("topic__channel", "applicant"), pk=pk
    )
    if not can(user, "topics.decide_topic", participation.topic):
        raise PermissionDenied
    return participation


class GuestMessageView(LoginRequiredMixin, View):
    """An organizer writes to a participant from the workspace."""

    def post(self, request, pk):
        participation = _participation_decided_by(request.user, pk)
        form = GuestMessageForm(request.POST)
        if form.is_valid():
            services.guest_message_send(
                request=participation, by=request.user, body=form.cleaned_data["body"]
            )
            messages.success(
                request,
                _("Your message is sent to %(name)s and kept with the topic.")
                % {"name": participation.applicant.display_name},
            )
        else:
            messages.error(request, " ".join(form.errors.get("body", [])))
        return redirect(
            reverse("topics:workspace_topic", kwargs={"slug": participation.topic.slug})
            + "#requests"
        )


class ParticipationDecideView(LoginRequiredMixin, View):
    def post(self, request, pk):
        participation = _participation_decided_by(request.user, pk)
        form = ParticipationDecisionForm(request.POST, request_pk=participation.pk)
        if form.is_valid():
            try:
                services.participation_request_decide(
                    request=participation,
                    status=form.cleaned_data["status"],
                    actor=request.user,
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The decision is recorded and the applicant told."))
                return redirect("topics:workspace_topic", slug=participation.topic.slug)
        return workspace_topic_page(
            request, participation.topic, status=400, participation_form=form
        )
