import pytest
from django.urls import reverse

from tests.factories import CommentFactory, OpinionFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["channel", "topic", "comment", "opinion", "feedback", "participationrequest", "commentreport", "notification", "topicfollow", "notificationpreference",
              "topictransition"],
)  # fmt: skip
def test_admin_lists_and_topic_page_render(client, model):
    admin = UserFactory(is_staff=True, is_superuser=True)
    topic = TopicFactory(title="Admin topic")
    CommentFactory(topic=topic)
    OpinionFactory(topic=topic)
    client.force_login(admin)

    listing = client.get(reverse(f"admin:topics_{model}_changelist"))
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
