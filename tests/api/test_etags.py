"""ETag and 304 from the cache versions: any write to a shown row, whoever makes it,
changes the ETag; nothing else does."""

import pytest

from tests.adminforms import admin_change
from tests.factories import (
    ChapterFactory,
    EpisodeFactory,
    TopicFactory,
    UserFactory,
)
from topics.models import Topic
from topics.services import opinion_set

pytestmark = pytest.mark.django_db


def _etag(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200
    return response["ETag"]


def test_an_unchanged_list_answers_304(client):
    TopicFactory()
    etag = _etag(client, "/api/v1/topics/")

    response = client.get("/api/v1/topics/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_a_token_reader_gets_the_same_etag_as_a_visitor(client, member, make_token):
    topic = TopicFactory()
    path = f"/api/v1/topics/{topic.slug}/"

    assert _etag(client, path) == _etag(client, path, HTTP_AUTHORIZATION=make_token(member))


def test_a_service_write_changes_the_etag(client):
    topic = TopicFactory()
    path = f"/api/v1/topics/{topic.slug}/opinions/"
    before = _etag(client, path)

    opinion_set(topic=topic, member=UserFactory(), choice="essential")

    response = client.get(path, HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert response["ETag"] != before
    assert response.json()["total"] == 1


def test_a_write_from_the_shell_changes_the_list_etag(client):
    topic = TopicFactory(title="Before")
    before = _etag(client, "/api/v1/topics/")

    Topic.objects.filter(pk=topic.pk).update(title="After")

    response = client.get("/api/v1/topics/", HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert response.json()["results"][0]["title"] == "After"


def test_an_admin_edit_changes_the_etag(client):
    topic = TopicFactory(title="Before")
    path = f"/api/v1/topics/{topic.slug}/"
    before = _etag(client, path)

    admin_change(topic, title="Edited in the admin")

    response = client.get(path, HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert response.json()["title"] == "Edited in the admin"


def test_a_chapter_saved_from_the_shell_changes_the_episode_etag(client):
    episode = EpisodeFactory()
    chapter = ChapterFactory(episode=episode, title="Old title")
    path = f"/api/v1/episodes/{episode.topic.slug}/"
    before = _etag(client, path)

    chapter.title = "New title"
    chapter.save()

    response = client.get(path, HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert response.json()["chapters"][0]["title"] == "New title"


def test_renaming_the_proposer_changes_the_topic_list_etag(client):
    topic = TopicFactory()
    before = _etag(client, "/api/v1/topics/")

    topic.proposer.full_name = "Renamed Person"
    topic.proposer.save()

    response = client.get("/api/v1/topics/", HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert response.json()["results"][0]["proposer"] == "Renamed Person"


def test_a_write_that_shows_nowhere_keeps_the_etag(client):
    topic = TopicFactory()
    path = f"/api/v1/topics/{topic.slug}/opinions/"
    before = _etag(client, path)

    client.force_login(topic.proposer)  # saves last_login, which no page shows
    client.logout()

    assert client.get(path, HTTP_IF_NONE_MATCH=before).status_code == 304


def test_a_visitors_read_is_served_from_memory_while_its_versions_hold(client):
    TopicFactory()

    assert client.get("/api/v1/topics/")["X-Api-Cache"] == "miss"
    assert client.get("/api/v1/topics/")["X-Api-Cache"] == "hit"


def test_member_lists_answer_304_until_their_content_changes(client, member, make_token):
    header = make_token(member)
    etag = _etag(client, "/api/v1/me/topics/", HTTP_AUTHORIZATION=header)
    assert (
        client.get(
            "/api/v1/me/topics/", HTTP_AUTHORIZATION=header, HTTP_IF_NONE_MATCH=etag
        ).status_code
        == 304
    )

    TopicFactory(proposer=member)

    response = client.get("/api/v1/me/topics/", HTTP_AUTHORIZATION=header, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
