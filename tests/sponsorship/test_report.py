"""The episode report: who reads it, what it hides, its CSV, views and share clicks."""

import csv
import io
import json
import logging
from datetime import timedelta
from urllib.error import URLError

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from sponsorship import selectors, services
from sponsorship.anonymity import figure_suppress, figures_suppress
from sponsorship.models import (
    Choice,
    EpisodeReach,
    InterestStatus,
    Question,
    QuestionKind,
    ReachSource,
)
from sponsorship.services import reach as reach_services
from sponsorship.tasks import peertube_views_refresh_due
from tests.factories import (
    OpinionFactory,
    OrganizerFactory,
    ParticipationRequestFactory,
    QuestionnaireFactory,
    SponsorshipInterestFactory,
    TopicFactory,
    UserFactory,
    questionnaire_with_every_kind,
)
from tests.topics.test_services import _race
from topics import services as topic_services
from topics.models import (
    OpinionChoice,
    ParticipationRole,
    ParticipationStatus,
    TopicFollow,
    TopicShareClicks,
    TopicStatus,
)
from webcastory.tasks import STEPS

pytestmark = pytest.mark.django_db

HIDDEN = "fewer than 5"


def report_url(topic, name="sponsorship:report"):
    return reverse(name, args=[topic.slug])


def published_topic(**kwargs):
    now = timezone.now()
    return TopicFactory(
        status=TopicStatus.PUBLISHED, published_at=now, first_published_at=now, **kwargs
    )


def opinions(topic, **counts):
    for choice, n in counts.items():
        for _ in range(n):
            OpinionFactory(topic=topic, choice=choice)


# The rule on small numbers ----------------------------------------------------------


def test_counts_below_five_are_hidden_zero_included():
    assert figures_suppress([9, 5, 4, 0], additive=False) == ([9, 5, None, None], 18)


def test_a_total_below_five_is_hidden():
    assert figures_suppress([2, 1]) == ([None, None], None)


def test_one_hidden_count_hides_the_smallest_other_so_no_subtraction_gives_it_away():
    # 20 - 10 - 7 would give the 3 away: the 7 goes too.
    assert figures_suppress([10, 7, 3]) == ([10, None, None], 20)


def test_two_hidden_counts_need_nothing_more():
    assert figures_suppress([10, 3, 2]) == ([10, None, None], 15)


def test_hidden_counts_never_add_up_to_fewer_than_five_people():
    # 15 - 12 = 3 people between the two hidden counts (the 0 is one, known to be
    # empty where nothing can be in it): the smallest shown count goes too.
    assert figures_suppress([12, 3, 0]) == ([None, None, None], 15)
    assert figures_suppress([12, 6, 2, 0]) == ([12, None, None, None], 20)


def test_one_hidden_count_and_no_other_to_hide_hides_the_total():
    assert figures_suppress([3], total=8) == ([None], None)


def test_a_group_whose_counts_do_not_add_up_hides_only_the_small_ones():
    assert figures_suppress([10, 7, 3], total=12, additive=False) == ([10, 7, None], 12)


def test_a_single_figure_of_people_is_hidden_below_five():
    assert [figure_suppress(n) for n in (0, 4, 5, 12)] == [None, None, 5, 12]


# Who reads the report ---------------------------------------------------------------


@pytest.fixture
def report_world():
    topic = TopicFactory(status=TopicStatus.SCHEDULED)
    channel_organizer = UserFactory()
    topic.channel.organizers.add(channel_organizer)
    people = {
        "anonymous": None,
        "member": UserFactory(),
        "proposer": topic.proposer,
        "new_sponsor": SponsorshipInterestFactory(topic=topic).member,
        "declined_sponsor": SponsorshipInterestFactory(
            topic=topic, status=InterestStatus.DECLINED
        ).member,
        "confirmed_sponsor": SponsorshipInterestFactory(
            topic=topic, status=InterestStatus.CONFIRMED
        ).member,
        "confirmed_elsewhere": SponsorshipInterestFactory(status=InterestStatus.CONFIRMED).member,
        "channel_organizer": channel_organizer,
        "other_channel_organizer": UserFactory(),
        "organizer": OrganizerFactory(),
        "staff": UserFactory(is_staff=True),
    }
    TopicFactory(status=TopicStatus.SCHEDULED).channel.organizers.add(
        people["other_channel_organizer"]
    )
    return {"topic": topic, **people}


READERS = {"confirmed_sponsor", "channel_organizer", "organizer", "staff"}
ROLES = [
    "anonymous",
    "member",
    "proposer",
    "new_sponsor",
    "declined_sponsor",
    "confirmed_sponsor",
    "confirmed_elsewhere",
    "channel_organizer",
    "other_channel_organizer",
    "organizer",
    "staff",
]


@pytest.mark.parametrize("name", ["sponsorship:report", "sponsorship:report_print"])
@pytest.mark.parametrize("role", ROLES)
def test_who_reads_the_report(client, report_world, role, name):
    if report_world[role] is not None:
        client.force_login(report_world[role])

    response = client.get(report_url(report_world["topic"], name))

    expected = 302 if role == "anonymous" else 200 if role in READERS else 404
    assert response.status_code == expected
    if expected == 200:
        assert report_world["topic"].title in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_who_downloads_the_report(client, report_world, role):
    if report_world[role] is not None:
        client.force_login(report_world[role])

    response = client.get(report_url(report_world["topic"], "sponsorship:report_csv"))

    expected = 302 if role == "anonymous" else 200 if role in READERS else 404
    assert response.status_code == expected


@pytest.mark.parametrize("status", [TopicStatus.PROPOSED, TopicStatus.ACCEPTED])
@pytest.mark.parametrize("role", ["confirmed_sponsor", "organizer"])
def test_there_is_no_report_before_the_episode_is_scheduled(client, status, role):
    topic = TopicFactory(status=status)
    interest = SponsorshipInterestFactory(topic=topic, status=InterestStatus.CONFIRMED)
    client.force_login(interest.member if role == "confirmed_sponsor" else OrganizerFactory())

    assert client.get(report_url(topic)).status_code == 404


def test_an_unknown_topic_is_a_404_like_a_forbidden_one(client):
    client.force_login(OrganizerFactory())

    assert client.get(reverse("sponsorship:report", args=["no-such-topic"])).status_code == 404


def test_the_confirmed_sponsor_finds_the_report_in_their_sponsor_block(client, report_world):
    topic = report_world["topic"]
    client.force_login(report_world["confirmed_sponsor"])

    page = client.get(topic.get_absolute_url()).content.decode()

    assert report_url(topic) in page


@pytest.mark.parametrize("role", ["new_sponsor", "declined_sponsor", "member"])
def test_other_members_find_no_link_to_the_report(client, report_world, role):
    topic = report_world["topic"]
    client.force_login(report_world[role])

    page = client.get(topic.get_absolute_url()).content.decode()

    assert report_url(topic) not in page


def test_the_workspace_topic_page_links_to_the_report(client, report_world):
    topic = report_world["topic"]
    client.force_login(report_world["channel_organizer"])

    page = client.get(reverse("topics:workspace_topic", args=[topic.slug])).content.decode()

    assert report_url(topic) in page


def test_the_workspace_offers_no_report_before_scheduling(client):
    topic = TopicFactory(status=TopicStatus.ACCEPTED)
    client.force_login(OrganizerFactory())

    page = client.get(reverse("topics:workspace_topic", args=[topic.slug])).content.decode()

    assert report_url(topic) not in page


# What the report shows ----------------------------------------------------------------


def test_opinion_shares_hide_a_small_count_and_the_one_that_would_reveal_it():
    topic = TopicFactory(status=TopicStatus.SCHEDULED)
    opinions(topic, essential=7, interesting=6, covered=5, unconvinced=3)

    group = selectors.episode_report(topic=topic).groups[0]

    assert [(c.label, c.count, c.percent) for c in group.cells] == [
        (OpinionChoice.ESSENTIAL.label, 7, 33),
        (OpinionChoice.INTERESTING.label, 6, 29),
        (OpinionChoice.COVERED.label, None, None),
        (OpinionChoice.UNCONVINCED.label, None, None),
    ]
    assert group.total == 21


def test_the_header_says_recorded_only_once_the_recording_took_place(client):
    when = timezone.now() + timedelta(days=3)
    topic = TopicFactory(status=TopicStatus.SCHEDULED, recording_at=when)
    client.force_login(OrganizerFactory())
    day = date_format(timezone.localtime(when), "DATE_FORMAT")

    def header():
        page = client.get(report_url(topic)).content.decode()
        return page.split('<header class="mb-4">')[1].split("</header>")[0]

    assert f"recording on {day}" in header()
    assert "recorded on" not in header()
    topic_services.topic_mark_recorded(topic=topic, actor=OrganizerFactory())
    assert f"recorded on {day}" in header()


def test_the_page_says_fewer_than_five_and_never_the_small_figure(client):
    topic = TopicFactory(status=TopicStatus.SCHEDULED)
    opinions(topic, essential=7, interesting=6, covered=5, unconvinced=3)
    for member in UserFactory.create_batch(3):
        TopicFollow.objects.create(topic=topic, member=member)
    client.force_login(OrganizerFactory())

    page = client.get(report_url(topic)).content.decode()

    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count(HIDDEN) == 2
    assert ">3<" not in rows and ">5<" not in rows
    assert ">21<" in page
    followers = page.split("Followers</dt>")[1].split("</dd>")[0]
    assert HIDDEN in followers


def test_requests_to_take_part_by_role_and_by_outcome():
    topic = TopicFactory(status=TopicStatus.SCHEDULED)
    for status, n in [
        (ParticipationStatus.PENDING, 6),
        (ParticipationStatus.ACCEPTED, 2),
        (ParticipationStatus.WITHDRAWN, 4),
    ]:
        ParticipationRequestFactory.create_batch(
            n, topic=topic, status=status, role=ParticipationRole.AUDIENCE
        )
    ParticipationRequestFactory.create_batch(
        5, topic=topic, status=ParticipationStatus.DECLINED, role=ParticipationRole.GUEST
    )

    by_role, by_outcome = selectors.episode_report(topic=topic).groups[1:3]

    # No host (0) is hidden; 13 - 8 would give it away, so the 5 guests are hidden too.
    assert [(c.label, c.count) for c in by_role.cells] == [
        (ParticipationRole.GUEST.label, None),
        (ParticipationRole.HOST.label, None),
        (ParticipationRole.AUDIENCE.label, 8),
    ]
    assert by_role.total == 13
    # Accepted (2) and "closed" (0) are hidden, but 13 - 6 - 5 would tell that only 2
    # requests are in them (all accepted, closed being empty on a live topic): the 5
    # declined are hidden too.
    assert [(c.label, c.count) for c in by_outcome.cells] == [
        (ParticipationStatus.PENDING.label, 6),
        (ParticipationStatus.ACCEPTED.label, None),
        (ParticipationStatus.DECLINED.label, None),
        (ParticipationStatus.CLOSED.label, None),
    ]
    assert by_outcome.total == 13


def test_a_recorded_episode_gives_no_outcome_away_by_subtraction(client):
    """Recording closes the pending requests: "pending" is known to be empty, so it
    cannot cover a small hidden count."""
    topic = TopicFactory(status=TopicStatus.SCHEDULED)
    for status, n in [
        (ParticipationStatus.PENDING, 6),
        (ParticipationStatus.ACCEPTED, 8),
        (ParticipationStatus.DECLINED, 3),
    ]:
        ParticipationRequestFactory.create_batch(n, topic=topic, status=status)
    topic_services.topic_mark_recorded(topic=topic, actor=OrganizerFactory())
    client.force_login(OrganizerFactory())

    rows = _csv(client.get(report_url(topic, "sponsorship:report_csv")))

    # The 6 pending requests were closed by the recording; 17 - 8 - 6 would give the 3
    # declined away, the 6 closed are hidden too.
    outcome = [row[1:3] for row in rows if row[0] == "Requests to take part, by outcome"]
    assert outcome == [
        ["Pending", HIDDEN],
        ["Accepted", "8"],
        ["Declined", HIDDEN],
        ["Closed (topic no longer open)", HIDDEN],
        ["Requests to take part", "17"],
    ]


def _answer(questionnaire, *, role, scale, sectors):
    questions = {q.text: q for q in questionnaire.questions.prefetch_related("choices")}
    choices = {c.label: c for q in questions.values() for c in q.choices.all()}
    services.response_submit(
        questionnaire=questionnaire,
        respondent=UserFactory(),
        answers={
            questions["Your role"].pk: choices[role],
            questions["Relevance"].pk: scale,
            questions["Sectors"].pk: [choices[label] for label in sectors],
            questions["Company"].pk: "Secret Company",
        },
    )


def test_questionnaire_answers_in_aggregate_without_free_text():
    topic = TopicFactory(status=TopicStatus.SCHEDULED)
    questionnaire = questionnaire_with_every_kind(topic=topic)
    for _ in range(6):
        _answer(questionnaire, role="Manager", scale=4, sectors=["Tech", "Retail"])
    for _ in range(5):
        _answer(questionnaire, role="Engineer", scale=5, sectors=["Tech"])
    _answer(questionnaire, role="Other", scale=5, sectors=["Public"])

    report = selectors.episode_report(topic=topic)
    role, relevance, sectors = report.groups[3:]

    assert report.respondents == 12
    assert [(c.label, c.count) for c in role.cells] == [
        ("Manager", 6),
        ("Engineer", None),  # 12 - 6 - 5 would give "Other" away
        ("Other", None),
    ]
    assert role.total == 12
    assert [c.count for c in relevance.cells] == [None, None, None, 6, 6]
    assert relevance.average is None  # with hidden counts it would give them away
    assert [(c.label, c.count, c.percent) for c in sectors.cells] == [
        ("Tech", 11, 92),
        ("Retail", 6, 50),
        ("Public", None, None),
    ]
    assert sectors.total == 12
    assert report.has_text_questions
    assert len(report.groups) == 6


def test_a_scale_with_every_count_shown_has_its_average():
    topic = TopicFactory(status=TopicStatus.SCHEDULED)
    questionnaire = QuestionnaireFactory(topic=topic)
    question = Question.objects.create(
        questionnaire=questionnaire, text="Relevance", kind=QuestionKind.SCALE
    )
    for value in range(1, 6):
        for _ in range(5):
            services.response_submit(
                questionnaire=questionnaire,
                respondent=UserFactory(),
                answers={question.pk: value},
            )

    group = selectors.episode_report(topic=topic).groups[-1]

    assert group.average == 3.0
    assert group.total == 25


def test_reach_waits_for_publication(client):
    topic = TopicFactory(status=TopicStatus.SCHEDULED)
    topic_services.topic_share_click_record(topic=topic)
    client.force_login(OrganizerFactory())

    page = client.get(report_url(topic)).content.decode()

    assert "Not yet published" in page
    assert "click on the share link" not in page
    assert 'name="views"' not in page


def test_reach_shows_the_latest_views_and_the_clicks_by_week(client):
    topic = published_topic()
    organizer = OrganizerFactory()
    earlier = timezone.now() - timedelta(days=10)
    services.episode_reach_record(
        topic=topic, views=120, source_detail="YouTube Studio", measured_at=earlier
    )
    services.episode_reach_record(
        topic=topic,
        views=480,
        source_detail="YouTube Studio",
        measured_at=timezone.now(),
        entered_by=organizer,
    )
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    for day, clicks in [(monday, 3), (monday + timedelta(days=1), 4), (monday - timedelta(7), 9)]:
        TopicShareClicks.objects.create(topic=topic, day=day, clicks=clicks)
    client.force_login(organizer)

    report = client.get(report_url(topic)).context["report"]

    assert [r.views for r in report.views] == [480, 120]
    assert report.clicks_total == 16
    assert [(w.week, w.clicks) for w in report.clicks_by_week] == [
        (monday, 7),
        (monday - timedelta(7), 9),
    ]


@pytest.mark.parametrize("opinion_count", [1, 9])
def test_the_report_costs_the_same_queries_whatever_the_numbers(
    client, django_assert_num_queries, opinion_count
):
    topic = published_topic()
    questionnaire = questionnaire_with_every_kind(topic=topic)
    for _ in range(opinion_count):
        OpinionFactory(topic=topic)
        _answer(questionnaire, role="Manager", scale=4, sectors=["Tech"])
        ParticipationRequestFactory(topic=topic)
        TopicShareClicks.objects.create(
            topic=topic, day=timezone.localdate() - timedelta(days=TopicShareClicks.objects.count())
        )
        services.episode_reach_record(
            topic=topic, views=opinion_count, source_detail="here", measured_at=timezone.now()
        )
    client.force_login(OrganizerFactory())
    client.get(report_url(topic))  # the session and the organizer's role

    with django_assert_num_queries(16):
        response = client.get(report_url(topic))

    assert response.status_code == 200


# The CSV -----------------------------------------------------------------------------


def _csv(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_the_csv_holds_the_figures_hidden_as_on_the_page(client):
    topic = published_topic(slug="the-episode", title="A fine episode")
    opinions(topic, essential=7, interesting=6, covered=5, unconvinced=3)
    services.episode_reach_record(
        topic=topic,
        views=480,
        source_detail="YouTube Studio",
        measured_at=timezone.now() - timedelta(days=1),
    )
    topic_services.topic_share_click_record(topic=topic)
    client.force_login(OrganizerFactory())

    response = client.get(report_url(topic, "sponsorship:report_csv"))
    rows = _csv(response)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="the-episode-report.csv"'
    assert rows[0] == ["section", "figure", "value", "share"]
    assert rows[1] == ["Episode", "A fine episode", "", ""]
    opinion_title = "Opinions: “I find this subject…”"
    assert [row for row in rows if row[0] == opinion_title] == [
        [opinion_title, "Essential", "7", "33%"],
        [opinion_title, "Interesting", "6", "29%"],
        [opinion_title, "Already covered elsewhere", HIDDEN, ""],
        [opinion_title, "Not convinced", HIDDEN, ""],
        [opinion_title, "Opinions given", "21", ""],
    ]
    assert ["Demand", "Followers", HIDDEN, ""] in rows
    reach = [row for row in rows if row[0] == "Reach"]
    assert reach[0][1].startswith("Views (Entered by the organizers, YouTube Studio, ")
    assert reach[0][2] == "480"
    assert reach[1] == ["Reach", "Share-link clicks", "1", ""]


def test_csv_cells_cannot_run_as_formulas(client):
    topic = published_topic(slug="formula", title='=HYPERLINK("http://evil")')
    questionnaire = QuestionnaireFactory(topic=topic)
    question = Question.objects.create(
        questionnaire=questionnaire, text="+Your sector", kind=QuestionKind.SINGLE
    )
    Choice.objects.create(question=question, label="@SUM(A1)")
    Choice.objects.create(question=question, label="-1")
    services.episode_reach_record(
        topic=topic, views=3, source_detail="=cmd|' /C calc'!A0", measured_at=timezone.now()
    )
    client.force_login(OrganizerFactory())

    rows = _csv(client.get(report_url(topic, "sponsorship:report_csv")))

    assert rows[1] == ["Episode", '\'=HYPERLINK("http://evil")', "", ""]
    assert ["'+Your sector", "'@SUM(A1)", HIDDEN, ""] in rows
    assert ["'+Your sector", "'-1", HIDDEN, ""] in rows
    # Inside a cell, a formula's sign is only text.
    assert next(row[1] for row in rows if row[0] == "Reach").startswith("Views (")


def test_the_csv_of_an_unpublished_episode_says_so(client):
    topic = TopicFactory(status=TopicStatus.SCHEDULED)
    client.force_login(OrganizerFactory())

    rows = _csv(client.get(report_url(topic, "sponsorship:report_csv")))

    assert rows[-1] == ["Reach", "Not yet published", "", ""]


def test_the_printable_report_has_no_form_and_a_print_button(client):
    topic = published_topic()
    client.force_login(OrganizerFactory())

    page = client.get(report_url(topic, "sponsorship:report_print")).content.decode()

    assert "data-print hidden" in page
    assert "<form" not in page.split('id="main"')[1]


# Views entered by organizers -------------------------------------------------------------


def test_an_organizer_enters_the_views(client):
    topic = published_topic()
    organizer = OrganizerFactory()
    client.force_login(organizer)
    day = timezone.localdate() - timedelta(days=2)

    response = client.post(
        report_url(topic),
        {"views": "1500", "measured_on": day.isoformat(), "source_detail": "YouTube Studio"},
    )

    assert response.status_code == 302
    assert response["Location"] == report_url(topic) + "#reach"
    reading = EpisodeReach.objects.get(topic=topic)
    assert (reading.views, reading.source, reading.source_detail, reading.entered_by) == (
        1500,
        ReachSource.ENTERED,
        "YouTube Studio",
        organizer,
    )
    assert timezone.localtime(reading.measured_at).date() == day
    page = client.get(report_url(topic)).content.decode()
    assert "1500" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"views": "-3"}, "Views cannot be negative."),
        ({"views": "ten"}, "Enter a whole number."),
        (
            {"measured_on": (timezone.localdate() + timedelta(days=3)).isoformat()},
            "The figure cannot be measured in the future.",
        ),
        ({"source_detail": "  "}, "This field is required."),
    ],
)
def test_a_wrong_views_figure_is_refused_with_a_message(client, data, message):
    topic = published_topic()
    client.force_login(OrganizerFactory())
    form = {
        "views": "10",
        "measured_on": timezone.localdate().isoformat(),
        "source_detail": "Site statistics",
        **data,
    }

    response = client.post(report_url(topic), form)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert EpisodeReach.objects.count() == 0


def test_the_service_refuses_negative_views_whoever_calls_it():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.episode_reach_record(
            topic=published_topic(), views=-1, source_detail="shell", measured_at=timezone.now()
        )

    assert refused.value.message_dict == {"views": ["Views are a whole number, zero or more."]}


@pytest.mark.parametrize("role", ["confirmed_sponsor", "member"])
def test_only_organizers_enter_views(client, role):
    topic = published_topic()
    sponsor = SponsorshipInterestFactory(topic=topic, status=InterestStatus.CONFIRMED).member
    client.force_login(sponsor if role == "confirmed_sponsor" else UserFactory())

    response = client.post(
        report_url(topic),
        {"views": "10", "measured_on": timezone.localdate(), "source_detail": "x"},
    )

    assert response.status_code == (403 if role == "confirmed_sponsor" else 404)
    assert EpisodeReach.objects.count() == 0


def test_views_are_entered_only_once_published(client):
    topic = TopicFactory(status=TopicStatus.SCHEDULED)
    client.force_login(OrganizerFactory())

    response = client.post(
        report_url(topic),
        {"views": "10", "measured_on": timezone.localdate(), "source_detail": "x"},
    )

    assert response.status_code == 403


# Views read from PeerTube ----------------------------------------------------------------


class FakeAnswer:
    def __init__(self, body: bytes):
        self.body = body

    def read(self, limit=-1):
        return self.body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture
def peertube(settings, monkeypatch):
    """PeerTube on, one known instance, and its API answered here: no network."""
    settings.PEERTUBE_VIEWS_API = True
    settings.PEERTUBE_HOSTS = ["video.example"]
    calls = []
    answer = {"body": json.dumps({"id": 7, "views": 1234}).encode()}

    def fake_urlopen(request, timeout):
        calls.append((request.full_url, timeout))
        if isinstance(answer["body"], Exception):
            raise answer["body"]
        return FakeAnswer(answer["body"])

    monkeypatch.setattr(reach_services, "urlopen", fake_urlopen)
    return {"calls": calls, "answer": answer}


def test_the_tick_reads_the_views_of_a_peertube_episode(
    peertube, django_capture_on_commit_callbacks
):
    topic = published_topic(video_url="https://video.example/w/abcdef123")
    published_topic(video_url="https://www.youtube.com/watch?v=abcdef123")

    with django_capture_on_commit_callbacks(execute=True):
        asked = peertube_views_refresh_due()

    assert asked == 1
    assert peertube["calls"] == [("https://video.example/api/v1/videos/abcdef123", 5)]
    reading = EpisodeReach.objects.get()
    assert (reading.topic, reading.views, reading.source, reading.source_detail) == (
        topic,
        1234,
        ReachSource.PEERTUBE,
        "video.example",
    )
    assert "peertube_views" in dict(STEPS)


def test_an_episode_read_lately_is_not_asked_again(peertube, django_capture_on_commit_callbacks):
    published_topic(video_url="https://video.example/w/abcdef123")
    with django_capture_on_commit_callbacks(execute=True):
        peertube_views_refresh_due()

    with django_capture_on_commit_callbacks(execute=True):
        asked = peertube_views_refresh_due()

    assert asked == 0
    assert len(peertube["calls"]) == 1


@pytest.mark.parametrize(
    "failure",
    [URLError("connection refused"), TimeoutError("timed out"), b"<html>maintenance</html>"],
)
def test_a_failing_instance_keeps_the_last_figure(
    peertube, django_capture_on_commit_callbacks, caplog, failure
):
    topic = published_topic(video_url="https://video.example/videos/watch/abcdef123")
    services.episode_reach_record(
        topic=topic,
        views=900,
        source=ReachSource.PEERTUBE,
        source_detail="video.example",
        measured_at=timezone.now() - timedelta(days=2),
    )
    peertube["answer"]["body"] = failure

    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        peertube_views_refresh_due()

    assert [r.views for r in EpisodeReach.objects.all()] == [900]
    assert "the last figure stays" in caplog.text
    # Not asked again at the next tick: the instance gets a rest until the interval.
    with django_capture_on_commit_callbacks(execute=True):
        assert peertube_views_refresh_due() == 0


def test_peertube_is_never_called_when_off(settings, peertube, django_capture_on_commit_callbacks):
    settings.PEERTUBE_VIEWS_API = False
    published_topic(video_url="https://video.example/w/abcdef123")

    with django_capture_on_commit_callbacks(execute=True):
        assert peertube_views_refresh_due() == 0

    assert peertube["calls"] == []


def test_the_report_says_where_the_peertube_figure_comes_from(
    client, peertube, django_capture_on_commit_callbacks
):
    topic = published_topic(video_url="https://video.example/w/abcdef123")
    with django_capture_on_commit_callbacks(execute=True):
        peertube_views_refresh_due()
    client.force_login(OrganizerFactory())

    page = client.get(report_url(topic)).content.decode()

    assert "<strong>1234</strong>" in page
    assert "Read from PeerTube (video.example)" in page


# Share-link clicks ------------------------------------------------------------------


def share_url(topic):
    return reverse("topics:topic_share", args=[topic.slug])


def test_the_topic_page_shares_the_counting_address(client):
    topic = TopicFactory()

    page = client.get(topic.get_absolute_url()).content.decode()

    assert f'value="http://testserver{share_url(topic)}"' in page
    assert f'<link rel="canonical" href="http://testserver{topic.get_absolute_url()}">' in page


def test_a_click_is_counted_and_sent_to_the_topic_page(client):
    topic = TopicFactory()

    response = client.get(share_url(topic))

    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    assert list(TopicShareClicks.objects.values_list("topic", "day", "clicks")) == [
        (topic.pk, timezone.localdate(), 1)
    ]


def test_a_client_clicking_again_counts_once_an_hour(client):
    topic = TopicFactory()

    client.get(share_url(topic))
    client.get(share_url(topic))
    client.get(share_url(topic), REMOTE_ADDR="192.0.2.9")

    assert TopicShareClicks.objects.get(topic=topic).clicks == 2


def test_a_head_request_is_sent_on_but_not_a_click(client):
    """Link checkers and previews ask for the headers only: nobody followed the link."""
    topic = TopicFactory()

    response = client.head(share_url(topic))

    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    assert not TopicShareClicks.objects.exists()
    client.get(share_url(topic))
    assert TopicShareClicks.objects.get(topic=topic).clicks == 1


def test_link_previews_and_crawlers_are_not_clicks(client):
    topic = TopicFactory()

    response = client.get(share_url(topic), HTTP_USER_AGENT="LinkedInBot/1.0 (compatible)")

    assert response.status_code == 302
    assert not TopicShareClicks.objects.exists()


def test_a_topic_not_public_counts_no_click(client):
    topic = TopicFactory(status=TopicStatus.DRAFT)

    response = client.get(share_url(topic))

    assert response["Location"] == topic.get_absolute_url()
    assert not TopicShareClicks.objects.exists()


def test_clicks_add_up_on_the_day_row():
    topic = TopicFactory()
    yesterday = timezone.localdate() - timedelta(days=1)

    for _ in range(3):
        topic_services.topic_share_click_record(topic=topic)
    topic_services.topic_share_click_record(topic=topic, day=yesterday)

    assert sorted(TopicShareClicks.objects.values_list("day", "clicks")) == [
        (yesterday, 1),
        (timezone.localdate(), 3),
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_clicks_of_a_day_all_count_on_one_row():
    topic = TopicFactory()

    errors = _race(lambda: topic_services.topic_share_click_record(topic=topic), count=8)

    assert errors == []
    assert list(TopicShareClicks.objects.values_list("clicks", flat=True)) == [8]
