"""Organizers' decisions do what they say, whoever takes them (workspace, admin, shell)."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from comments import services as comment_services
from notifications.models import Notification
from tests.factories import ParticipationRequestFactory, UserFactory
from tests.topics.test_workflow import _text
from topics import services
from topics.models import ParticipationRequest, TopicStatus, TopicTransition

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def outbox(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (where mails leave) as the action ends; the mails sent."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return list(mail.outbox)

    return run


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
        reverse("comments:workspace_comment_moderate", args=[comment.pk]),
        {"action": action, "reason": "Seen"},
        follow=True,
    )
    return [str(message) for message in response.context["messages"]]


def test_keeping_a_reported_comment_visible_says_so_and_dismisses_the_reports(client, desk):
    comment = desk["comment"]
    comment_services.comment_report(comment=comment, reporter=desk["member"], reason="Advertising")
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

    said = [_moderate(client, comment, "hide"), _moderate(client, comment, "hide")]
    comment_services.comment_report(comment=comment, reporter=desk["member"], reason="Still there")
    said += [_moderate(client, comment, "hide"), _moderate(client, comment, "restore")]

    assert said == [
        ["The comment is hidden."],
        ["The comment was already hidden; its reports are closed."],
        ["The comment was already hidden; its reports are closed."],
        ["The comment is visible again."],
    ]
    # The second "hide" changed nothing and closed no report: nothing to log.
    assert _comment_trail(comment.topic) == [
        ("visible", "hidden", "Seen"),
        ("reported", "kept hidden", "Seen"),
        ("hidden", "visible", "Seen"),
    ]


# A topic leaving the site ---------------------------------------------------------------

LEAVING = {
    "declined": lambda topic, desk: services.topic_decide(
        topic=topic, to_status=TopicStatus.DECLINED, actor=desk["channel_organizer"], reason="No"
    ),
    "sent back": lambda topic, desk: services.topic_decide(
        topic=topic, to_status=TopicStatus.DRAFT, actor=desk["channel_organizer"], reason="Redo"
    ),
    "withdrawn": lambda topic, desk: services.topic_transition(
        topic=topic, to_status=TopicStatus.WITHDRAWN, actor=desk["proposer"]
    ),
}


@pytest.mark.parametrize("how", LEAVING)
def test_a_topic_leaving_the_site_closes_requests_and_tells_applicants_and_sponsors(
    desk, outbox, how
):
    topic = desk["topic"]
    accepted_one = ParticipationRequestFactory(
        topic=topic, applicant=UserFactory(full_name="Ada Accepted"), status="accepted"
    )
    withdrawn_one = ParticipationRequestFactory(topic=topic, status="withdrawn")

    sent = outbox(lambda: LEAVING[how](topic, desk))

    statuses = dict(ParticipationRequest.objects.filter(topic=topic).values_list("pk", "status"))
    assert statuses == {
        desk["request"].pk: "closed",
        accepted_one.pk: "closed",
        withdrawn_one.pk: "withdrawn",
    }
    subjects = {m.to[0]: m.subject for m in sent if m.to[0] != desk["proposer"].email}
    assert subjects == {
        desk["applicant"].email: "[Webcastory] Your request to take part in "
        "“Zero trust in practice”: Closed (topic no longer open).",
        accepted_one.applicant.email: "[Webcastory] Your request to take part in "
        "“Zero trust in practice”: Closed (topic no longer open).",
        desk["lead"].member.email: "[Webcastory] Your sponsor interest for "
        "“Zero trust in practice”: the topic is no longer open.",
    }
    assert ("participation", "pending", "closed") in {
        (t.subject, t.from_status, t.to_status) for t in TopicTransition.objects.all()
    }


def test_an_applicant_sees_the_closed_request_in_their_space(client, desk):
    LEAVING["declined"](desk["topic"], desk)
    client.force_login(desk["applicant"])

    space = client.get(reverse("topics:my_space")).content.decode()

    (mine,) = re.findall(
        r'<section class="mb-4" aria-labelledby="my-requests-heading">.*?</section>', space, re.S
    )
    assert _text(mine) == (
        "My requests to take part Zero trust in practice Guest expert · "
        "Closed (topic no longer open)"
    )
    assert desk["topic"].get_absolute_url() not in mine


def test_a_topic_back_on_the_site_takes_requests_again(client, desk):
    topic = desk["topic"]
    LEAVING["sent back"](topic, desk)
    services.topic_transition(topic=topic, to_status=TopicStatus.PROPOSED, actor=desk["proposer"])

    again = services.participation_request_create(
        topic=topic, applicant=desk["applicant"], role="host", motivation="Still keen"
    )

    assert list(
        ParticipationRequest.objects.filter(applicant=desk["applicant"])
        .order_by("pk")
        .values_list("status", flat=True)
    ) == ["closed", "pending"]
    assert again.status == "pending"
