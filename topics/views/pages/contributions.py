"""What members post from the topic page: opinions, feedback, requests (comments:
comments/views.py, through TopicActionView)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core import ratelimit
from topics import services
from topics.forms import (
    FeedbackForm,
    GuestAnswerForm,
    OpinionForm,
    ParticipationRequestForm,
)
from topics.models import (
    GuestAnswer,
    ParticipationRequest,
)
from topics.rules import can
from topics.views.pages.lists import RATE_LIMITED_MESSAGE
from topics.views.pages.topic import TopicMixin, topic_page


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
        if topic.is_recording_over:
            return str(services.REQUESTS_CLOSED_MESSAGE)
        return super().refusal(topic)

    def form_valid(self, topic, form):
        services.participation_request_create(
            topic=topic, applicant=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, _("Your request is sent to the organizers."))
        return redirect(f"{topic.get_absolute_url()}#take-part")


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


class GuestAnswerView(LoginRequiredMixin, View):
    """The accepted participant's answer to the invitation: confirm (bio, consent) or
    decline. Only they see it; anyone else gets a 404."""

    template_name = "topics/guest_answer.html"

    def get_request(self, request, pk):
        return get_object_or_404(
            ParticipationRequest.objects.select_related("topic__channel"),
            pk=pk,
            applicant=request.user,
        )

    def render(self, request, participation, form, status=200):
        return render(
            request,
            self.template_name,
            {"participation": participation, "topic": participation.topic, "form": form},
            status=status,
        )

    def get(self, request, pk):
        participation = self.get_request(request, pk)
        form = GuestAnswerForm(
            initial={
                "answer": participation.guest_answer or None,
                "credits_bio": participation.credits_bio or request.user.headline,
                "consent": participation.consent_at is not None,
            }
        )
        return self.render(request, participation, form)

    def post(self, request, pk):
        participation = self.get_request(request, pk)
        form = GuestAnswerForm(request.POST)
        if form.is_valid() and not ratelimit.consume(
            action="participation", member_id=request.user.pk
        ):
            form.add_error(None, RATE_LIMITED_MESSAGE)
        elif form.is_valid():
            try:
                services.guest_answer_give(
                    request=participation,
                    by=request.user,
                    answer=form.cleaned_data["answer"],
                    bio=form.cleaned_data["credits_bio"],
                    consent=form.cleaned_data["consent"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Thank you: the organizers have your answer.")
                    if form.cleaned_data["answer"] == GuestAnswer.CONFIRMED
                    else _("Your answer is sent: you will not take part."),
                )
                return redirect("topics:guest_answer", pk=participation.pk)
        return self.render(request, participation, form, status=400)
