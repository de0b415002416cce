import pytest
from django.urls import reverse

from tests.factories import CommentFactory, OpinionFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["channel", "topic", "comment", "opinion", "feedback", "participationrequest",
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
