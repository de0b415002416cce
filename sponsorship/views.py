import csv

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core import ratelimit
from sponsorship import selectors, services
from sponsorship.forms import (
    AnswerForm,
    InterestDecisionForm,
    QuestionFormSet,
    QuestionnaireForm,
    SponsorshipInterestForm,
    TemplateCopyForm,
    question_initial,
)
from sponsorship.models import Questionnaire, SponsorshipInterest
from topics.rules import can
from topics.selectors import topic_for_reading
from topics.views import TopicMixin

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """Neutralise cells a spreadsheet would run as a formula (OWASP CSV injection)."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


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


class QuestionnaireEditView(LoginRequiredMixin, TopicMixin, View):
    permission_required = "sponsorship.edit_questionnaire"

    def render_page(self, request, topic, form, formset, status=200, retirements=()):
        questionnaire = form.instance if form.instance.pk else None
        context = {
            "topic": topic,
            "form": form,
            "formset": formset,
            "template_form": TemplateCopyForm(),
            "retirements": retirements,
            "questions_retired": (
                selectors.questions_retired(questionnaire=questionnaire) if questionnaire else []
            ),
        }
        return render(request, "sponsorship/questionnaire_edit.html", context, status=status)

    def get(self, request, slug):
        topic = self.get_topic()
        questionnaire = selectors.questionnaire_with_questions(topic=topic)
        form = QuestionnaireForm(
            instance=questionnaire or Questionnaire(topic=topic, title=topic.title)
        )
        initial = (
            [question_initial(q) for q in questionnaire.questions.all()] if questionnaire else []
        )
        formset = QuestionFormSet(
            initial=initial,
            form_kwargs={
                "answer_counts": selectors.question_answer_counts(questionnaire=questionnaire)
            },
        )
        return self.render_page(request, topic, form, formset)

    def post(self, request, slug):
        topic = self.get_topic()
        questionnaire = Questionnaire.objects.filter(topic=topic).first()
        form = QuestionnaireForm(request.POST, instance=questionnaire)
        formset = QuestionFormSet(
            request.POST,
            form_kwargs={
                "answer_counts": selectors.question_answer_counts(questionnaire=questionnaire)
            },
        )
        if form.is_valid() and formset.is_valid():
            questions = [
                {**f.cleaned_data, "delete": f.cleaned_data.get("DELETE", False)}
                for f in formset.forms
                if f.cleaned_data.get("id") or not f.cleaned_data.get("DELETE")
            ]
            try:
                services.questionnaire_save(
                    topic=topic,
                    title=form.cleaned_data["title"],
                    intro=form.cleaned_data["intro"],
                    is_open=form.cleaned_data["is_open"],
                    questions=questions,
                    confirm_retirements=request.POST.get("confirm_retirements") == "1",
                )
            except services.RetirementNotConfirmed as error:
                # Nothing saved yet: the page says what would be retired and asks.
                return self.render_page(request, topic, form, formset, retirements=error.messages)
            except ValidationError as error:
                formset.non_form_errors().extend(error.messages)
            else:
                messages.success(request, _("The questionnaire is saved."))
                return redirect("sponsorship:questionnaire_edit", slug=topic.slug)
        return self.render_page(request, topic, form, formset, status=400)


class QuestionnaireFromTemplateView(LoginRequiredMixin, TopicMixin, View):
    permission_required = "sponsorship.edit_questionnaire"

    def post(self, request, slug):
        topic = self.get_topic()
        form = TemplateCopyForm(request.POST)
        if form.is_valid():
            try:
                services.questionnaire_copy_template(
                    topic=topic, template=form.cleaned_data["template"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The template's questions were added."))
        else:
            messages.error(request, _("Choose a template."))
        return redirect("sponsorship:questionnaire_edit", slug=topic.slug)


class QuestionnaireAnswerView(LoginRequiredMixin, View):
    def get_questionnaire(self) -> Questionnaire:
        topic = topic_for_reading(slug=self.kwargs["slug"])
        if topic is None or not can(self.request.user, "topics.read_topic", topic):
            raise Http404
        questionnaire = selectors.questionnaire_with_questions(topic=topic)
        if questionnaire is None:
            raise Http404
        return questionnaire

    def render_page(self, request, questionnaire, form, status=200):
        can_answer = can(request.user, "sponsorship.answer_questionnaire", questionnaire)
        context = {
            "topic": questionnaire.topic,
            "questionnaire": questionnaire,
            "form": form,
            "can_answer": can_answer,
        }
        return render(request, "sponsorship/questionnaire_answer.html", context, status=status)

    def get(self, request, slug):
        questionnaire = self.get_questionnaire()
        initial = {
            f"question_{pk}": value
            for pk, value in selectors.previous_answers(
                questionnaire=questionnaire, user=request.user
            ).items()
        }
        form = AnswerForm(questionnaire=questionnaire, initial=initial)
        return self.render_page(request, questionnaire, form)

    def post(self, request, slug):
        questionnaire = self.get_questionnaire()
        if not can(request.user, "sponsorship.answer_questionnaire", questionnaire):
            raise PermissionDenied
        form = AnswerForm(request.POST, questionnaire=questionnaire)
        if form.is_valid():
            try:
                services.response_submit(
                    questionnaire=questionnaire, respondent=request.user, answers=form.answers()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you, your answers are saved."))
                return redirect(f"{questionnaire.topic.get_absolute_url()}#audience")
        return self.render_page(request, questionnaire, form, status=400)


class QuestionnaireResultsView(LoginRequiredMixin, TopicMixin, View):
    permission_required = "sponsorship.view_results"

    def get(self, request, slug):
        topic = self.get_topic()
        questionnaire = Questionnaire.objects.filter(topic=topic).first()
        if questionnaire is None:
            raise Http404
        context = {
            "topic": topic,
            "questionnaire": questionnaire,
            **selectors.questionnaire_results(questionnaire=questionnaire),
        }
        return render(request, "sponsorship/questionnaire_results.html", context)


class QuestionnaireExportView(LoginRequiredMixin, TopicMixin, View):
    permission_required = "sponsorship.view_results"

    def get(self, request, slug):
        topic = self.get_topic()
        questionnaire = get_object_or_404(Questionnaire, topic=topic)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{topic.slug}-answers.csv"'
        response["Cache-Control"] = "no-store"
        response.write("\ufeff")  # Lets spreadsheet programs detect UTF-8.
        writer = csv.writer(response)
        for row in selectors.questionnaire_csv_rows(questionnaire=questionnaire):
            writer.writerow([csv_cell(cell) for cell in row])
        return response
