from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import DecidedThroughServiceAdmin
from sponsorship.models import (
    Answer,
    Choice,
    Question,
    Questionnaire,
    QuestionnaireTemplate,
    Response,
    SponsorshipInterest,
    TemplateQuestion,
)
from sponsorship.services import sponsorship_interest_decide


@admin.register(SponsorshipInterest)
class SponsorshipInterestAdmin(DecidedThroughServiceAdmin):
    list_display = ["organisation", "topic", "member", "support_kind", "budget_band", "status"]
    list_filter = ["status", "support_kind", "budget_band", "may_name_publicly"]
    search_fields = ["organisation", "contact_name", "contact_email", "topic__title"]
    list_select_related = ["topic", "member"]
    raw_id_fields = ["topic", "member"]

    def decide(self, request, obj, status):
        sponsorship_interest_decide(interest=obj, status=status, actor=request.user)


class TemplateQuestionInline(admin.TabularInline):
    model = TemplateQuestion
    extra = 1
    fields = ["order", "text", "kind", "required", "options", "help_text"]


@admin.register(QuestionnaireTemplate)
class QuestionnaireTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "description"]
    inlines = [TemplateQuestionInline]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "text", "kind", "required", "help_text", "retired_at"]
    show_change_link = True


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["__str__", "topic", "is_open", "template", "created_at"]
    list_filter = ["is_open", "template"]
    search_fields = ["title", "topic__title"]
    list_select_related = ["topic", "template"]
    raw_id_fields = ["topic"]
    inlines = [QuestionInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 1
    fields = ["order", "label", "retired_at"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """An answered question or option is retired (its date set), never deleted: the
    database restricts it, the inlines refuse it with a message, and an answered
    question has no delete button. Its type and its options' labels are locked
    (``Question.clean``, ``Choice.clean``)."""

    list_display = ["text", "questionnaire", "kind", "required", "order", "retired_at"]
    list_filter = ["kind", "required", ("retired_at", admin.EmptyFieldListFilter)]
    search_fields = ["text", "questionnaire__topic__title"]
    raw_id_fields = ["questionnaire", "template_question"]
    inlines = [ChoiceInline]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.answers.exists():
            return False
        return super().has_delete_permission(request, obj)


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question", "text", "scale", "chosen"]
    readonly_fields = ["chosen"]
    raw_id_fields = ["question"]

    @admin.display(description=_("options chosen"))
    def chosen(self, answer: Answer) -> str:
        return "; ".join(choice.label for choice in answer.choices.all())


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["questionnaire", "respondent", "created_at", "updated_at"]
    search_fields = ["respondent__email", "questionnaire__topic__title"]
    list_select_related = ["questionnaire", "respondent"]
    raw_id_fields = ["questionnaire", "respondent"]
    inlines = [AnswerInline]
