"""An API read costs the same number of queries for 1 or many rows."""

import pytest

from tests.factories import (
    ChannelFactory,
    ChapterFactory,
    CommentFactory,
    EpisodeFactory,
    ParticipationRequestFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("topics", [1, 30])
def test_topic_list_queries_are_constant(client, django_assert_num_queries, topics):
    channel = ChannelFactory()
    for _n in range(topics):
        CommentFactory(topic=TopicFactory(channel=channel))

    # The page of topics with their channel, proposer and counts.
    with django_assert_num_queries(1):
        response = client.get("/api/v1/topics/?page_size=50")

    assert len(response.json()["results"]) == topics
    # Then from memory while nothing shown changed.
    with django_assert_num_queries(0):
        assert client.get("/api/v1/topics/?page_size=50")["X-Api-Cache"] == "hit"


@pytest.mark.parametrize("chapters", [1, 20])
def test_episode_list_queries_are_constant(client, django_assert_num_queries, chapters):
    for _n in range(3):
        episode = EpisodeFactory()
        for _c in range(chapters):
            ChapterFactory(episode=episode)

    # The episodes with their topic, channel and host; their chapters.
    with django_assert_num_queries(2):
        response = client.get("/api/v1/episodes/")

    assert [len(e["chapters"]) for e in response.json()["results"]] == [chapters] * 3


@pytest.mark.parametrize("co_proposers", [1, 10])
def test_topic_detail_queries_are_constant(client, django_assert_num_queries, co_proposers):
    topic = TopicFactory()
    for _n in range(co_proposers):
        topic.co_proposers.add(UserFactory())

    # Which topic the slug names, the topic with its channel, proposer and studio, its
    # co-proposers, its counts.
    with django_assert_num_queries(4):
        response = client.get(f"/api/v1/topics/{topic.slug}/")

    assert len(response.json()["co_proposers"]) == co_proposers


@pytest.mark.parametrize("requests", [1, 20])
def test_member_request_list_queries_are_constant(
    client, member, make_token, django_assert_num_queries, requests
):
    for _n in range(requests):
        ParticipationRequestFactory(applicant=member)
    header = make_token(member)
    client.get("/api/v1/me/participation-requests/", HTTP_AUTHORIZATION=header)

    # The token with its member (its last use noted once an hour), the requests.
    with django_assert_num_queries(2):
        response = client.get("/api/v1/me/participation-requests/", HTTP_AUTHORIZATION=header)

    assert len(response.json()["results"]) == requests
