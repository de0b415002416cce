"""Reads for sponsor blocks, leads and questionnaire results (flat query cost)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.models import User
from comments.models import Comment
from core.requestscope import memo
from core.sql import column, table
from sponsorship.models import (
    TEXT_KINDS,
    Answer,
    Choice,
    InterestStatus,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    SponsorshipInterest,
)
from topics.models import (
    OPEN_PARTICIPATION_STATUSES,
    Opinion,
    ParticipationRequest,
    Topic,
)
from topics.selectors import LOCAL_TIMEOUT, TopicPageVersions, local_cache


def sponsors_public(*, topic: Topic) -> list[SponsorshipInterest]:
    return list(
        SponsorshipInterest.objects.filter(
            topic=topic, status=InterestStatus.CONFIRMED, may_name_publicly=True
        ).order_by("support_kind", "organisation")
    )


def confirmed_sponsor_ids(topic: Topic) -> frozenset[int]:
    """As the rules read it: from the topic's sponsorship blocks, cached while its
    versions hold."""
    return topic_sponsorship_public(topic=topic).confirmed_sponsor_ids


def questionnaire_of(*, topic: Topic) -> Questionnaire | None:
    return (
        Questionnaire.objects.filter(topic=topic)
        .annotate(
            question_count=Count("questions", filter=Q(questions__retired_at=None), distinct=True)
        )
        .first()
    )


def questionnaire_exists(*, topic: Topic) -> bool:
    return Questionnaire.objects.filter(topic=topic).exists()


def _count(queryset, expression) -> Coalesce:
    rows = queryset.order_by().values("topic").annotate(n=expression).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def audience_summary(*, topic: Topic) -> dict[str, int]:
    """Public, aggregate-only figures about the people a topic gathers, in one query."""
    here = OuterRef("pk")
    return (
        Topic.objects.filter(pk=topic.pk)
        .annotate(
            opinion_total=_count(Opinion.objects.filter(topic=here), Count("pk")),
            commenter_total=_count(
                Comment.objects.filter(topic=here, deleted_at__isnull=True),
                Count("author", distinct=True),
            ),
            # Live requests only (pending and accepted): not declined, withdrawn or closed.
            applicant_total=_count(
                ParticipationRequest.objects.filter(
                    topic=here, status__in=OPEN_PARTICIPATION_STATUSES
                ),
                Count("pk"),
            ),
            respondent_total=Coalesce(
                Subquery(
                    Response.objects.filter(questionnaire__topic=here)
                    .order_by()
                    .values("questionnaire")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
        .values("opinion_total", "commenter_total", "applicant_total", "respondent_total")
        .get()
    )


@dataclass
class TopicSponsorship:
    """The sponsorship and audience blocks of a topic page, as every reader sees them."""

    sponsors: list[SponsorshipInterest]
    questionnaire: Questionnaire | None
    audience: dict[str, int]
    confirmed_sponsor_ids: frozenset[int]


def topic_sponsorship_public(*, topic: Topic) -> TopicSponsorship:
    """Kept in the worker's memory while the topic's versions hold (the audience counts
    commenters too); it also gives the topic its confirmed sponsors for the rules."""
    kept = memo("topic-sponsorship")
    data = kept.get(topic.pk)
    if data is None:
        page = TopicPageVersions.of(topic)
        key = f"topic:{topic.pk}:sponsorship:{page.topic}:{page.comments}:{page.activity}"
        data = local_cache().get(key)
        if data is None:
            data = TopicSponsorship(
                sponsors=sponsors_public(topic=topic),
                questionnaire=questionnaire_of(topic=topic),
                audience=audience_summary(topic=topic),
                confirmed_sponsor_ids=frozenset(
                    SponsorshipInterest.objects.filter(
                        topic=topic, status=InterestStatus.CONFIRMED
                    ).values_list("member_id", flat=True)
                ),
            )
            local_cache().set(key, data, LOCAL_TIMEOUT)
        kept[topic.pk] = data
    return data


@dataclass(frozen=True)
class SponsorshipMemberState:
    interest: SponsorshipInterest | None = None
    answered: bool = False


@lru_cache(maxsize=1)
def _member_state_sql() -> str:
    """Read on every member's view of a topic page: written once, with the names read
    from the models, rather than compiled by the ORM per request (see
    topics.selectors._member_state_sql)."""
    q, c = table, column
    interest, response, questionnaire = SponsorshipInterest, Response, Questionnaire
    return f"""
    SELECT
      (SELECT {c(interest, "id")} FROM {q(interest)}
        WHERE {c(interest, "topic")} = %(topic)s AND {c(interest, "member")} = %(member)s
        ORDER BY {c(interest, "created_at")} DESC, {c(interest, "id")} DESC LIMIT 1),
      EXISTS (SELECT 1 FROM {q(response)} r
        JOIN {q(questionnaire)} qn
          ON qn.{c(questionnaire, "id")} = r.{c(response, "questionnaire")}
        WHERE qn.{c(questionnaire, "topic")} = %(topic)s
          AND r.{c(response, "respondent")} = %(member)s)
    """  # noqa: S608 - names from the models, values parameters


def sponsorship_member_state(*, topic: Topic, user: User) -> SponsorshipMemberState:
    """The viewer's latest sponsor interest and whether they answered the questionnaire:
    one query (two when they expressed an interest), kept for the rest of the request."""
    if not user.is_authenticated:
        return SponsorshipMemberState()
    kept = memo("sponsorship-member-state")
    state = kept.get((topic.pk, user.pk))
    if state is None:
        with connection.cursor() as cursor:
            cursor.execute(_member_state_sql(), {"topic": topic.pk, "member": user.pk})
            interest_id, answered = cursor.fetchone()
        state = kept[(topic.pk, user.pk)] = SponsorshipMemberState(
            interest=SponsorshipInterest.objects.get(pk=interest_id) if interest_id else None,
            answered=bool(answered),
        )
    return state


def leads_for_topic(*, topic: Topic) -> QuerySet[SponsorshipInterest]:
    return SponsorshipInterest.objects.filter(topic=topic).select_related("member")


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


def questionnaire_results(*, questionnaire: Questionnaire) -> dict[str, Any]:
    """Counts and percentages per option, scale distributions and text answers.

    Five queries whatever the number of respondents.
    """
    respondents = Response.objects.filter(questionnaire=questionnaire).count()
    questions = _questions_for_results(questionnaire)
    answers = Answer.objects.filter(response__questionnaire=questionnaire)
    answered = dict(
        answers.order_by()
        .values_list("question")
        .annotate(n=Count("pk"))
        .values_list("question", "n")
    )
    choice_counts = dict(
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


def _questions_for_results(questionnaire: Questionnaire) -> list[Question]:
    """Every question, retired ones too (they keep their answers): each current question
    followed by the earlier versions retired at its place."""
    questions = Question.objects.filter(questionnaire=questionnaire).prefetch_related(
        Prefetch(
            "choices",
            queryset=Choice.objects.order_by(F("retired_at").asc(nulls_first=True), "order", "pk"),
        )
    )
    return sorted(questions, key=lambda q: (q.order, q.is_retired, q.retired_at or 0, q.pk))


def _retired_label(text: str) -> str:
    return _("%(text)s (retired)") % {"text": text}


def questionnaire_csv_rows(*, questionnaire: Questionnaire) -> list[list[str]]:
    """One row per respondent, one column per question, retired ones too, marked as
    such, with their options (headers first)."""
    questions = _questions_for_results(questionnaire)
    rows = [
        [
            "respondent",
            "answered_at",
            *[_retired_label(q.text) if q.is_retired else q.text for q in questions],
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
                        _retired_label(c.label) if c.is_retired else c.label
                        for c in answer.choices.all()
                    )
                )
            elif question.kind == QuestionKind.SCALE:
                cells.append(str(answer.scale or ""))
            else:
                cells.append(answer.text)
        rows.append([response.respondent.display_name, response.updated_at.isoformat(), *cells])
    return rows


def open_leads_in_channels(*, channel_ids: list[int]) -> list[SponsorshipInterest]:
    """New and in-discussion leads of the given channels, oldest first."""
    return list(
        SponsorshipInterest.objects.filter(
            topic__channel__in=channel_ids,
            status__in=[InterestStatus.NEW, InterestStatus.IN_DISCUSSION],
        )
        .select_related("topic")
        .order_by("created_at")[:100]
    )
