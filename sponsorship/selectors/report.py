"""The episode report: demand before the recording, reach after; aggregates only.

Every count of people goes through ``sponsorship.anonymity.figures_suppress`` here, so
the page and the CSV show the same figures, hidden alike. A dozen queries whatever the
numbers of opinions, requests, answers or days of clicks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from sponsorship.anonymity import MIN_PEOPLE, figure_suppress, figures_suppress
from sponsorship.models import (
    EpisodeReach,
    QuestionKind,
    Questionnaire,
    Response,
)
from sponsorship.selectors.questionnaires import (
    answer_counts,
    questions_for_results,
    retired_label,
)
from topics.models import (
    Opinion,
    OpinionChoice,
    ParticipationRequest,
    ParticipationRole,
    ParticipationStatus,
    Topic,
    TopicFollow,
    TopicShareClicks,
)

# The readings of the views the report lists, newest first.
VIEWS_HISTORY_SHOWN = 20


@dataclass(frozen=True)
class ReportCell:
    label: str
    count: int | None  # None: describes fewer than MIN_PEOPLE people, hidden
    percent: int | None = None


@dataclass
class ReportGroup:
    title: str
    total_label: str
    total: int | None
    cells: list[ReportCell]
    average: float | None = None
    note: str = ""


@dataclass(frozen=True)
class WeekClicks:
    week: date  # its Monday
    clicks: int


@dataclass
class EpisodeReport:
    topic: Topic
    generated_at: datetime
    followers: int | None
    respondents: int | None
    groups: list[ReportGroup]
    has_questionnaire: bool
    has_text_questions: bool
    is_published: bool
    views: list[EpisodeReach] = field(default_factory=list)
    clicks_total: int = 0
    clicks_by_week: list[WeekClicks] = field(default_factory=list)

    @property
    def latest_views(self) -> EpisodeReach | None:
        return self.views[0] if self.views else None

    @property
    def min_people(self) -> int:
        return MIN_PEOPLE


def report_group(
    *,
    title: str,
    total_label: str,
    counts: Sequence[tuple[str, int]],
    total: int | None = None,
    additive: bool = True,
) -> ReportGroup:
    """A group of counts of people as the report shows it: small ones hidden, and a
    percentage of the total beside each count shown."""
    shown, shown_total = figures_suppress(
        [count for _label, count in counts], total=total, additive=additive
    )
    cells = [
        ReportCell(
            label=label,
            count=count,
            percent=round(100 * count / shown_total) if count is not None and shown_total else None,
        )
        for (label, _count), count in zip(counts, shown, strict=True)
    ]
    return ReportGroup(title=title, total_label=total_label, total=shown_total, cells=cells)


def _opinion_group(topic: Topic) -> ReportGroup:
    counts = dict(
        Opinion.objects.filter(topic=topic)
        .order_by()
        .values_list("choice")
        .annotate(n=Count("pk"))
        .values_list("choice", "n")
    )
    return report_group(
        title=_("Opinions: “I find this subject…”"),
        total_label=_("Opinions given"),
        counts=[(choice.label, counts.get(choice.value, 0)) for choice in OpinionChoice],
    )


def _request_groups(topic: Topic) -> list[ReportGroup]:
    """Requests to take part by role and by outcome (withdrawn ones left out)."""
    by_role: dict[str, int] = defaultdict(int)
    by_status: dict[str, int] = defaultdict(int)
    for role, status, n in (
        ParticipationRequest.objects.filter(topic=topic)
        .exclude(status=ParticipationStatus.WITHDRAWN)
        .order_by()
        .values_list("role", "status")
        .annotate(n=Count("pk"))
        .values_list("role", "status", "n")
    ):
        by_role[role] += n
        by_status[status] += n
    statuses = [s for s in ParticipationStatus if s != ParticipationStatus.WITHDRAWN]
    return [
        report_group(
            title=_("Requests to take part, by role"),
            total_label=_("Requests to take part"),
            counts=[(role.label, by_role[role.value]) for role in ParticipationRole],
        ),
        report_group(
            title=_("Requests to take part, by outcome"),
            total_label=_("Requests to take part"),
            counts=[(status.label, by_status[status.value]) for status in statuses],
        ),
    ]


def _questionnaire_groups(questionnaire: Questionnaire) -> tuple[list[ReportGroup], bool]:
    """One group per choice or scale question, retired ones too; free text never."""
    questions = questions_for_results(questionnaire)
    counts = answer_counts(questionnaire)
    answered, chosen, scales = counts.answered, counts.chosen, counts.scales
    groups, has_text = [], False
    for question in questions:
        title = retired_label(question.text) if question.is_retired else question.text
        if question.has_choices:
            counts = [
                (retired_label(c.label) if c.is_retired else c.label, chosen.get(c.pk, 0))
                for c in question.choices.all()
                if not c.is_retired or chosen.get(c.pk)
            ]
            multiple = question.kind == QuestionKind.MULTIPLE
            group = report_group(
                title=title,
                total_label=_("People who answered"),
                counts=counts,
                # Several options each: the options do not add up to the people.
                total=answered.get(question.pk, 0) if multiple else None,
                additive=not multiple,
            )
            if multiple:
                group.note = _("Several options could be chosen: they add up to more.")
        elif question.kind == QuestionKind.SCALE:
            distribution = scales.get(question.pk, {})
            group = report_group(
                title=title,
                total_label=_("People who answered"),
                counts=[(str(value), distribution.get(value, 0)) for value in range(1, 6)],
            )
            group.average = _scale_average(group, distribution)
        else:
            has_text = True
            continue
        groups.append(group)
    return groups, has_text


def _scale_average(group: ReportGroup, distribution: dict[int, int]) -> float | None:
    """Shown only when every count of the scale is: with two counts hidden, their sum
    and the average would give both away."""
    if group.total is None or any(cell.count is None for cell in group.cells):
        return None
    total = sum(distribution.values())
    return round(sum(value * n for value, n in distribution.items()) / total, 1)


def _clicks(topic: Topic) -> tuple[int, list[WeekClicks]]:
    weeks: dict[date, int] = defaultdict(int)
    for day, clicks in TopicShareClicks.objects.filter(topic=topic).values_list("day", "clicks"):
        weeks[day - timedelta(days=day.weekday())] += clicks
    by_week = [WeekClicks(week=week, clicks=weeks[week]) for week in sorted(weeks, reverse=True)]
    return sum(weeks.values()), by_week


def episode_report(*, topic: Topic) -> EpisodeReport:
    """The report of one episode as its confirmed sponsors and organizers read it."""
    groups = [_opinion_group(topic), *_request_groups(topic)]
    questionnaire = Questionnaire.objects.filter(topic=topic).first()
    respondents, has_text = None, False
    if questionnaire is not None:
        respondents = figure_suppress(Response.objects.filter(questionnaire=questionnaire).count())
        question_groups, has_text = _questionnaire_groups(questionnaire)
        groups += question_groups
    report = EpisodeReport(
        topic=topic,
        generated_at=timezone.now(),
        followers=figure_suppress(TopicFollow.objects.filter(topic=topic).count()),
        respondents=respondents,
        groups=groups,
        has_questionnaire=questionnaire is not None,
        has_text_questions=has_text,
        is_published=topic.was_published,
    )
    if report.is_published:
        report.views = list(
            EpisodeReach.objects.filter(topic=topic)
            .select_related("entered_by")
            .order_by("-measured_at", "-pk")[:VIEWS_HISTORY_SHOWN]
        )
        report.clicks_total, report.clicks_by_week = _clicks(topic)
    return report


def episode_report_csv_rows(*, report: EpisodeReport) -> list[list[str]]:
    """The report as rows of a spreadsheet: section, figure, value, percentage. A hidden
    figure reads as on the page. The cells are plain text (the view neutralises
    formulas)."""
    hidden = _("fewer than %(n)s") % {"n": MIN_PEOPLE}

    def value(count: int | None) -> str:
        return hidden if count is None else str(count)

    def percent(share: int | None) -> str:
        return "" if share is None else f"{share}%"

    demand, reach = _("Demand"), _("Reach")
    rows = [
        [_("section"), _("figure"), _("value"), _("share")],
        [_("Episode"), report.topic.title, "", ""],
        [_("Generated"), timezone.localtime(report.generated_at).isoformat(), "", ""],
        [_("Note"), report_note(), "", ""],
        [demand, _("Followers"), value(report.followers), ""],
    ]
    if report.has_questionnaire:
        rows.append([demand, _("Questionnaire respondents"), value(report.respondents), ""])
    for group in report.groups:
        for cell in group.cells:
            rows.append([group.title, cell.label, value(cell.count), percent(cell.percent)])
        rows.append([group.title, group.total_label, value(group.total), ""])
        if group.average is not None:
            rows.append([group.title, _("Average"), str(group.average), ""])
    if not report.is_published:
        rows.append([reach, _("Not yet published"), "", ""])
        return rows
    latest = report.latest_views
    if latest is None:
        rows.append([reach, _("Views"), _("no figure yet"), ""])
    else:
        label = _("Views (%(source)s, %(where)s, %(date)s)") % {
            "source": latest.get_source_display(),
            "where": latest.source_detail,
            "date": timezone.localtime(latest.measured_at).date().isoformat(),
        }
        rows.append([reach, label, str(latest.views), ""])
    rows.append([reach, _("Share-link clicks"), str(report.clicks_total), ""])
    for week in report.clicks_by_week:
        label = _("Share-link clicks, week of %(date)s") % {"date": week.week.isoformat()}
        rows.append([reach, label, str(week.clicks), ""])
    return rows


def report_note() -> str:
    return _(
        "Aggregates only: any figure describing fewer than %(n)s people is hidden, and so "
        "is a second one where the first could be worked out by subtraction. Views and "
        "clicks are not people (one person may watch or click several times): they are "
        "shown as counted."
    ) % {"n": MIN_PEOPLE}
