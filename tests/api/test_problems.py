"""Every error in one shape: RFC 9457 problem details."""

import pytest

from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_address_is_a_404_problem(client):
    response = client.post("/api/v1/nothing/here/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "urn:webcastory:problem:not-found",
        "title": "Nothing here.",
        "status": 404,
        "detail": "Not found.",
    }


def test_an_unknown_topic_is_a_404_problem(client):
    response = client.get("/api/v1/topics/no-such-topic/")

    assert response.status_code == 404
    assert response.json()["type"] == "urn:webcastory:problem:not-found"


def test_a_method_not_offered_is_a_405_problem(client):
    topic = TopicFactory()

    response = client.delete(f"/api/v1/topics/{topic.slug}/")

    assert response.status_code == 405
    assert response.json()["type"] == "urn:webcastory:problem:method-not-allowed"


def test_a_body_that_is_not_json_is_a_problem(client, member, make_token):
    response = client.post(
        "/api/v1/topics/",
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=make_token(member, scope="write"),
    )

    assert response.status_code == 400
    assert response.json()["type"] == "urn:webcastory:problem:invalid"


def test_an_unexpected_error_is_a_500_problem_without_a_trace(client, monkeypatch):
    from topics import selectors

    def broken(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(selectors, "topic_list_public", broken)

    response = client.get("/api/v1/topics/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "urn:webcastory:problem:server-error",
        "title": "Something went wrong on our side.",
        "status": 500,
    }


def test_problems_follow_the_readers_language(client):
    response = client.get("/api/v1/topics/no-such-topic/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.json()["title"] == "Rien ici."


def test_a_browser_asking_for_html_gets_json(client):
    TopicFactory()

    response = client.get("/api/v1/topics/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
