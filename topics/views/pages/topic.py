"""The topic page, proposing and editing a topic, submitting and withdrawing it."""

from dataclasses import astuple
from hashlib import sha256

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from core.pagecache import visitor_page_cache
from topics import selectors, services
from topics.forms import (
    FeedbackForm,
    OpinionForm,
    ParticipationRequestForm,
    TopicForm,
)
from topics.models import (
    Topic,
    TopicStatus,
)
from topics.personal import render_shared
from topics.rules import can
from topics.video import video_embed


def invited_message() -> str:
    """Said alike whether the addresses are members' or not."""
    return _(
        "If these addresses belong to members, they are invited to bring the topic with you; "
        "they become co-proposers once they accept."
    )


class TopicMixin:
    """Loads the topic named in the URL, as a 404 for anyone who may not read it."""

    permission_required = "topics.read_topic"

    def get_topic(self) -> Topic:
        if not hasattr(self, "_topic"):
            topic = selectors.topic_for_reading(slug=self.kwargs["slug"])
            if topic is None or not can(self.request.user, "topics.read_topic", topic):
                raise Http404
            if self.permission_required != "topics.read_topic" and not can(
                self.request.user, self.permission_required, topic
            ):
                raise PermissionDenied
            self._topic = topic
        return self._topic


# What a viewer may do on a topic page because of their role on it: a viewer with any of
# them gets a page of their own; members with none share one (topics/personal.py).
ROLE_PERMISSIONS = (
    "edit_topic",
    "submit_topic",
    "withdraw_topic",
    "view_preparation_notes",
    "view_address",
    "view_feedback",
    "view_participation_requests",
    "decide_topic",
)
# What every member without a role may do alike on a given topic.
MEMBER_PERMISSIONS = ("give_opinion", "give_feedback", "take_part")


def topic_page(request, topic: Topic, status: int = 200, **forms) -> HttpResponse:
    """Render the topic page; the bound form that failed, if any, replaces the blank one.

    Blocks every reader sees are fragments cached in the worker's memory (see
    the template); what they need is read only when a fragment is missing. The comment
    thread is the comments app's block (`{% topic_comments %}`), keyed by `v.comments`.
    """
    user = request.user
    mine = selectors.topic_member_state(topic=topic, user=user)
    may = {
        name: can(user, f"topics.{name}", topic)
        for name in (*ROLE_PERMISSIONS, *MEMBER_PERMISSIONS)
    }
    context = {
        "topic": topic,
        "channel": topic.channel,
        "can": may,
        "mine": mine,
        "unread_notifications": mine.unread_notifications if user.is_authenticated else None,
        "shared": selectors.TopicPageExtras(topic),
        "v": selectors.TopicPageVersions.of(topic),
        "feedback_received": selectors.feedback_for_topic(topic=topic)
        if may["view_feedback"]
        else [],
        "requests_received": selectors.participation_requests_for_topic(topic=topic)
        if may["view_participation_requests"]
        else [],
        # A form that failed comes back bound; blank ones are built only when their
        # cached rendering is missing.
        **forms,
        "blank_forms": BlankTopicForms(topic=topic, opinion=mine.opinion),
        "share_url": request.build_absolute_uri(topic.get_absolute_url()),
        # The address members share: it counts the clicks (TopicShareView).
        "share_link": request.build_absolute_uri(reverse("topics:topic_share", args=[topic.slug])),
        "video": video_embed(topic.video_url) if topic.status == TopicStatus.PUBLISHED else None,
    }
    shared_with_members = (
        settings.PERSONAL_SHELL
        and user.is_authenticated
        and status == 200
        and not forms
        and not any(may[name] for name in ROLE_PERMISSIONS)
        and len(get_messages(request)) == 0
    )
    if shared_with_members:
        # Every member without a role on the topic gets the same page but for their own
        # blocks: rendered once, then only those blocks per request (topics/personal.py).
        raw = "|".join(
            [
                request.get_host(),
                request.get_full_path(),
                get_language(),
                *astuple(context["v"]),
            ]
        )
        key = "topic-shell:" + sha256(raw.encode()).hexdigest()
        response = render_shared(request, "topics/topic_detail.html", context, key=key)
    else:
        response = render(request, "topics/topic_detail.html", context, status=status)
    if context["video"] is not None:
        # The page may frame (or play) exactly the episode's host, nothing else.
        directive = "media-src" if context["video"].is_file else "frame-src"
        response._csp_replace = {directive: [context["video"].origin]}
    return response


class BlankTopicForms:
    """The topic page's forms, blank, built only when their cached rendering is missing."""

    def __init__(self, *, topic: Topic, opinion: str):
        self.topic, self.opinion = topic, opinion

    def opinion_form(self):
        return OpinionForm(initial={"choice": self.opinion or None})

    def feedback_form(self):
        return FeedbackForm()

    def participation_form(self):
        return ParticipationRequestForm()


@method_decorator(visitor_page_cache, name="dispatch")
class TopicDetailView(TopicMixin, View):
    def get(self, request, slug):
        try:
            topic = self.get_topic()
        except Http404:
            # Links in notifications, mails and feeds outlive a declined or withdrawn
            # topic: its address says it is no longer public (410), not "never existed".
            if selectors.topic_was_public(slug=slug):
                return render(request, "topics/topic_gone.html", status=410)
            raise
        return topic_page(request, topic)


class TopicProposeView(LoginRequiredMixin, FormView):
    template_name = "topics/topic_form.html"
    form_class = TopicForm

    def get_initial(self):
        initial = super().get_initial()
        channel = selectors.channel_by_slug(slug=self.request.GET.get("channel", ""))
        if channel:
            initial["channel"] = channel
        initial["language"] = self.request.LANGUAGE_CODE
        return initial

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        submit = "submit" in self.request.POST
        topic = services.topic_create(
            proposer=self.request.user,
            channel=data.pop("channel"),
            title=data.pop("title"),
            summary=data.pop("summary"),
            body=data.pop("body"),
            cover=data.pop("cover_upload"),
            co_proposer_emails=data.pop("co_proposer_emails"),
            connected_topics=data.pop("connected_links"),
            submit=submit,
            **data,
        )
        if submit:
            messages.success(
                self.request, _("Your topic is proposed. The organizers will review it.")
            )
        else:
            messages.success(
                self.request, _("Your draft is saved. Only you and the organizers can see it.")
            )
        if form.cleaned_data["co_proposer_emails"]:
            messages.info(self.request, invited_message())
        return redirect(topic)


class TopicEditView(LoginRequiredMixin, TopicMixin, FormView):
    template_name = "topics/topic_form.html"
    form_class = TopicForm
    permission_required = "topics.edit_topic"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_topic()
        kwargs["may_invite"] = can(
            self.request.user, "topics.invite_co_proposers", self.get_topic()
        )
        return kwargs

    def get_context_data(self, **kwargs):
        topic = self.get_topic()
        if can(self.request.user, "topics.invite_co_proposers", topic):
            kwargs["invitations"] = selectors.co_proposer_invitations_for_topic(topic=topic)
        kwargs["edits_told"] = topic.status in services.EDIT_WATCHED_STATUSES
        return super().get_context_data(topic=topic, **kwargs)

    def form_invalid(self, form):
        self.get_topic().refresh_from_db()
        return super().form_invalid(form)

    def form_valid(self, form):
        topic = self.get_topic()
        emails = form.cleaned_data.get("co_proposer_emails")
        # Addresses the list did not hold before (the initial value is one per line).
        invited = bool(set(emails or ()) - set(form.initial.get("co_proposer_emails", "").split()))
        services.topic_update(
            topic=topic,
            data=form.cleaned_data,
            actor=self.request.user,
            cover=form.cleaned_data.get("cover_upload"),
            co_proposer_emails=emails,
            connected_topics=form.cleaned_data["connected_links"],
        )
        if "submit" in self.request.POST and topic.status == TopicStatus.DRAFT:
            services.topic_transition(
                topic=topic, to_status=TopicStatus.PROPOSED, actor=self.request.user
            )
            messages.success(
                self.request, _("Your topic is proposed. The organizers will review it.")
            )
        else:
            messages.success(self.request, _("The topic is saved."))
        if invited:
            messages.info(self.request, invited_message())
        return redirect(topic)


class TopicTransitionView(LoginRequiredMixin, TopicMixin, View):
    """Proposer actions on the life cycle: submit a draft, withdraw."""

    to_status: str = ""
    success_message = ""

    def post(self, request, slug):
        topic = self.get_topic()
        try:
            services.topic_transition(topic=topic, to_status=self.to_status, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.success_message)
        return redirect(topic)


class TopicSubmitView(TopicTransitionView):
    permission_required = "topics.submit_topic"
    to_status = TopicStatus.PROPOSED
    success_message = _("Your topic is proposed. The organizers will review it.")


class TopicWithdrawView(TopicTransitionView):
    permission_required = "topics.withdraw_topic"
    to_status = TopicStatus.WITHDRAWN
    success_message = _("The topic is withdrawn.")
