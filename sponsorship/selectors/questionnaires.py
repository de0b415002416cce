"""Reads for audience questionnaires: forms, results, export (flat query cost)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    F,
    Prefetch,
)
from django.utils.translation import gettext as _

from accounts.models import User
from sponsorship.models import (
    TEXT_KINDS,
    Answer,
    Choice,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
)
from topics.models import (
    Topic,
)


def questionnaire_with_questions(*, topic: Topic) -> Questionnaire | None:
    """The questionnaire with its current questions and options (retired ones left out),
    as members answer it and organizers edit it."""
    return (
        Questionnaire.objects.filter(topic=topic)
        .select_related("topic")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.filter(retired_at=None)
                .order_by("order", "pk")
                .prefetch_related(
                    Prefetch("choices", queryset=Choice.objects.filter(retired_at=None))
                ),
            )
        )
        .first()
    )


def question_answer_counts(*, questionnaire: Questionnaire | None) -> dict[int, int]:
    """Answers per question, for the edit page to say which ones hold answers."""
    if questionnaire is None:
        return {}
    return dict(
        Answer.objects.filter(question__questionnaire=questionnaire)
        .order_by()
        .values_list("question")
        .annotate(n=Count("pk"))
        .values_list("question", "n")
    )


def questions_retired(*, questionnaire: Questionnaire) -> list[Question]:
    return list(
        Question.objects.filter(questionnaire=questionnaire)
        .exclude(retired_at=None)
        .order_by("retired_at", "pk")
    )


def previous_answers(*, questionnaire: Questionnaire, user: User) -> dict[int, Any]:
    """A member's saved answers keyed by question id, as form initial values."""
    response = (
        Response.objects.filter(questionnaire=questionnaire, respondent=user)
        .prefetch_related("answers__choices")
        .first()
    )
    if response is None:
        return {}
    initial: dict[int, Any] = {}
    for answer in response.answers.all():
        question_kind = next(
            (q.kind for q in questionnaire.questions.all() if q.pk == answer.question_id), None
        )
        if question_kind is None:  # a retired question, no longer asked
            continue
        chosen = [c.pk for c in answer.choices.all()]
        if question_kind == QuestionKind.SCALE:
            initial[answer.question_id] = answer.scale
        elif question_kind == QuestionKind.MULTIPLE:
            initial[answer.question_id] = chosen
        elif question_kind == QuestionKind.SINGLE:
            initial[answer.question_id] = chosen[0] if chosen else None
        else:
            initial[answer.question_id] = answer.text
    return initial


@dataclass
class OptionResult:
    label: str
    count: int
    percent: int
    retired: bool = False


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    options: list[OptionResult] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    average: float | None = None


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


@dataclass
class AnswerCounts:
    """How many answered each question, chose each option, gave each scale value."""

    answered: dict[int, int]
    chosen: dict[int, int]
    scales: dict[int, dict[int, int]]


def answer_counts(questionnaire: Questionnaire) -> AnswerCounts:
    """The counts of a questionnaire's answers, in three queries whatever their number."""
    answers = Answer.objects.filter(response__questionnaire=questionnaire)
    answered = dict(
        answers.order_by()
        .values_list("question")
        .annotate(n=Count("pk"))
        .values_list("question", "n")
    )
    chosen = dict(
        Choice.objects.filter(question__questionnaire=questionnaire)
        .annotate(n=Count("answers"))
        .values_list("pk", "n")
    )
    scales: dict[int, dict[int, int]] = defaultdict(dict)
    for question_id, scale, n in (
        answers.filter(scale__isnull=False)
        .order_by()
        .values_list("question", "scale")
        .annotate(n=Count("pk"))
        .values_list("question", "scale", "n")
    ):
        scales[question_id][scale] = n
    return AnswerCounts(answered=answered, chosen=chosen, scales=scales)


def questionnaire_results(*, questionnaire: Questionnaire) -> dict[str, Any]:
    """Counts and percentages per option, scale distributions and text answers.

    Five queries whatever the number of respondents.
    """
    respondents = Response.objects.filter(questionnaire=questionnaire).count()
    questions = questions_for_results(questionnaire)
    counts = answer_counts(questionnaire)
    answered, choice_counts, scales = counts.answered, counts.chosen, counts.scales
    answers = Answer.objects.filter(response__questionnaire=questionnaire)
    texts: dict[int, list[str]] = defaultdict(list)
    for question_id, text in (
        answers.filter(question__kind__in=TEXT_KINDS)
        .exclude(text="")
        .order_by("response__created_at", "pk")
        .values_list("question", "text")
    ):
        texts[question_id].append(text)

    results = []
    for question in questions:
        result = QuestionResult(question=question, answered=answered.get(question.pk, 0))
        if question.has_choices:
            result.options = [
                OptionResult(
                    label=choice.label,
                    count=choice_counts.get(choice.pk, 0),
                    percent=_percent(choice_counts.get(choice.pk, 0), respondents),
                    retired=choice.is_retired,
                )
                for choice in question.choices.all()
                # A retired option nobody chose would only be noise.
                if not choice.is_retired or choice_counts.get(choice.pk)
            ]
        elif question.kind == QuestionKind.SCALE:
            distribution = scales.get(question.pk, {})
            total = sum(distribution.values())
            result.options = [
                OptionResult(
                    label=str(value),
                    count=distribution.get(value, 0),
                    percent=_percent(distribution.get(value, 0), total),
                )
                for value in range(1, 6)
            ]
            if total:
                result.average = round(
                    sum(value * n for value, n in distribution.items()) / total, 1
                )
        else:
            result.texts = texts.get(question.pk, [])
        results.append(result)
    return {"respondents": respondents, "results": results}


def questions_for_results(questionnaire: Questionnaire) -> list[Question]:
    """Every question, retired ones too (they keep their answers): each current question
    followed by the earlier versions retired at its place."""
    questions = Question.objects.filter(questionnaire=questionnaire).prefetch_related(
        Prefetch(
            "choices",
            queryset=Choice.objects.order_by(F("retired_at").asc(nulls_first=True), "order", "pk"),
        )
    )
    return sorted(questions, key=lambda q: (q.order, q.is_retired, q.retired_at or 0, q.pk))


def retired_label(text: str) -> str:
    return _("%(text)s (retired)") % {"text": text}


def questionnaire_csv_rows(*, questionnaire: Questionnaire) -> list[list[str]]:
    """One row per respondent, one column per question, retired ones too, marked as
    such, with their options (headers first)."""
    questions = questions_for_results(questionnaire)
    rows = [
        [
            "respondent",
            "answered_at",
            *[retired_label(q.text) if q.is_retired else q.text for q in questions],
        ]
    ]
    responses = (
        Response.objects.filter(questionnaire=questionnaire)
        .select_related("respondent")
        .prefetch_related("answers__choices")
        .order_by("created_at", "pk")
    )
    for response in responses:
        by_question = {a.question_id: a for a in response.answers.all()}
        cells = []
        for question in questions:
            answer = by_question.get(question.pk)
            if answer is None:
                cells.append("")
            elif question.has_choices:
                cells.append(
                    "; ".join(
                        retired_label(c.label) if c.is_retired else c.label
                        for c in answer.choices.all()
                    )
                )
            elif question.kind == QuestionKind.SCALE:
                cells.append(str(answer.scale or ""))
            else:
                cells.append(answer.text)
        rows.append([response.respondent.display_name, response.updated_at.isoformat(), *cells])
    return rows
