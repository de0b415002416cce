"""Audience questionnaires: editing, answering, the results and their export."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from sponsorship import selectors, services
from sponsorship.forms import (
    AnswerForm,
    QuestionFormSet,
    QuestionnaireForm,
    TemplateCopyForm,
    question_initial,
)
from sponsorship.models import Questionnaire
from sponsorship.spreadsheet import csv_response
from topics.rules import can
from topics.selectors import topic_for_reading
from topics.views import TopicMixin


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
        return csv_response(
            selectors.questionnaire_csv_rows(questionnaire=questionnaire),
            filename=f"{topic.slug}-answers",
        )
