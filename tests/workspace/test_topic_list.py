"""The workspace at scale: counts per state, filters, search, overdue proposals."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ChannelFactory, TopicFactory, UserFactory
from topics import services
from topics.models import TopicStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def channels():
    organizer = UserFactory(full_name="Olivia Organizer")
    quick = ChannelFactory(name="Quick", slug="quick", decision_days=3)
    slow = ChannelFactory(name="Slow", slug="slow", decision_days=30)
    elsewhere = ChannelFactory(name="Elsewhere", slug="elsewhere")
    quick.organizers.add(organizer)
    slow.organizers.add(organizer)
    ago = timezone.now() - timedelta(days=10)
    topics = {
        "late": TopicFactory(
            channel=quick, title="Late proposal", submitted_at=ago, proposed_at=ago
        ),
        "fresh": TopicFactory(
            channel=quick,
            title="Fresh proposal",
            submitted_at=timezone.now(),
            proposed_at=timezone.now(),
        ),
        "patient": TopicFactory(
            channel=slow, title="Patient proposal", submitted_at=ago, proposed_at=ago
        ),
        "published": TopicFactory(
            channel=slow, title="Aired already", status=TopicStatus.PUBLISHED, submitted_at=ago
        ),
        "declined": TopicFactory(
            channel=quick, title="Turned down", status=TopicStatus.DECLINED, submitted_at=ago
        ),
        "draft": TopicFactory(channel=quick, title="Still a draft", status=TopicStatus.DRAFT),
        "other": TopicFactory(channel=elsewhere, title="Not mine", submitted_at=ago),
    }
    return organizer, topics


def _list(client, **query):
    page = client.get(reverse("topics:workspace_topic_list"), query)
    assert page.status_code == 200
    return page.content.decode()


def test_the_dashboard_counts_topics_per_state_and_the_overdue(client, channels):
    organizer, _topics = channels
    client.force_login(organizer)

    page = client.get(reverse("topics:workspace_dashboard")).content.decode()

    # Quick: 2 proposed (1 overdue after 3 days), 1 declined; Slow: 1 proposed, 1 published.
    assert "?channel=quick&amp;status=overdue" in page
    # Quick: proposed 2, declined 1, overdue 1. Slow: proposed 1, published 1, overdue 0.
    counts = re.findall(r'status=(\w+)">[^<]+</a> <span class="badge[^"]*">(\d+)</span>', page)
    assert counts[:10] == [
        ("proposed", "2"),
        ("accepted", "0"),
        ("scheduled", "0"),
        ("recorded", "0"),
        ("post_production", "0"),
        ("published", "0"),
        ("declined", "1"),
        ("withdrawn", "0"),
        ("overdue", "1"),
        ("proposed", "1"),
    ]
    assert ("published", "1") in counts[10:] and counts[-1] == ("overdue", "0")
    assert "Overdue (no decision after 3 days)" in page
    assert "Overdue (no decision after 30 days)" in page
    assert "Nothing waits for a decision" not in page


def test_overdue_follows_each_channels_own_delay(client, channels):
    organizer, _topics = channels
    client.force_login(organizer)

    page = _list(client, status="overdue")

    assert "Late proposal" in page
    assert page.count('badge text-bg-danger">Overdue') == 1
    assert "Patient proposal" not in page  # 10 days, its channel allows 30
    assert "Fresh proposal" not in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"status": "published"}, ["Aired already"], ["Late proposal", "Turned down"]),
        ({"status": "declined"}, ["Turned down"], ["Aired already"]),
        ({"channel": "slow"}, ["Patient proposal", "Aired already"], ["Late proposal"]),
        ({"q": "fresh"}, ["Fresh proposal"], ["Late proposal"]),
        ({}, ["Late proposal", "Aired already", "Turned down"], ["Still a draft", "Not mine"]),
    ],
)
def test_filters_and_search_show_only_the_organizers_topics(client, channels, query, shown, hidden):
    organizer, _topics = channels
    client.force_login(organizer)

    page = _list(client, **query)

    for title in shown:
        assert title in page
    for title in hidden:
        assert title not in page


def test_another_channels_slug_or_a_made_up_state_gets_a_clear_message(client, channels):
    organizer, _topics = channels
    client.force_login(organizer)

    page = _list(client, channel="elsewhere", status="nonsense")

    assert "Select a valid choice" in page
    assert "Not mine" not in page


def test_members_cannot_open_the_list(client):
    client.force_login(UserFactory())

    assert client.get(reverse("topics:workspace_topic_list")).status_code == 403


def test_the_list_costs_the_same_queries_for_few_or_many_topics(
    client, channels, django_assert_max_num_queries
):
    organizer, _topics = channels
    client.force_login(organizer)
    _list(client)
    for n in range(40):
        TopicFactory(channel=_topics["late"].channel, title=f"More {n}")

    with django_assert_max_num_queries(12):
        _list(client)


def test_a_proposal_sent_back_and_submitted_again_starts_its_wait_over(client, channels):
    organizer, topics = channels
    late = topics["late"]
    services.topic_decide(
        topic=late, to_status=TopicStatus.DRAFT, actor=organizer, reason="More detail"
    )
    services.topic_transition(topic=late, to_status=TopicStatus.PROPOSED, actor=late.proposer)
    client.force_login(organizer)

    assert "Late proposal" not in _list(client, status="overdue")
