"""The comments' blocks on pages the topics app draws: the organizers' workspace and a
topic's admin page (topics loads them by name, never by import)."""

import re

import pytest
from django.urls import reverse

from comments import services as comment_services
from tests.factories import ChannelFactory, CommentFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

# Session, member, role, channels, topics, requests, topics per state, overdue
# proposals, the menu, unread notices, the reported comments of every channel at once,
# sponsor leads.
QUERIES_DASHBOARD = 12


def _reported(topic, reason):
    comment = CommentFactory(topic=topic)
    comment_services.comment_report(comment=comment, reporter=UserFactory(), reason=reason)
    return comment


@pytest.fixture
def desks():
    """Two channels one organizer runs: a proposal and a reported comment on the first."""
    organizer = UserFactory()
    energy, health = ChannelFactory(name="Energy"), ChannelFactory(name="Health")
    for channel in (energy, health):
        channel.organizers.add(organizer)
    topic = TopicFactory(channel=energy, title="Grid storage")
    _reported(topic, "Advertising here")
    return {"organizer": organizer, "energy": energy, "health": health, "topic": topic}


def _badges(page: str) -> dict[str, str]:
    return dict(re.findall(r'id="desk-\d+">(\w+) (?:<span class="badge[^"]*">(\d+)</span>)?', page))


def test_the_dashboard_counts_reported_comments_with_what_waits(client, desks):
    client.force_login(desks["organizer"])

    page = client.get(reverse("topics:workspace_dashboard")).content.decode()

    # One proposal and one reported comment wait on Energy; nothing on Health.
    assert _badges(page) == {"Energy": "2", "Health": ""}
    assert "Grid storage</a>: “Advertising here”</li>" in page


@pytest.mark.parametrize("reports", [1, 12])
def test_the_dashboard_reads_the_reports_of_every_channel_in_one_query(
    client, desks, django_assert_num_queries, reports
):
    for number in range(reports - 1):
        other = TopicFactory(channel=desks["health"] if number % 2 else desks["energy"])
        _reported(other, f"Report {number}")
    client.force_login(desks["organizer"])

    with django_assert_num_queries(QUERIES_DASHBOARD):
        page = client.get(reverse("topics:workspace_dashboard"))

    assert page.content.decode().count("</a>: “") == reports


def test_the_workspace_topic_page_offers_a_decision_on_each_report(client, desks):
    topic = desks["topic"]
    client.force_login(desks["organizer"])

    page = client.get(reverse("topics:workspace_topic", args=[topic.slug])).content.decode()

    comment = topic.comments.get()
    assert "“Advertising here”" in page
    assert reverse("comments:workspace_comment_moderate", args=[comment.pk]) in page
    assert f'name="next" value="/workspace/topics/{topic.slug}/#reports"' in page


def test_the_topic_admin_page_lists_its_comments(client):
    comment = CommentFactory(body="Seen from the admin")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(
        reverse("admin:topics_topic_change", args=[comment.topic.pk])
    ).content.decode()

    assert "Seen from the admin" in page
    assert reverse("admin:comments_comment_change", args=[comment.pk]) in page
