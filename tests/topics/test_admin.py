import pytest
from django.urls import reverse

from tests.factories import CommentFactory, OpinionFactory, TopicFactory, UserFactory
from topics.models import Comment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["topics_channel", "topics_topic", "topics_comment", "topics_opinion", "topics_feedback",
              "topics_participationrequest", "topics_commentreport", "notifications_notification",
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
        reverse("admin:topics_comment_add"),
        {"topic": topic.pk, "author": admin.pk, "body": "From the admin", "created_at_0": "2026-11-24",
         "created_at_1": "10:00:00", "useful_count": 0},
    )  # fmt: skip
    moved = client.post(
        reverse("admin:topics_comment_change", args=[first.pk]),
        {"topic": elsewhere.pk, "author": first.author.pk, "body": "Edited", "created_at_0": "2026-11-24",
         "created_at_1": "10:00:00", "useful_count": 0},
    )  # fmt: skip

    assert (added.status_code, moved.status_code) == (302, 302)
    assert Comment.objects.get(body="From the admin").conversation_number == 2
    first.refresh_from_db()
    assert (first.topic_id, first.body) == (topic.pk, "Edited")
