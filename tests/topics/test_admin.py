import pytest
from django.urls import reverse

from comments.models import Comment
from notifications.models import Notification, NotificationKind
from sponsorship.models import InterestStatus
from tests.adminforms import admin_add, admin_change
from tests.factories import (
    CommentFactory,
    OpinionFactory,
    ParticipationRequestFactory,
    SponsorshipInterestFactory,
    TopicFactory,
    UserFactory,
)
from topics.models import ParticipationStatus, Topic

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["topics_channel", "topics_topic", "comments_comment", "topics_opinion", "topics_feedback",
              "topics_participationrequest", "comments_commentreport", "notifications_notification",
              "topics_topicfollow", "notifications_notificationpreference", "topics_topictransition"],
)  # fmt: skip
def test_admin_lists_and_topic_page_render(client, model):
    admin = UserFactory(is_staff=True, is_superuser=True)
    topic = TopicFactory(title="Admin topic")
    CommentFactory(topic=topic)
    OpinionFactory(topic=topic)
    client.force_login(admin)

    listing = client.get(reverse(f"admin:{model}_changelist"))
    change = client.get(reverse("admin:topics_topic_change", args=[topic.pk]))

    assert (listing.status_code, change.status_code) == (200, 200)
    assert "Admin topic" in change.content.decode()


@pytest.mark.parametrize(
    "model",
    ["sponsorshipinterest", "questionnairetemplate", "questionnaire", "question", "response"],
)
def test_sponsorship_admin_lists_render(client, model):
    from tests.factories import SponsorshipInterestFactory, questionnaire_with_every_kind

    SponsorshipInterestFactory(organisation="Admin Sponsor")
    questionnaire_with_every_kind()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse(f"admin:sponsorship_{model}_changelist"))

    assert response.status_code == 200


def test_admin_adds_a_conversation_and_cannot_move_a_posted_comment(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    topic, elsewhere = TopicFactory(), TopicFactory()
    first = CommentFactory(topic=topic)
    client.force_login(admin)

    added = client.post(
        reverse("admin:comments_comment_add"),
        {"topic": topic.pk, "author": admin.pk, "body": "From the admin", "created_at_0": "2026-11-24",
         "created_at_1": "10:00:00", "useful_count": 0},
    )  # fmt: skip
    moved = client.post(
        reverse("admin:comments_comment_change", args=[first.pk]),
        {"topic": elsewhere.pk, "author": first.author.pk, "body": "Edited", "created_at_0": "2026-11-24",
         "created_at_1": "10:00:00", "useful_count": 0},
    )  # fmt: skip

    assert (added.status_code, moved.status_code) == (302, 302)
    assert Comment.objects.get(body="From the admin").conversation_number == 2
    first.refresh_from_db()
    assert (first.topic_id, first.body) == (topic.pk, "Edited")


def test_a_topic_added_in_the_admin_is_rendered_addressed_and_followed():
    proposer = UserFactory()
    channel = TopicFactory().channel

    admin_add(
        Topic, title="Heat pumps", summary="Why now", body="**Bold** claim",
        channel=str(channel.pk), proposer=str(proposer.pk), slug="heat-pumps",
    )  # fmt: skip

    topic = Topic.objects.get(title="Heat pumps")
    assert "<strong>Bold</strong>" in topic.body_html
    assert topic.follows.filter(member=proposer).exists()


def test_a_status_changed_in_the_admin_is_a_decision_told_to_the_member():
    request = ParticipationRequestFactory()

    admin_change(request, status=ParticipationStatus.ACCEPTED)

    request.refresh_from_db()
    assert request.status == ParticipationStatus.ACCEPTED
    assert Notification.objects.filter(
        recipient=request.applicant, kind=NotificationKind.PARTICIPATION_DECISION
    ).exists()


def test_a_transition_the_service_refuses_is_refused_in_the_admin_too():
    request = ParticipationRequestFactory(status=ParticipationStatus.WITHDRAWN)

    page = admin_change(request, status=ParticipationStatus.ACCEPTED).content.decode()

    request.refresh_from_db()
    assert request.status == ParticipationStatus.WITHDRAWN
    assert 'class="error"' in page


def test_a_sponsor_decision_in_the_admin_tells_the_sponsor():
    interest = SponsorshipInterestFactory()

    admin_change(interest, status=InterestStatus.CONFIRMED)

    interest.refresh_from_db()
    assert interest.status == InterestStatus.CONFIRMED
    assert Notification.objects.filter(
        recipient=interest.member, kind=NotificationKind.SPONSOR_DECISION
    ).exists()
