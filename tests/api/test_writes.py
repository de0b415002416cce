"""Writes go through the pages' services, under the same rules and rate limits."""

import pytest
from django.core.exceptions import PermissionDenied

from api.services import api_token_create
from comments.models import Comment
from tests.factories import (
    ChannelFactory,
    CommentFactory,
    OrganizerFactory,
    ParticipationRequestFactory,
    TopicFactory,
    UserFactory,
)
from topics.models import (
    Opinion,
    ParticipationStatus,
    Topic,
    TopicStatus,
    TopicTransition,
)

pytestmark = pytest.mark.django_db

TOPIC = {
    "channel": "tech",
    "title": "  Open source in public services  ",
    "summary": "Why administrations publish their code.",
    "body": "Some **bold** claims.",
    "format": "debate",
}


def _post(client, path, data, header, method="post"):
    return getattr(client, method)(
        path, data, content_type="application/json", HTTP_AUTHORIZATION=header
    )


def test_a_member_proposes_a_topic_through_the_service(client, member, make_token):
    ChannelFactory(slug="tech")

    response = _post(
        client, "/api/v1/topics/", {**TOPIC, "submit": True}, make_token(member, scope="write")
    )

    assert response.status_code == 201
    topic = Topic.objects.get()
    assert (topic.title, topic.status, topic.proposer) == (
        "Open source in public services",
        TopicStatus.PROPOSED,
        member,
    )
    assert topic.body_html == "<p>Some <strong>bold</strong> claims.</p>"
    assert topic.slug == "open-source-in-public-services"
    assert response.json()["slug"] == topic.slug
    assert TopicTransition.objects.filter(topic=topic, to_status="proposed").count() == 1


def test_a_draft_stays_a_draft_with_its_private_address(client, member, make_token):
    ChannelFactory(slug="tech")

    response = _post(client, "/api/v1/topics/", TOPIC, make_token(member, scope="write"))

    assert response.json()["status"] == "draft"
    assert Topic.objects.get().slug != "open-source-in-public-services"


def test_a_proposal_with_errors_names_each_field(client, member, make_token):
    ChannelFactory(slug="tech")

    response = _post(
        client,
        "/api/v1/topics/",
        {**TOPIC, "channel": "nowhere", "title": "x" * 161, "format": "opera"},
        make_token(member, scope="write"),
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert sorted(response.json()["errors"]) == ["channel", "format", "title"]
    assert Topic.objects.count() == 0


def test_a_read_token_cannot_write(client, member, make_token):
    ChannelFactory(slug="tech")

    response = _post(client, "/api/v1/topics/", TOPIC, make_token(member))

    assert response.status_code == 403
    assert response.json()["detail"] == "This needs a token with the write scope."
    assert Topic.objects.count() == 0


def test_a_visitor_cannot_write(client):
    response = client.post("/api/v1/topics/", TOPIC, content_type="application/json")

    assert response.status_code == 401


def test_a_member_gives_and_changes_an_opinion(client, member, make_token):
    topic = TopicFactory()
    header = make_token(member, scope="write")
    path = f"/api/v1/topics/{topic.slug}/opinions/"

    assert _post(client, path, {"choice": "essential"}, header, "put").json() == {
        "choice": "essential"
    }
    _post(client, path, {"choice": "covered"}, header, "put")

    assert list(Opinion.objects.values_list("member", "choice")) == [(member.pk, "covered")]
    assert client.get(path).json()["total"] == 1


@pytest.mark.parametrize("who", ["proposer", "co_proposer"])
def test_the_team_is_not_offered_an_opinion(client, make_token, who):
    topic = TopicFactory()
    member = topic.proposer
    if who == "co_proposer":
        member = UserFactory()
        topic.co_proposers.add(member)

    response = _post(
        client,
        f"/api/v1/topics/{topic.slug}/opinions/",
        {"choice": "essential"},
        make_token(member, scope="write"),
        "put",
    )

    assert response.status_code == 403
    assert Opinion.objects.count() == 0


def test_an_invalid_opinion_is_a_problem(client, member, make_token):
    topic = TopicFactory()

    response = _post(
        client,
        f"/api/v1/topics/{topic.slug}/opinions/",
        {"choice": "meh"},
        make_token(member, scope="write"),
        "put",
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["choice"]


def test_a_member_comments_and_replies(client, member, make_token):
    topic = TopicFactory()
    parent = CommentFactory(topic=topic)
    header = make_token(member, scope="write")

    response = _post(
        client,
        f"/api/v1/topics/{topic.slug}/comments/",
        {"body": "I agree.", "parent": parent.pk},
        header,
    )

    assert response.status_code == 201
    comment = Comment.objects.get(author=member)
    assert (comment.parent, comment.root_id, comment.body_html) == (
        parent,
        parent.pk,
        "<p>I agree.</p>",
    )
    assert response.json()["url"].endswith(comment.get_absolute_url())


def test_a_reply_to_another_topics_comment_is_refused(client, member, make_token):
    topic = TopicFactory()
    elsewhere = CommentFactory()

    response = _post(
        client,
        f"/api/v1/topics/{topic.slug}/comments/",
        {"body": "Hm.", "parent": elsewhere.pk},
        make_token(member, scope="write"),
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"parent": ["The comment you reply to no longer exists."]}


def test_comments_share_the_pages_rate_limit(client, member, make_token, settings):
    settings.MEMBER_RATE_LIMITS = {**settings.MEMBER_RATE_LIMITS, "comment": "2/m"}
    topic = TopicFactory()
    header = make_token(member, scope="write")
    path = f"/api/v1/topics/{topic.slug}/comments/"

    codes = [_post(client, path, {"body": f"Number {n}"}, header).status_code for n in range(3)]

    assert codes == [201, 201, 429]
    client.force_login(member)
    page = client.post(f"/topics/{topic.slug}/comments/", {"body": "From the page"})
    assert page.status_code == 429
    assert Comment.objects.count() == 2


def test_a_rate_limited_comment_is_a_problem(client, member, make_token, settings):
    settings.MEMBER_RATE_LIMITS = {**settings.MEMBER_RATE_LIMITS, "comment": "0/m"}
    topic = TopicFactory()

    response = _post(
        client,
        f"/api/v1/topics/{topic.slug}/comments/",
        {"body": "Hello"},
        make_token(member, scope="write"),
    )

    assert response.status_code == 429
    assert response.json()["type"] == "urn:webcastory:problem:rate-limited"


def test_no_comment_on_a_draft(client, member, make_token):
    topic = TopicFactory(status=TopicStatus.DRAFT, proposer=member)

    response = _post(
        client,
        f"/api/v1/topics/{topic.slug}/comments/",
        {"body": "Hello"},
        make_token(member, scope="write"),
    )

    assert response.status_code == 403
    assert Comment.objects.count() == 0


# Organizers ------------------------------------------------------------------------


def _organizer_of(channel):
    organizer = UserFactory()
    channel.organizers.add(organizer)
    return organizer


def test_an_organizer_decides_on_a_request_with_a_token_for_the_channel(client, make_token):
    channel = ChannelFactory()
    organizer = _organizer_of(channel)
    request = ParticipationRequestFactory(topic=TopicFactory(channel=channel))

    response = _post(
        client,
        f"/api/v1/participation-requests/{request.pk}/decision/",
        {"status": "accepted", "message": "Welcome"},
        make_token(organizer, scope="write", channels=[channel]),
    )

    assert response.status_code == 200
    request.refresh_from_db()
    assert (request.status, request.decision_message) == (ParticipationStatus.ACCEPTED, "Welcome")
    assert TopicTransition.objects.get(topic=request.topic).actor == organizer
    assert response.json()["status"] == "accepted"


@pytest.mark.parametrize("case", ["no_channel", "read_scope", "not_organizer", "left_channel"])
def test_a_decision_needs_the_role_the_channel_and_the_write_scope(client, make_token, case):
    channel = ChannelFactory()
    organizer = _organizer_of(channel)
    request = ParticipationRequestFactory(topic=TopicFactory(channel=channel))
    header = {
        "no_channel": lambda: make_token(organizer, scope="write"),
        "read_scope": lambda: make_token(organizer, channels=[channel]),
        "not_organizer": lambda: make_token(UserFactory(), scope="write"),
        "left_channel": lambda: make_token(organizer, scope="write", channels=[channel]),
    }[case]()
    if case == "left_channel":
        channel.organizers.remove(organizer)

    response = _post(
        client,
        f"/api/v1/participation-requests/{request.pk}/decision/",
        {"status": "accepted"},
        header,
    )

    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == ParticipationStatus.PENDING


def test_a_decision_the_request_no_longer_allows_is_refused(client, make_token):
    channel = ChannelFactory()
    organizer = _organizer_of(channel)
    request = ParticipationRequestFactory(
        topic=TopicFactory(channel=channel), status=ParticipationStatus.DECLINED
    )

    response = _post(
        client,
        f"/api/v1/participation-requests/{request.pk}/decision/",
        {"status": "accepted"},
        make_token(organizer, scope="write", channels=[channel]),
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["This request is Declined: it cannot be changed that way."]
    }


def test_a_token_cannot_be_scoped_to_a_channel_one_does_not_organize():
    with pytest.raises(PermissionDenied):
        api_token_create(member=UserFactory(), name="x", channels=[ChannelFactory()])


def test_organizer_queues_hold_the_tokens_channels_only(client, make_token):
    organizer = OrganizerFactory()  # organizes every channel
    mine, other = ChannelFactory(), ChannelFactory()
    proposal = TopicFactory(channel=mine, status=TopicStatus.PROPOSED)
    TopicFactory(channel=mine, status=TopicStatus.ACCEPTED)
    TopicFactory(channel=other, status=TopicStatus.PROPOSED)
    waiting = ParticipationRequestFactory(topic=proposal)
    ParticipationRequestFactory(topic=proposal, status=ParticipationStatus.DECLINED)
    ParticipationRequestFactory(topic=TopicFactory(channel=other))
    header = make_token(organizer, channels=[mine])

    proposals = client.get("/api/v1/organizer/proposals/", HTTP_AUTHORIZATION=header).json()
    requests = client.get(
        "/api/v1/organizer/participation-requests/", HTTP_AUTHORIZATION=header
    ).json()

    assert [t["slug"] for t in proposals["results"]] == [proposal.slug]
    assert proposals["results"][0]["is_overdue"] is False
    assert [r["id"] for r in requests["results"]] == [waiting.pk]
    assert requests["results"][0]["applicant"] == waiting.applicant.display_name


def test_organizer_queues_are_empty_without_channels_on_the_token(client, make_token):
    organizer = OrganizerFactory()
    TopicFactory(status=TopicStatus.PROPOSED)

    body = client.get(
        "/api/v1/organizer/proposals/", HTTP_AUTHORIZATION=make_token(organizer)
    ).json()

    assert body["results"] == []


def test_member_lists_hold_their_own_rows(client, member, make_token):
    mine = ParticipationRequestFactory(applicant=member)
    ParticipationRequestFactory()
    co_brought = TopicFactory(status=TopicStatus.DRAFT)
    co_brought.co_proposers.add(member)
    header = make_token(member)

    requests = client.get("/api/v1/me/participation-requests/", HTTP_AUTHORIZATION=header)
    topics = client.get("/api/v1/me/topics/", HTTP_AUTHORIZATION=header)

    assert [r["id"] for r in requests.json()["results"]] == [mine.pk]
    assert [t["slug"] for t in topics.json()["results"]] == [co_brought.slug]


def test_notifications_are_the_members(client, member, make_token):
    channel = ChannelFactory()
    organizer = _organizer_of(channel)
    request = ParticipationRequestFactory(topic=TopicFactory(channel=channel), applicant=member)
    _post(
        client,
        f"/api/v1/participation-requests/{request.pk}/decision/",
        {"status": "declined", "message": "Not this time"},
        make_token(organizer, scope="write", channels=[channel]),
    )

    body = client.get("/api/v1/me/notifications/", HTTP_AUTHORIZATION=make_token(member)).json()

    assert [(n["kind"], n["message"], n["topic"]["slug"]) for n in body["results"]] == [
        ("participation_decision", "Not this time", request.topic.slug)
    ]
