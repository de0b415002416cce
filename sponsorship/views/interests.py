"""Sponsor interest: offering it, withdrawing it, the organizers' leads."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core import ratelimit
from sponsorship import selectors, services
from sponsorship.forms import (
    InterestDecisionForm,
    SponsorshipInterestForm,
)
from sponsorship.models import SponsorshipInterest
from topics.rules import can
from topics.views import TopicMixin


class SponsorshipInterestCreateView(LoginRequiredMixin, TopicMixin, View):
    permission_required = "sponsorship.express_interest"

    def get(self, request, slug):
        topic = self.get_topic()
        form = SponsorshipInterestForm(user=request.user)
        return render(request, "sponsorship/interest_form.html", {"topic": topic, "form": form})

    def post(self, request, slug):
        topic = self.get_topic()
        form = SponsorshipInterestForm(request.POST, request.FILES)
        if form.is_valid():
            if not ratelimit.consume(action="sponsor_interest", member_id=request.user.pk):
                form.add_error(None, ratelimit.LIMITED_MESSAGE)
                context = {"topic": topic, "form": form}
                return render(request, "sponsorship/interest_form.html", context, status=429)
            data = dict(form.cleaned_data)
            logo = data.pop("logo_upload")
            try:
                services.sponsorship_interest_record(
                    topic=topic, member=request.user, logo=logo, **data
                )
            except ValidationError as error:
                ratelimit.refund(action="sponsor_interest", member_id=request.user.pk)
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Thank you! The organizers will contact you about sponsoring.")
                )
                return redirect(f"{topic.get_absolute_url()}#sponsor")
        context = {"topic": topic, "form": form}
        return render(request, "sponsorship/interest_form.html", context, status=400)


class SponsorshipInterestWithdrawView(LoginRequiredMixin, View):
    def post(self, request, pk):
        interest = get_object_or_404(SponsorshipInterest, pk=pk, member=request.user)
        try:
            services.sponsorship_interest_withdraw(interest=interest, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your sponsor interest is withdrawn."))
        return redirect(f"{interest.topic.get_absolute_url()}#sponsor")


class LeadListView(LoginRequiredMixin, TopicMixin, View):
    permission_required = "sponsorship.view_leads"

    def render_page(self, request, topic, bound=None, status=200):
        can_decide = can(request.user, "sponsorship.decide_leads", topic)
        leads = []
        for lead in selectors.leads_for_topic(topic=topic):
            form = None
            if can_decide:
                form = (
                    bound
                    if bound is not None and bound.instance.pk == lead.pk
                    else (InterestDecisionForm(instance=lead))
                )
            leads.append((lead, form))
        context = {"topic": topic, "leads": leads, "can_decide": can_decide}
        return render(request, "sponsorship/lead_list.html", context, status=status)

    def get(self, request, slug):
        return self.render_page(request, self.get_topic())

    def post(self, request, slug):
        topic = self.get_topic()
        if not can(request.user, "sponsorship.decide_leads", topic):
            raise PermissionDenied
        lead_id = request.POST.get("lead", "")
        if not lead_id.isascii() or not lead_id.isdigit():
            raise Http404
        lead = get_object_or_404(SponsorshipInterest, pk=int(lead_id), topic=topic)
        form = InterestDecisionForm(request.POST, instance=lead)
        if form.is_valid():
            try:
                services.sponsorship_interest_decide(
                    interest=lead,
                    actor=request.user,
                    status=form.cleaned_data["status"],
                    internal_notes=form.cleaned_data["internal_notes"],
                )
            except ValidationError as error:
                form.add_error("status", error)
            else:
                messages.success(request, _("The sponsor lead is updated."))
                return redirect("sponsorship:lead_list", slug=topic.slug)
        lead.refresh_from_db()
        return self.render_page(request, topic, bound=form, status=400)
