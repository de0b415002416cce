import re
from dataclasses import astuple
from functools import partial
from hashlib import sha256

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import cache_control
from django.views.generic import FormView, TemplateView

from accounts.fields import limit_text
from core import ratelimit
from core.pagecache import visitor_page_cache
from topics import selectors, services
from topics.filters import TopicFilter
from topics.forms import (
    CommentEditForm,
    CommentForm,
    CommentReportForm,
    FeedbackForm,
    OpinionForm,
    ParticipationRequestForm,
    TopicForm,
)
from topics.models import (
    Channel,
    Comment,
    CoProposerInvitation,
    ParticipationRequest,
    Topic,
    TopicStatus,
)
from topics.personal import render_shared
from topics.rules import can
from topics.search import snippet_for, topic_search
from topics.video import video_embed

TOPICS_PER_PAGE = 12
REPLY_MAX_LENGTH = Comment._meta.get_field("body").max_length
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
RATE_LIMITED_MESSAGE = ratelimit.LIMITED_MESSAGE


def _invited_message() -> str:
    """Said alike whether the addresses are members' or not."""
    return _(
        "If these addresses belong to members, they are invited to bring the topic with you; "
        "they become co-proposers once they accept."
    )


def _page(request, queryset):
    return Paginator(queryset, TOPICS_PER_PAGE).get_page(request.GET.get("page"))


def _filtered(request, queryset, **filter_kwargs):
    """Apply the URL's filters and sort; a bad value is ignored with its error shown."""
    topic_filter = TopicFilter(request.GET or None, queryset=queryset, **filter_kwargs)
    topics = topic_filter.qs if topic_filter.is_bound and topic_filter.is_valid() else queryset
    return topic_filter, topics


@method_decorator(visitor_page_cache, name="dispatch")
class HomeView(TemplateView):
    template_name = "topics/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["channels"] = list(selectors.channel_list_active())
        topic_filter, topics = _filtered(self.request, selectors.topic_list_public())
        context["filter"] = topic_filter
        context["page_obj"] = _page(self.request, topics)
        return context


@method_decorator(visitor_page_cache, name="dispatch")
class ChannelDetailView(TemplateView):
    template_name = "topics/channel_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        channel = get_object_or_404(Channel, slug=kwargs["slug"], is_active=True)
        context["channel"] = channel
        topic_filter, topics = _filtered(
            self.request, selectors.topic_list_public(channel=channel), fixed_channel=channel
        )
        context["filter"] = topic_filter
        context["page_obj"] = _page(self.request, topics)
        return context


@method_decorator(visitor_page_cache, name="dispatch")
class SearchView(TemplateView):
    template_name = "topics/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:200]
        topic_filter, topics = _filtered(self.request, selectors.topic_list_public())
        results = topic_search(query=query, queryset=topics) if query else Topic.objects.none()
        page = _page(self.request, results)
        context.update(
            query=query,
            filter=topic_filter,
            page_obj=page,
            results=[(topic, snippet_for(topic, query)) for topic in page.object_list],
        )
        return context


@cache_control(max_age=300, public=True)
def channel_styles(request):
    """Each channel's accent colour as a CSS class: colours without inline styles."""
    rules = [
        f".channel-{channel.pk} {{ --channel-color: {channel.accent_color}; }}"
        for channel in Channel.objects.only("pk", "accent_color")
        if HEX_COLOUR.fullmatch(channel.accent_color)
    ]
    return HttpResponse("\n".join(rules), content_type="text/css; charset=utf-8")


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


def _comment_page_number(request) -> int:
    """The page of the comment thread asked for (?comments=N); anything else is page 1."""
    try:
        return max(1, int(request.GET.get("comments", "1")))
    except ValueError:
        return 1


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
    the template); what they need is read only when a fragment is missing.
    """
    user = request.user
    comment_page_number = _comment_page_number(request)
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
        "shared": selectors.TopicPageExtras(topic),
        "comment_page_number": comment_page_number,
        "comment_page": partial(selectors.comment_page, topic=topic, number=comment_page_number),
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
        "video": video_embed(topic.video_url) if topic.status == TopicStatus.PUBLISHED else None,
    }
    shared_with_members = (
        user.is_authenticated
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

    def comment_form(self):
        return CommentForm(topic=self.topic)


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
            messages.info(self.request, _invited_message())
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
            messages.info(self.request, _invited_message())
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


class TopicActionView(LoginRequiredMixin, TopicMixin, View):
    """A form posted from the topic page; on error the page comes back with it.

    With a `rate_action`, what the member does counts against their rate limit
    (core.ratelimit): only a valid form the service accepts counts."""

    form_class = None
    form_name = ""
    rate_action = ""
    # The rule that offers the form on the page (the service holds it too).
    action_permission = ""

    def get_form(self, topic):
        return self.form_class(self.request.POST)

    def refusal(self, topic) -> str:
        """What a member the rules do not offer this form is told."""
        return _("This is not open to you on this topic.")

    def post(self, request, slug):
        topic = self.get_topic()
        if not topic.is_public:
            messages.error(request, _("This topic is not open to contributions yet."))
            return redirect(topic)
        if self.action_permission and not can(request.user, self.action_permission, topic):
            messages.error(request, self.refusal(topic))
            return redirect(topic)
        form = self.get_form(topic)
        if form.is_valid():
            member_id = request.user.pk
            if self.rate_action and not ratelimit.consume(
                action=self.rate_action, member_id=member_id
            ):
                form.add_error(None, RATE_LIMITED_MESSAGE)
                return topic_page(request, topic, status=429, **{self.form_name: form})
            try:
                return self.form_valid(topic, form)
            except ValidationError as error:
                if self.rate_action:
                    ratelimit.refund(action=self.rate_action, member_id=member_id)
                form.add_error(None, error)
        return topic_page(request, topic, status=400, **{self.form_name: form})


class OpinionSetView(TopicActionView):
    form_class = OpinionForm
    action_permission = "topics.give_opinion"
    form_name = "opinion_form"

    def form_valid(self, topic, form):
        services.opinion_set(
            topic=topic, member=self.request.user, choice=form.cleaned_data["choice"]
        )
        messages.success(self.request, _("Thank you, your opinion is recorded."))
        return redirect(f"{topic.get_absolute_url()}#opinion")


class FeedbackCreateView(TopicActionView):
    form_class = FeedbackForm
    action_permission = "topics.give_feedback"
    form_name = "feedback_form"
    rate_action = "feedback"

    def form_valid(self, topic, form):
        services.feedback_create(
            topic=topic, author=self.request.user, body=form.cleaned_data["body"]
        )
        messages.success(self.request, _("Thank you, your feedback was sent to the proposer."))
        return redirect(f"{topic.get_absolute_url()}#feedback")


class ParticipationRequestCreateView(TopicActionView):
    form_class = ParticipationRequestForm
    action_permission = "topics.take_part"
    form_name = "participation_form"
    rate_action = "participation"

    def refusal(self, topic) -> str:
        if topic.is_published:
            return str(services.REQUESTS_CLOSED_MESSAGE)
        return super().refusal(topic)

    def form_valid(self, topic, form):
        services.participation_request_create(
            topic=topic, applicant=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, _("Your request is sent to the organizers."))
        return redirect(f"{topic.get_absolute_url()}#take-part")


class CommentCreateView(TopicActionView):
    form_class = CommentForm
    form_name = "comment_form"
    rate_action = "comment"

    def get_form(self, topic):
        return CommentForm(self.request.POST, topic=topic)

    def form_valid(self, topic, form):
        comment = services.comment_create(
            topic=topic,
            author=self.request.user,
            body=form.cleaned_data["body"],
            parent=form.cleaned_data["parent"],
        )
        messages.success(self.request, _("Your comment is posted."))
        return redirect(comment.get_absolute_url())


class ParticipationRequestWithdrawView(LoginRequiredMixin, View):
    def post(self, request, pk):
        participation = get_object_or_404(ParticipationRequest, pk=pk, applicant=request.user)
        # Requests and withdrawals count together: a loop of both is what floods the team.
        if not ratelimit.consume(action="participation", member_id=request.user.pk):
            messages.error(request, RATE_LIMITED_MESSAGE)
            return redirect(f"{participation.topic.get_absolute_url()}#take-part")
        try:
            services.participation_request_withdraw(request=participation, by=request.user)
        except ValidationError as error:
            ratelimit.refund(action="participation", member_id=request.user.pk)
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your request is withdrawn."))
        return redirect(f"{participation.topic.get_absolute_url()}#take-part")


class CommentMixin:
    permission_required = ""

    def get_comment(self) -> Comment:
        comment = get_object_or_404(Comment.objects.select_related("topic"), pk=self.kwargs["pk"])
        if not can(self.request.user, "topics.read_topic", comment.topic):
            raise Http404
        if self.permission_required and not can(
            self.request.user, self.permission_required, comment
        ):
            raise PermissionDenied
        return comment


class CommentDetailView(CommentMixin, View):
    """One comment with what a member can do with it: reply, mark useful, edit, report."""

    def get_comment(self) -> Comment:
        comment = get_object_or_404(
            Comment.objects.select_related("topic__channel", "author", "parent__author"),
            pk=self.kwargs["pk"],
        )
        if not can(self.request.user, "topics.read_topic", comment.topic):
            raise Http404
        return comment

    def get(self, request, pk):
        comment = self.get_comment()
        user = request.user
        context = {
            "comment": comment,
            "topic": comment.topic,
            "node": selectors.CommentNode(comment=comment),
            "marked_useful": user.is_authenticated
            and comment.useful_marks.filter(member=user).exists(),
            "can_moderate": can(user, "topics.decide_topic", comment.topic),
            "reply_max_length": REPLY_MAX_LENGTH,
            "reply_limit": limit_text(REPLY_MAX_LENGTH),
        }
        return render(request, "topics/comment_detail.html", context)


class CommentEditView(LoginRequiredMixin, CommentMixin, View):
    permission_required = "topics.edit_comment"

    def get(self, request, pk):
        comment = self.get_comment()
        return render(
            request,
            "topics/comment_edit.html",
            {"comment": comment, "form": CommentEditForm(instance=comment)},
        )

    def post(self, request, pk):
        comment = self.get_comment()
        form = CommentEditForm(request.POST, instance=comment)
        if form.is_valid():
            try:
                services.comment_edit(
                    comment=comment, by=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your comment is updated."))
                return redirect(comment.get_absolute_url())
        comment.refresh_from_db()
        return render(
            request, "topics/comment_edit.html", {"comment": comment, "form": form}, status=400
        )


class CommentDeleteView(LoginRequiredMixin, CommentMixin, View):
    permission_required = "topics.delete_comment"

    def post(self, request, pk):
        comment = self.get_comment()
        services.comment_delete(comment=comment, by=request.user)
        messages.success(request, _("Your comment is deleted."))
        return redirect(comment.get_absolute_url())


class CommentUsefulView(LoginRequiredMixin, CommentMixin, View):
    def post(self, request, pk):
        comment = self.get_comment()
        if services.comment_mark_useful(comment=comment, member=request.user):
            messages.success(request, _("Thank you, you found this comment useful."))
        return redirect(comment.get_absolute_url())


class CommentReportView(LoginRequiredMixin, CommentMixin, View):
    """Any member may ask the organizers to look at a comment."""

    def render_form(self, request, comment, form, status=200):
        context = {"comment": comment, "form": form}
        return render(request, "topics/comment_report.html", context, status=status)

    def get(self, request, pk):
        return self.render_form(request, self.get_comment(), CommentReportForm())

    def post(self, request, pk):
        comment = self.get_comment()
        form = CommentReportForm(request.POST)
        if form.is_valid():
            if not ratelimit.consume(action="comment_report", member_id=request.user.pk):
                form.add_error(None, RATE_LIMITED_MESSAGE)
                return self.render_form(request, comment, form, status=429)
            try:
                services.comment_report(
                    comment=comment, reporter=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                ratelimit.refund(action="comment_report", member_id=request.user.pk)
                messages.info(request, " ".join(error.messages))
            else:
                messages.success(request, _("Thank you, the organizers will look at it."))
            return redirect(comment.get_absolute_url())
        return self.render_form(request, comment, form, status=400)


class CoProposerInvitationAnswerView(LoginRequiredMixin, View):
    """The invitee accepts or declines an invitation to co-propose (from My space)."""

    def post(self, request, pk):
        invitation = get_object_or_404(
            CoProposerInvitation.objects.select_related("topic"), pk=pk, invitee=request.user
        )
        closed = _("This invitation is no longer open.")
        # Only its invitee answers an invitation, superuser or not.
        if not can(request.user, "topics.answer_co_proposer_invitation", invitation):
            messages.error(request, closed)
            return redirect("topics:my_space")
        accept = request.POST.get("answer") == "accept"
        answer = (
            services.co_proposer_invitation_accept
            if accept
            else services.co_proposer_invitation_decline
        )
        try:
            answer(invitation=invitation, by=request.user)
        except ValidationError:  # answered meanwhile (a double click)
            messages.error(request, closed)
            return redirect("topics:my_space")
        if accept:
            messages.success(
                request,
                _("You now bring “%(topic)s” as a co-proposer.")
                % {"topic": invitation.topic.title},
            )
            return redirect(invitation.topic)
        messages.success(request, _("You declined the invitation."))
        return redirect("topics:my_space")


class MySpaceView(LoginRequiredMixin, TemplateView):
    template_name = "topics/my_space.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**selectors.my_space(user=self.request.user), **kwargs)
