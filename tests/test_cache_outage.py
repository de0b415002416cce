"""Redis down: the site is slower, not absent, and says so to the health probe."""

import socket
import socketserver
import threading

import pytest
from django.core import mail
from django.core.cache import caches
from django.core.checks import run_checks
from django.urls import reverse

from tests.factories import CommentFactory, TopicFactory, UserFactory
from topics.models import Comment

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


def _redis_caches(url: str) -> dict:
    return {
        "default": {"BACKEND": "webcastory.cache.WebcastoryRedisCache", "LOCATION": url},
        "local": {
            "BACKEND": "webcastory.cache.LocalFirstCache",
            "LOCATION": "outage-local",
            "TIMEOUT": 600,
        },
    }


@pytest.fixture
def redis_down(settings):
    settings.CACHES = _redis_caches(f"redis://127.0.0.1:{_closed_port()}/0")
    yield
    for alias in ("default", "local"):
        caches[alias].close()


def test_public_pages_are_served_from_the_database(client, redis_down):
    topic = TopicFactory(title="Hiring in hard times")
    CommentFactory(topic=topic, body="We paused every opening.")

    home = client.get(reverse("home"))
    search = client.get(reverse("topics:search"), {"q": "hiring"})
    page = client.get(topic.get_absolute_url())
    login = client.get(reverse("account_login"))

    assert [r.status_code for r in (home, search, page, login)] == [200, 200, 200, 200]
    assert "Hiring in hard times" in home.content.decode()
    assert "We paused every opening." in page.content.decode()


def test_a_member_logs_in_reads_and_comments(client, redis_down, password):
    member = UserFactory(password=password)
    topic = TopicFactory()

    login = client.post(reverse("account_login"), {"login": member.email, "password": password})
    post = client.post(
        reverse("topics:comment_create", args=[topic.slug]), {"body": "Posted during the outage"}
    )
    page = client.get(topic.get_absolute_url())

    assert (login.status_code, post.status_code, page.status_code) == (302, 302, 200)
    assert page.wsgi_request.user == member
    assert list(Comment.objects.values_list("body", flat=True)) == ["Posted during the outage"]
    assert "Posted during the outage" in page.content.decode()


def test_health_check_says_degraded_not_down(client, redis_down):
    response = client.get(reverse("healthz"))

    assert (response.status_code, response.json(), response["X-Health"]) == (
        200,
        {"status": "degraded", "database": "up", "cache": "down"},
        "degraded",
    )


def test_password_reset_is_paused_and_sends_nothing(client, redis_down):
    UserFactory(email="owner@example.com")

    response = client.post(reverse("account_reset_password"), {"email": "owner@example.com"})

    assert (response.status_code, response["Retry-After"]) == (503, "60")
    assert "actions that send an e-mail to an address you type are paused" in (
        response.content.decode()
    )
    assert mail.outbox == []


class _OldRedis(socketserver.BaseRequestHandler):
    """Just enough of a Redis 6.2 server to answer a client's INFO."""

    def handle(self):
        info = b"# Server\r\nredis_version:6.2.14\r\n"
        while data := self.request.recv(4096):
            if data.upper().startswith(b"*2\r\n$5\r\nHELLO"):
                self.request.sendall(b"%1\r\n$5\r\nproto\r\n:3\r\n")
            elif b"INFO" in data.upper():
                self.request.sendall(b"$%d\r\n%s\r\n" % (len(info), info))
            else:
                self.request.sendall(b"+OK\r\n")


@pytest.fixture
def old_redis_url():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _OldRedis)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"redis://127.0.0.1:{server.server_address[1]}/0"
    server.shutdown()
    server.server_close()


def test_start_up_check_refuses_redis_older_than_7(settings, old_redis_url):
    settings.CACHES = _redis_caches(old_redis_url)

    problems = run_checks(tags=["caches"])

    assert [(p.id, p.msg) for p in problems] == [
        (
            "webcastory.E001",
            "The cache 'default' runs Redis 6.2.14; Webcastory needs Redis 7.0 or newer "
            "(its rate limits use EXPIRE with the NX option).",
        )
    ]


def test_start_up_check_warns_when_redis_is_down(redis_down):
    problems = run_checks(tags=["caches"])

    assert [p.id for p in problems] == ["webcastory.W001"]


def test_start_up_check_accepts_the_redis_of_this_machine(settings, redis_cache):
    settings.CACHES = _redis_caches(redis_cache._servers[0])

    assert run_checks(tags=["caches"]) == []
