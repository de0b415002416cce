import re

import pytest
from django.urls import reverse

from tests.factories import ChannelFactory, CommentFactory, TopicFactory, UserFactory
from topics.models import Feedback, Opinion, ParticipationRequest, Topic, TopicStatus

pytestmark = pytest.mark.django_db


def _proposal(channel, **overrides):
    return {
        "channel": channel.pk,
        "title": "Quantum-safe crypto for banks",
        "summary": "What banks must change before quantum computers arrive.",
        "body": "A **long** text.",
        "language": "en",
        "format": "debate",
        "treatment": "trends",
        "location": "studio",
        "location_detail": "",
        "preparation_notes": "",
        "co_proposer_emails": "",
        "connected_links": "",
        **overrides,
    }


def test_member_proposes_and_submits_a_topic(member_client, member):
    channel = ChannelFactory()

    response = member_client.post(
        reverse("topics:topic_propose"), {**_proposal(channel), "submit": "1"}
    )

    topic = Topic.objects.get()
    assert response["Location"] == topic.get_absolute_url()
    assert (topic.status, topic.proposer, topic.format) == (TopicStatus.PROPOSED, member, "debate")


def test_member_saves_a_draft_then_submits_it(member_client):
    channel = ChannelFactory()
    member_client.post(reverse("topics:topic_propose"), {**_proposal(channel), "save_draft": "1"})
    topic = Topic.objects.get()
    assert topic.status == TopicStatus.DRAFT

    member_client.post(reverse("topics:topic_submit", args=[topic.slug]))

    topic.refresh_from_db()
    assert topic.status == TopicStatus.PROPOSED


def test_proposal_with_missing_fields_shows_messages_and_saves_nothing(member_client):
    channel = ChannelFactory()

    response = member_client.post(
        reverse("topics:topic_propose"),
        _proposal(channel, title="", summary="", co_proposer_emails="ghost@example.com"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("This field is required.") == 2
    assert "ghost@example.com" in page
    assert "No member has this address" not in page
    assert Topic.objects.count() == 0


def test_proposal_with_co_proposer_and_connected_topic(member_client):
    channel = ChannelFactory()
    partner = UserFactory(email="partner@example.com")
    other = TopicFactory(channel=channel)

    member_client.post(
        reverse("topics:topic_propose"),
        _proposal(
            channel,
            co_proposer_emails="Partner@Example.com",
            connected_links=f"http://testserver{other.get_absolute_url()}",
            submit="1",
        ),
    )

    topic = Topic.objects.exclude(pk=other.pk).get()
    assert list(topic.co_proposer_invitations.values_list("email", "invitee")) == [
        ("partner@example.com", partner.pk)
    ]
    assert list(topic.co_proposers.all()) == []
    assert list(topic.connected_topics.all()) == [other]


def test_opinion_distribution_is_public_and_changeable(client, member_client, member):
    topic = TopicFactory()
    url = reverse("topics:opinion_set", args=[topic.slug])
    member_client.post(url, {"choice": "essential"})
    member_client.post(url, {"choice": "covered"})

    assert list(Opinion.objects.values_list("choice", flat=True)) == ["covered"]
    client.logout()
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "<span>Already covered elsewhere</span><span>1 (100 %)</span>" in page


def test_invalid_opinion_shows_error_on_the_page(member_client):
    topic = TopicFactory()

    response = member_client.post(
        reverse("topics:opinion_set", args=[topic.slug]), {"choice": "meh"}
    )

    assert response.status_code == 400
    assert (
        "Select a valid choice. meh is not one of the available choices."
        in response.content.decode()
    )
    assert Opinion.objects.count() == 0


def test_feedback_and_participation_reach_the_proposer_only(member_client, client):
    topic = TopicFactory()
    member_client.post(reverse("topics:feedback_create", args=[topic.slug]), {"body": "Great idea"})
    member_client.post(
        reverse("topics:participation_request_create", args=[topic.slug]),
        {"role": "host", "motivation": "I host a podcast", "availability": "Mornings"},
    )
    assert Feedback.objects.get().body == "Great idea"
    assert ParticipationRequest.objects.get().role == "host"

    client.force_login(topic.proposer)
    space = client.get(reverse("topics:my_space")).content.decode()
    assert "Great idea" in space
    assert "I host a podcast" in space


def test_second_participation_request_is_refused_with_message(member_client):
    topic = TopicFactory()
    url = reverse("topics:participation_request_create", args=[topic.slug])
    member_client.post(url, {"role": "host", "motivation": "First"})

    response = member_client.post(url, {"role": "guest", "motivation": "Second"})

    assert ParticipationRequest.objects.count() == 1
    assert "Withdraw my request" in response.content.decode()


def test_contributions_refused_on_a_draft(member_client):
    topic = TopicFactory(status=TopicStatus.DRAFT)
    topic.co_proposers.add(UserFactory())

    member_client.post(reverse("topics:opinion_set", args=[topic.slug]), {"choice": "essential"})

    assert Opinion.objects.count() == 0


def test_channel_page_lists_public_topics_newest_first(client):
    channel = ChannelFactory(description="All about bytes")
    TopicFactory(channel=channel, title="Older")
    TopicFactory(channel=channel, title="Newer")
    TopicFactory(channel=channel, title="Hidden draft", status=TopicStatus.DRAFT)

    page = client.get(channel.get_absolute_url()).content.decode()

    assert "All about bytes" in page
    assert page.index("Newer") < page.index("Older")
    assert "Hidden draft" not in page


def test_profile_lists_topics_brought(client):
    topic = TopicFactory(title="My brought topic")

    page = client.get(topic.proposer.get_absolute_url()).content.decode()

    assert "My brought topic" in page


def test_topic_page_has_share_link_and_preview_tags(client):
    topic = TopicFactory(title="Shareable", summary="Short summary")

    page = client.get(topic.get_absolute_url()).content.decode()

    url = f"http://testserver/topics/{topic.slug}/"
    assert '<meta property="og:title" content="Shareable">' in page
    assert '<meta property="og:description" content="Short summary">' in page
    # Members share the address that counts clicks (/t/…); search engines keep the page's.
    assert f'value="http://testserver/t/{topic.slug}/" readonly' in page
    assert f'<link rel="canonical" href="{url}">' in page


def test_topic_page_ids_are_unique_so_labels_point_to_one_field(client):
    topic = TopicFactory()
    CommentFactory(topic=topic)
    CommentFactory(topic=topic)
    client.force_login(topic.proposer)

    page = client.get(topic.get_absolute_url()).content.decode()

    ids = re.findall(r'\sid="([^"]+)"', page)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
