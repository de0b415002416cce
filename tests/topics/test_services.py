import re
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from tests.factories import TopicFactory, UserFactory
from topics import services
from topics.models import (
    TOPIC_TRANSITIONS,
    Opinion,
    ParticipationRequest,
    ParticipationStatus,
    Topic,
    TopicFollow,
    TopicStatus,
    TopicTransition,
)

pytestmark = pytest.mark.django_db

ALLOWED = [(source, target) for source, targets in TOPIC_TRANSITIONS.items() for target in targets]
REFUSED = [
    (source, target)
    for source in TopicStatus
    for target in TopicStatus
    if target not in TOPIC_TRANSITIONS[source]
]


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_topic_transition_allowed_is_applied_and_audited(source, target):
    topic = TopicFactory(status=source)
    actor = UserFactory()

    services.topic_transition(topic=topic, to_status=target, actor=actor, reason="why not")

    topic.refresh_from_db()
    assert topic.status == target
    assert list(
        TopicTransition.objects.values_list("from_status", "to_status", "actor", "reason")
    ) == [(source, target, actor.pk, "why not")]


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_topic_transition_refused_changes_nothing(source, target):
    topic = TopicFactory(status=source)

    with pytest.raises(ValidationError):
        services.topic_transition(topic=topic, to_status=target, actor=None)

    topic.refresh_from_db()
    assert topic.status == source
    assert TopicTransition.objects.count() == 0


def test_topic_create_renders_markdown_and_submits():
    proposer = UserFactory()
    channel = TopicFactory().channel

    topic = services.topic_create(
        proposer=proposer,
        channel=channel,
        title="Hello world",
        summary="S",
        body="Some **bold** text",
        submit=True,
    )

    assert (topic.slug, topic.status) == ("hello-world", TopicStatus.PROPOSED)
    assert topic.body_html == "<p>Some <strong>bold</strong> text</p>"
    assert topic.submitted_at is not None


def test_topic_slugs_stay_unique():
    channel = TopicFactory().channel
    proposer = UserFactory()
    slugs = [
        services.topic_create(
            proposer=proposer,
            channel=channel,
            title="Same title",
            summary="S",
            body="B",
            submit=True,
        ).slug
        for _ in range(3)
    ]

    assert slugs == ["same-title", "same-title-2", "same-title-3"]


def test_a_title_matching_someone_elses_draft_gives_no_sign_of_it():
    channel = TopicFactory().channel
    draft = services.topic_create(
        proposer=UserFactory(), channel=channel, title="Secret plan", summary="S", body="B"
    )

    mine = services.topic_create(
        proposer=UserFactory(), channel=channel, title="Secret plan", summary="S", body="B",
        submit=True,
    )  # fmt: skip

    assert mine.slug == "secret-plan"
    assert re.fullmatch(r"secret-plan-[0-9a-f]{8}", draft.slug)


def test_a_draft_takes_its_address_from_its_title_when_first_submitted():
    topic = services.topic_create(
        proposer=UserFactory(), channel=TopicFactory().channel, title="Later", summary="S", body="B"
    )
    draft_slug = topic.slug

    services.topic_transition(topic=topic, to_status=TopicStatus.PROPOSED, actor=topic.proposer)
    services.topic_transition(topic=topic, to_status=TopicStatus.DRAFT, actor=None)
    services.topic_transition(topic=topic, to_status=TopicStatus.PROPOSED, actor=topic.proposer)

    topic.refresh_from_db()
    assert draft_slug != "later"
    assert topic.slug == "later"


def test_opinion_is_one_per_member_and_changeable():
    topic, member = TopicFactory(), UserFactory()

    services.opinion_set(topic=topic, member=member, choice="essential")
    services.opinion_set(topic=topic, member=member, choice="unconvinced")

    assert list(Opinion.objects.values_list("member", "choice")) == [(member.pk, "unconvinced")]


def test_participation_request_is_one_open_per_member():
    topic, member = TopicFactory(), UserFactory()
    first = services.participation_request_create(
        topic=topic, applicant=member, role="guest", motivation="Me!"
    )

    with pytest.raises(ValidationError) as error:
        services.participation_request_create(
            topic=topic, applicant=member, role="host", motivation="Me again"
        )
    assert error.value.messages == [
        "You already have a request for this topic. Withdraw it before sending another one."
    ]

    services.participation_request_withdraw(request=first, by=member)
    services.participation_request_create(
        topic=topic, applicant=member, role="host", motivation="Me again"
    )
    assert list(ParticipationRequest.objects.order_by("pk").values_list("role", "status")) == [
        ("guest", ParticipationStatus.WITHDRAWN),
        ("host", ParticipationStatus.PENDING),
    ]


def _race(target, count=6):
    barrier = threading.Barrier(count)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            target()
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_follows_leave_one_row_and_no_error():
    topic, member = TopicFactory(), UserFactory()

    errors = _race(lambda: services.topic_follow(topic=topic, member=member))

    assert errors == []
    assert TopicFollow.objects.filter(topic=topic, member=member).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_opinions_leave_one_row():
    topic, member = TopicFactory(), UserFactory()

    errors = _race(lambda: services.opinion_set(topic=topic, member=member, choice="essential"))

    assert errors == []
    assert Opinion.objects.filter(topic=topic, member=member).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_proposals_with_one_title_all_succeed_under_distinct_slugs():
    channel, proposer = TopicFactory().channel, UserFactory()

    errors = _race(
        lambda: services.topic_create(
            proposer=proposer, channel=channel, title="Hot topic", summary="S", body="B",
            submit=True,
        ),
        count=12,
    )  # fmt: skip

    slugs = list(Topic.objects.filter(title="Hot topic").values_list("slug", flat=True))
    assert errors == []
    assert (len(slugs), len(set(slugs)), "hot-topic" in slugs) == (12, 12, True)
    # Numbered, or after ten collisions in a row, a random suffix.
    assert all(re.fullmatch(r"hot-topic(-\d+|-[0-9a-f]{8})?", slug) for slug in slugs)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_participation_requests_leave_one_open_row():
    topic, member = TopicFactory(), UserFactory()

    errors = _race(
        lambda: services.participation_request_create(
            topic=topic, applicant=member, role="guest", motivation="Me"
        )
    )

    assert all(isinstance(e, ValidationError) for e in errors)
    assert ParticipationRequest.objects.filter(topic=topic, applicant=member).count() == 1


def test_the_migration_hides_the_slugs_of_drafts_never_submitted():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("topics.migrations.0014_draft_slugs")
    draft = TopicFactory(status=TopicStatus.DRAFT, title="Quiet idea", slug="quiet-idea")
    sent_back = TopicFactory(
        status=TopicStatus.DRAFT, slug="sent-back", submitted_at=timezone.now()
    )
    public = TopicFactory(slug="public-one")

    migration.draft_slugs_hide(apps, None)

    for topic in (draft, sent_back, public):
        topic.refresh_from_db()
    assert re.fullmatch(r"quiet-idea-[0-9a-f]{8}", draft.slug)
    assert (sent_back.slug, public.slug) == ("sent-back", "public-one")


def test_an_edit_started_before_a_schedule_does_not_undo_it():
    topic = TopicFactory(status=TopicStatus.ACCEPTED)
    being_edited = Topic.objects.get(pk=topic.pk)  # loaded by the edit page's request
    when = timezone.now() + timedelta(days=30)
    services.topic_schedule(
        topic=Topic.objects.get(pk=topic.pk), actor=UserFactory(), recording_at=when
    )

    services.topic_update(
        topic=being_edited, data={"title": "A sharper title"}, actor=topic.proposer
    )

    topic.refresh_from_db()
    assert (topic.title, topic.status, topic.recording_at) == (
        "A sharper title",
        TopicStatus.SCHEDULED,
        when,
    )
