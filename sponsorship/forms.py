from datetime import datetime, time

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.fields import SafeImageField, text_limits_show
from sponsorship.models import (
    CHOICE_KINDS,
    InterestStatus,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireTemplate,
    SponsorshipInterest,
)
from sponsorship.services import OPTION_MAX_LENGTH, options_parse


class SponsorshipInterestForm(forms.ModelForm):
    logo_upload = SafeImageField(
        label=_("Logo"), required=False, help_text=_("Optional. JPEG, PNG or WebP, at most 5 MB.")
    )

    class Meta:
        model = SponsorshipInterest
        fields = [
            "organisation",
            "contact_name",
            "contact_email",
            "support_kind",
            "budget_band",
            "message",
            "may_name_publicly",
        ]
        widgets = {
            "support_kind": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("auto_id", "sponsor_%s")
        if user is not None and user.is_authenticated and "data" not in kwargs and not args:
            kwargs.setdefault(
                "initial",
                {
                    "organisation": user.company,
                    "contact_name": user.full_name,
                    "contact_email": user.email,
                },
            )
        super().__init__(*args, **kwargs)
        text_limits_show(self)
        self.helper = FormHelper()
        self.helper.form_tag = False


class InterestDecisionForm(forms.ModelForm):
    class Meta:
        model = SponsorshipInterest
        fields = ["status", "internal_notes"]
        widgets = {"internal_notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"lead_{kwargs.get('instance').pk}_%s")
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label)
            for value, label in InterestStatus.choices
            if value != InterestStatus.WITHDRAWN or self.instance.status == value
        ]
        text_limits_show(self)


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["title", "intro", "is_open"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text_limits_show(self)


class QuestionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Question"), max_length=300, required=False)
    help_text = forms.CharField(label=_("Help text"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("Required"), required=False)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, answer_counts: dict[int, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, in the reader's language (a lazy text formatted at import is not).
        self.fields["options"].help_text = "{} {}".format(
            _("For choice questions: one option per line."),
            _("Up to %(limit)s characters per option.") % {"limit": OPTION_MAX_LENGTH},
        )
        text_limits_show(self)
        question_id = str(self["id"].value() or "")
        # How many answers this question holds: the page says they are kept.
        self.answer_count = (answer_counts or {}).get(
            int(question_id) if question_id.isdigit() else None, 0
        )

    def clean(self):
        data = super().clean()
        if data.get("DELETE"):
            return data
        if not (data.get("text") or "").strip():
            if data.get("id"):
                raise forms.ValidationError(_("Write the question, or tick “Delete”."))
            # A blank extra form: nothing to save.
            data["DELETE"] = True
            return data
        labels = options_parse(data.get("options", ""))
        if data.get("kind") in CHOICE_KINDS and len(labels) < 2:
            self.add_error("options", _("A choice question needs at least two options."))
        for label in labels:
            if len(label) > OPTION_MAX_LENGTH:
                self.add_error(
                    "options",
                    _("An option holds up to %(limit)s characters; “%(start)s…” has %(length)s.")
                    % {"limit": OPTION_MAX_LENGTH, "start": label[:30], "length": len(label)},
                )
        data["options"] = labels
        return data


class BaseQuestionFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.has_changed() and not self._should_delete_form(f)]
        if len(kept) > 40:
            raise forms.ValidationError(_("A questionnaire holds at most 40 questions."))


QuestionFormSet = forms.formset_factory(
    QuestionForm, formset=BaseQuestionFormSet, extra=2, can_delete=True, max_num=40
)


def question_initial(question: Question) -> dict:
    return {
        "id": question.pk,
        "text": question.text,
        "help_text": question.help_text,
        "kind": question.kind,
        "required": question.required,
        "options": "\n".join(c.label for c in question.choices.all()),
    }


class TemplateCopyForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Start from a template"),
        queryset=QuestionnaireTemplate.objects.filter(is_active=True),
        empty_label=None,
    )


class AnswerForm(forms.Form):
    """One field per question; Django's choice fields refuse options of other questions."""

    def __init__(self, *args, questionnaire: Questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questionnaire.questions.all())
        for question in self.questions:
            self.fields[self.field_name(question)] = self._field_for(question)
        text_limits_show(self)

    @staticmethod
    def field_name(question: Question) -> str:
        return f"question_{question.pk}"

    def _field_for(self, question: Question) -> forms.Field:
        # Form templates print help texts unescaped (``help_text|safe``), for the
        # markup of our own; a member's text is escaped here, once.
        common = {
            "label": question.text,
            "help_text": format_html("{}", question.help_text),
            "required": question.required,
        }
        if question.kind == QuestionKind.SHORT_TEXT:
            return forms.CharField(max_length=300, **common)
        if question.kind == QuestionKind.LONG_TEXT:
            return forms.CharField(
                max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), **common
            )
        if question.kind == QuestionKind.SINGLE:
            return forms.ModelChoiceField(
                queryset=question.choices.all(),
                widget=forms.RadioSelect,
                empty_label=None,
                **common,
            )
        if question.kind == QuestionKind.MULTIPLE:
            return forms.ModelMultipleChoiceField(
                queryset=question.choices.all(), widget=forms.CheckboxSelectMultiple, **common
            )
        return forms.TypedChoiceField(
            choices=[(n, str(n)) for n in range(1, 6)],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )

    def answers(self) -> dict[int, object]:
        values = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.field_name(question))
            values[question.pk] = list(value) if question.kind == QuestionKind.MULTIPLE else value
        return values


class EpisodeViewsForm(forms.Form):
    """An episode's views as an organizer reads them somewhere (the host's statistics)."""

    views = forms.IntegerField(
        label=_("Views"),
        min_value=0,
        max_value=10**12,
        error_messages={
            "min_value": _("Views cannot be negative."),
            "max_value": _("That is more views than any episode can have."),
        },
    )
    measured_on = forms.DateField(
        label=_("Measured on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    source_detail = forms.CharField(
        label=_("Where the figure comes from"),
        max_length=150,
        help_text=_("For example: YouTube Studio, the site's statistics, the PeerTube page."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"measured_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_measured_on(self):
        day = self.cleaned_data["measured_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The figure cannot be measured in the future."))
        return day

    def measured_at(self) -> datetime:
        """Today's figure is dated now; an earlier day's, at the end of that day."""
        day = self.cleaned_data["measured_on"]
        if day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.combine(day, time(23, 59)))
