"""Reads for the sponsor blocks of a topic page and the sponsor leads (flat query cost)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db import connection
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from accounts.models import User
from comments.models import Comment
from core.requestscope import memo
from core.sql import column, table
from sponsorship.models import (
    InterestStatus,
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
