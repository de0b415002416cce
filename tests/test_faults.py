"""The database going away: friendly 503 pages, an honest health check, recovery."""

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from topics import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def raising_client():
    # Errors must reach the error handler as they would in production.
    return Client(raise_request_exception=False)


def _database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    monkeypatch.setattr(selectors, "channel_list_active", refuse)


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get(reverse("healthz"))

    assert (response.status_code, response.json(), response["X-Health"]) == (
        200,
        {"status": "ok", "database": "up", "cache": "up"},
        "ok",
    )
    assert "no-cache" in response["Cache-Control"]


def test_healthz_gives_the_background_queues_to_a_monitor_that_asks(client):
    body = client.get(reverse("healthz"), {"queues": ""}).json()

    assert body["queues"]["mails"] == {
        "depth": 0,
        "oldest_seconds": None,
        "retrying": 0,
        "sending": 0,
        "given_up": 0,
        "in_digests": 0,
    }
    assert body["queues"]["comment_notices"] == {"depth": 0, "oldest_seconds": None}


def test_healthz_answers_503_when_the_database_is_down(raising_client, monkeypatch):
    _database_down(monkeypatch)

    response = raising_client.get(reverse("healthz"))

    assert (response.status_code, response.json()["database"]) == (503, "down")


def test_public_page_shows_a_friendly_503_then_recovers(raising_client, monkeypatch):
    with monkeypatch.context() as patch:
        _database_down(patch)
        down = raising_client.get(reverse("home"))

    page = down.content.decode()
    assert down.status_code == 503
    assert down["Retry-After"] == "30"
    assert "Back in a moment" in page
    assert "Traceback" not in page
    assert "OperationalError" not in page

    assert raising_client.get(reverse("home")).status_code == 200
    assert raising_client.get(reverse("healthz")).status_code == 200


def test_other_errors_give_the_plain_500_page(raising_client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(selectors, "channel_list_active", broken)

    response = raising_client.get(reverse("home"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
