"""Organizers' decisions do what they say, whoever takes them (workspace, admin, shell)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from topics import services
from topics.models import Notification, TopicStatus, TopicTransition

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def accepted(desk):
    topic = desk["topic"]
    topic.status = TopicStatus.ACCEPTED
    topic.save()
    return topic


# Scheduling ---------------------------------------------------------------------------


def test_schedule_form_refuses_a_past_date_and_tells_no_one(client, desk, accepted):
    client.force_login(desk["channel_organizer"])

    response = client.post(
        reverse("topics:workspace_topic_schedule", args=[accepted.slug]),
        {"recording_at": "2020-01-01T14:30", "duration": 60, "location_detail": "Studio B"},
    )

    accepted.refresh_from_db()
    assert response.status_code == 400
    assert "Choose a recording date and time in the future." in response.content.decode()
    assert (accepted.status, accepted.recording_at) == (TopicStatus.ACCEPTED, None)
    assert (mail.outbox, Notification.objects.count()) == ([], 0)


@pytest.mark.parametrize("status", [TopicStatus.ACCEPTED, TopicStatus.SCHEDULED])
def test_schedule_service_refuses_a_past_date(desk, status):
    topic = desk["topic"]
    topic.status = status
    topic.save()

    with pytest.raises(ValidationError) as refused:
        services.topic_schedule(
            topic=topic,
            actor=desk["channel_organizer"],
            recording_at=datetime(2020, 1, 1, 14, 30, tzinfo=PARIS),
        )

    topic.refresh_from_db()
    assert refused.value.messages == ["Choose a recording date and time in the future."]
    assert (topic.status, topic.recording_at) == (status, None)
    assert TopicTransition.objects.filter(topic=topic).count() == 0


def test_admin_cannot_set_the_recording_date(client, desk):
    client.force_login(desk["admin"])

    page = client.get(reverse("admin:topics_topic_change", args=[desk["topic"].pk]))

    assert 'name="recording_at' not in page.content.decode()


# Moderation ---------------------------------------------------------------------------


def _comment_trail(topic):
    return list(
        TopicTransition.objects.filter(topic=topic, subject="comment")
        .order_by("pk")
        .values_list("from_status", "to_status", "reason")
    )


def _moderate(client, comment, action):
    response = client.post(
        reverse("topics:workspace_comment_moderate", args=[comment.pk]),
        {"action": action, "reason": "Seen"},
        follow=True,
    )
    return [str(message) for message in response.context["messages"]]


def test_keeping_a_reported_comment_visible_says_so_and_dismisses_the_reports(client, desk):
    comment = desk["comment"]
    services.comment_report(comment=comment, reporter=desk["member"], reason="Advertising")
    client.force_login(desk["channel_organizer"])

    said = _moderate(client, comment, "restore")

    comment.refresh_from_db()
    assert said == ["The comment stays visible; its reports are dismissed."]
    assert (comment.hidden_at, comment.reports.get().resolved_by) == (
        None,
        desk["channel_organizer"],
    )
    assert _comment_trail(comment.topic) == [("reported", "dismissed", "Seen")]


def test_hiding_then_restoring_logs_the_real_transitions(client, desk):
    comment = desk["comment"]
    client.force_login(desk["channel_organizer"])

    said = [
        _moderate(client, comment, "hide"),
        _moderate(client, comment, "hide"),
        _moderate(client, comment, "restore"),
    ]

    assert said == [
        ["The comment is hidden."],
        ["The comment was already hidden; its reports are closed."],
        ["The comment is visible again."],
    ]
    # The second "hide" changed nothing and closed no report: nothing to log.
    assert _comment_trail(comment.topic) == [
        ("visible", "hidden", "Seen"),
        ("hidden", "visible", "Seen"),
    ]
