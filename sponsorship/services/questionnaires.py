"""Writes for audience questionnaires: edit, copy a template, answer."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from sponsorship.models import (
    CHOICE_KINDS,
    Answer,
    AnswerChoice,
    Choice,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireTemplate,
    Response,
)
from topics.models import Topic

# Questionnaires --------------------------------------------------------------------


OPTION_MAX_LENGTH = Choice._meta.get_field("label").max_length


class RetirementNotConfirmed(ValidationError):
    """The edit would retire answered questions or options: ``messages`` say which."""


def options_parse(text: str) -> list[str]:
    """One option per non-blank line, once each; long lines are kept whole (the form
    and ``questionnaire_save`` refuse them with a message, never cut them)."""
    labels: list[str] = []
    for line in (text or "").splitlines():
        label = line.strip()
        if label and label not in labels:
            labels.append(label)
    return labels


def _removed(item: Question | Choice, *, answers: int, now) -> bool:
    """Take an item off the questionnaire: retired when it has answers, deleted when it
    has none (or retired, should answers have come in meanwhile). True when retired."""
    if answers:
        item.retired_at = now
        item.save(update_fields=["retired_at"])
        return True
    return _deleted_or_retired(item, now=now)


def _deleted_or_retired(item: Question | Choice, *, now) -> bool:
    """Delete an item nobody answered; retire it if answers came in meanwhile (the
    database restricts the deletion). True when retired."""
    try:
        with transaction.atomic():
            item.delete()
    except RestrictedError:
        item.retired_at = now
        item.save(update_fields=["retired_at"])
        return True
    return False


def _choices_set(
    question: Question, labels: list[str], *, chosen: dict[int, int], now, changes: list[str]
) -> None:
    """Make ``labels`` the question's options, in this order.

    An option keeps its answers: one taken away is retired if it was chosen (and
    ``changes`` says so), deleted otherwise; one put back is restored, answers and all.
    """
    too_long = [label for label in labels if len(label) > OPTION_MAX_LENGTH]
    if too_long:
        raise ValidationError(
            _("An option holds up to %(limit)s characters; “%(start)s…” has %(length)s."),
            code="option_too_long",
            params={
                "limit": OPTION_MAX_LENGTH,
                "start": too_long[0][:30],
                "length": len(too_long[0]),
            },
        )
    existing = list(question.choices.all()) if question.pk else []
    by_label: dict[str, Choice] = {}
    for choice in existing:  # a current option wins over a retired one of the same label
        if choice.label not in by_label or by_label[choice.label].retired_at:
            by_label[choice.label] = choice
    keep = set()
    for order, label in enumerate(labels):
        choice = by_label.get(label)
        if choice is None:
            choice = Choice.objects.create(question=question, label=label, order=order)
        elif choice.order != order or choice.retired_at:
            choice.order, choice.retired_at = order, None
            choice.save(update_fields=["order", "retired_at"])
        keep.add(choice.pk)
    for choice in existing:
        if choice.pk in keep or choice.retired_at:
            continue
        count = chosen.get(choice.pk, 0)
        if not _removed(choice, answers=count, now=now):
            continue
        changes.append(
            ngettext(
                "The option “%(option)s” of “%(question)s” was chosen once: it will be "
                "retired (no longer offered) and kept with its answer in the results.",
                "The option “%(option)s” of “%(question)s” was chosen %(count)s times: it "
                "will be retired (no longer offered) and kept with its answers in the results.",
                count,
            )
            % {"option": choice.label, "question": question.text, "count": count}
        )


def _answer_counts(questionnaire: Questionnaire) -> tuple[dict[int, int], dict[int, int]]:
    """Answers per question and choices per option of a questionnaire."""
    answered = dict(
        Answer.objects.filter(question__questionnaire=questionnaire)
        .order_by()
        .values_list("question")
        .annotate(n=Count("pk"))
        .values_list("question", "n")
    )
    chosen = dict(
        AnswerChoice.objects.filter(choice__question__questionnaire=questionnaire)
        .order_by()
        .values_list("choice")
        .annotate(n=Count("pk"))
        .values_list("choice", "n")
    )
    return answered, chosen


def _question_retired_message(question: Question, count: int, *, kind_changed: bool) -> str:
    params = {"question": question.text, "count": count}
    if kind_changed:
        return (
            ngettext(
                "“%(question)s” has an answer: changing its type retires it, kept with its "
                "answer in the results, and starts a new question.",
                "“%(question)s” has %(count)s answers: changing its type retires it, kept "
                "with its answers in the results, and starts a new question.",
                count,
            )
            % params
        )
    return (
        ngettext(
            "“%(question)s” has an answer: it will be retired (no longer asked) and kept "
            "with its answer in the results.",
            "“%(question)s” has %(count)s answers: it will be retired (no longer asked) and "
            "kept with its answers in the results.",
            count,
        )
        % params
    )


@transaction.atomic
def questionnaire_save(
    *,
    topic: Topic,
    title: str,
    intro: str,
    is_open: bool,
    questions: list[dict[str, Any]],
    confirm_retirements: bool = False,
) -> Questionnaire:
    """Create or update a topic's questionnaire and its ordered current questions.

    ``questions`` items: ``id`` (None for a new one), ``text``, ``help_text``,
    ``kind``, ``required``, ``options`` (list of labels), ``delete``.

    Answers are never lost. An answered question that is deleted is retired
    instead (no longer asked, still in the results); one whose type changes is
    retired and a new question takes its place; an answered option taken away is
    retired, and restored if put back. Unless ``confirm_retirements``, an edit that
    would retire anything changes nothing and raises ``RetirementNotConfirmed``,
    whose messages say what would be retired.
    """
    questionnaire, _created = Questionnaire.objects.get_or_create(topic=topic)
    # One edit at a time: the answer counts read below stay true until the end.
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    questionnaire.title, questionnaire.intro, questionnaire.is_open = title, intro, is_open
    questionnaire.save()
    answered, chosen = _answer_counts(questionnaire)
    current = {
        question.pk: question
        for question in questionnaire.questions.filter(retired_at=None).prefetch_related("choices")
    }
    now = timezone.now()
    changes: list[str] = []
    order = 0
    for item in questions:
        question = current.get(item.get("id"))
        if item.get("delete"):
            if question is None:
                continue
            count = answered.get(question.pk, 0)
            if not _removed(question, answers=count, now=now):
                continue
            changes.append(_question_retired_message(question, count, kind_changed=False))
            continue
        if question is None:
            question = Question(questionnaire=questionnaire)
        elif question.kind != item["kind"] and answered.get(question.pk):
            changes.append(
                _question_retired_message(question, answered[question.pk], kind_changed=True)
            )
            question.retired_at = now
            question.save(update_fields=["retired_at"])
            question = Question(
                questionnaire=questionnaire, template_question=question.template_question
            )
        question.order = order
        order += 1
        for name in ("text", "help_text", "kind", "required"):
            setattr(question, name, item[name])
        question.save()
        labels = item.get("options", []) if question.kind in CHOICE_KINDS else []
        _choices_set(question, labels, chosen=chosen, now=now, changes=changes)
    if changes and not confirm_retirements:
        raise RetirementNotConfirmed(changes, code="retirement")
    return questionnaire


@transaction.atomic
def questionnaire_copy_template(*, topic: Topic, template: QuestionnaireTemplate) -> Questionnaire:
    """Append a template's questions to the topic's questionnaire (created if needed)."""
    questionnaire, created = Questionnaire.objects.get_or_create(
        topic=topic, defaults={"title": template.name, "template": template}
    )
    if not created and questionnaire.template_id is None:
        questionnaire.template = template
        questionnaire.save(update_fields=["template"])
    start = questionnaire.questions.filter(retired_at=None).count()
    for offset, source in enumerate(template.questions.all()):
        question = Question.objects.create(
            questionnaire=questionnaire,
            order=start + offset,
            text=source.text,
            help_text=source.help_text,
            kind=source.kind,
            required=source.required,
            template_question=source,
        )
        if source.kind in CHOICE_KINDS:
            _choices_set(question, options_parse(source.options), chosen={}, now=None, changes=[])
    return questionnaire


def response_submit(
    *, questionnaire: Questionnaire, respondent: User, answers: dict[int, Any]
) -> Response:
    """Save a member's answers all at once, replacing earlier ones; nothing half-saved.

    ``answers`` maps a question id to a str (text), an int (scale), a Choice
    (single) or a list of Choices (multiple), already validated by the form.
    """
    if not questionnaire.is_open:
        raise ValidationError(_("This questionnaire is closed."), code="closed")
    for _attempt in range(2):
        try:
            with transaction.atomic():
                response, _created = Response.objects.select_for_update().get_or_create(
                    questionnaire=questionnaire, respondent=respondent
                )
                # Answers to retired questions are kept: they are no longer asked.
                response.answers.filter(question__retired_at=None).delete()
                for question in questionnaire.questions.all():
                    if question.retired_at is not None:
                        continue
                    value = answers.get(question.pk)
                    if value in (None, "", []):
                        continue
                    answer = Answer(response=response, question=question)
                    if question.kind == QuestionKind.SCALE:
                        answer.scale = int(value)
                    elif question.kind in CHOICE_KINDS:
                        answer.save()
                        answer.choices.set(value if isinstance(value, list) else [value])
                        continue
                    else:
                        answer.text = str(value)
                    answer.save()
                response.save(update_fields=["updated_at"])
                return response
        except IntegrityError:
            # Another submission of the same member created the response first.
            continue
    raise ValidationError(_("Your answers could not be saved. Please try again."))
