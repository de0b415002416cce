"""Redis down: the site is slower, not absent, and says so to the health probe."""

import socket
import socketserver
import threading

import pytest
from django.core import mail
from django.core.cache import caches
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse

from accounts.models import PendingMail
from comments.models import Comment
from tests.factories import CommentFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


def _redis_caches(url: str) -> dict:
    return {
        "default": {"BACKEND": "core.cache.WebcastoryRedisCache", "LOCATION": url},
        "local": {
            "BACKEND": "core.cache.LocalFirstCache",
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
        reverse("comments:comment_create", args=[topic.slug]), {"body": "Posted during the outage"}
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


def test_account_mails_are_kept_one_per_address_while_limits_are_down(client, redis_down):
    """allauth's limits count nothing during the outage: a flood of password resets
    aimed at one address leaves one mail for the worker, not one per request."""
    UserFactory(email="owner@example.com")

    for _ in range(5):
        response = client.post(reverse("account_reset_password"), {"email": "owner@example.com"})
        assert response.status_code == 302
    assert mail.outbox == []
    assert sorted(PendingMail.objects.values_list("recipients", "subject")) == [
        (["owner@example.com"], "[Webcastory] Password Reset Email"),
    ]


class _OldRedis(socketserver.BaseRequestHandler):
    """Just enough of a Redis 6.2 server to answer a client's INFO."""

    refusal = None  # an error line to answer INFO with instead

    def handle(self):
        info = b"# Server\r\nredis_version:6.2.14\r\n"
        while data := self.request.recv(4096):
            if data.upper().startswith(b"*2\r\n$5\r\nHELLO"):
                self.request.sendall(b"%1\r\n$5\r\nproto\r\n:3\r\n")
            elif b"INFO" in data.upper() and self.refusal:
                self.request.sendall(self.refusal)
            elif b"INFO" in data.upper():
                self.request.sendall(b"$%d\r\n%s\r\n" % (len(info), info))
            else:
                self.request.sendall(b"+OK\r\n")


class _Refusing(_OldRedis):
    refusal = b"-NOPERM this user has no permissions to run the 'info' command\r\n"


class _WrongPassword(_OldRedis):
    refusal = b"-WRONGPASS invalid username-password pair or user is disabled.\r\n"


def _fake_redis(handler):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def fake_redis():
    servers = []

    def start(handler=_OldRedis) -> str:
        servers.append(_fake_redis(handler))
        return f"redis://127.0.0.1:{servers[-1].server_address[1]}/0"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_start_up_check_refuses_redis_older_than_7(settings, fake_redis):
    settings.CACHES = _redis_caches(fake_redis())

    problems = run_checks(tags=["caches"])

    assert [(p.id, p.msg) for p in problems] == [
        (
            "webcastory.E001",
            "The cache 'default' runs Redis 6.2.14; Webcastory needs Redis 7.0 or newer "
            "(its rate limits use EXPIRE with the NX option).",
        )
    ]


@pytest.mark.parametrize(
    ("handler", "problem"), [(_Refusing, "webcastory.E003"), (_WrongPassword, "webcastory.E002")]
)
def test_start_up_check_says_what_redis_refused(settings, fake_redis, handler, problem):
    settings.CACHES = _redis_caches(fake_redis(handler))

    assert [p.id for p in run_checks(tags=["caches"])] == [problem]


def test_start_up_check_warns_when_redis_is_down(redis_down):
    problems = run_checks(tags=["caches"])

    assert [p.id for p in problems] == ["webcastory.W001"]


def test_start_up_check_accepts_the_redis_of_this_machine(settings, redis_cache):
    settings.CACHES = _redis_caches(redis_cache.server_url)

    assert run_checks(tags=["caches"]) == []


PAUSE_SECONDS = 2.0


@pytest.fixture
def redis_pausable(settings, redis_cache):
    """The real Redis, with short timeouts; `pause()` makes it stop answering for a while
    (CLIENT PAUSE) and keeps its data, as a Redis that hangs or a network cut would."""
    import time

    import redis

    url = redis_cache.server_url
    settings.CACHES = {
        **_redis_caches(url),
        "default": {
            "BACKEND": "core.cache.WebcastoryRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_timeout": 0.2, "OUTAGE_BACKOFF": 0.5},
        },
    }
    control = redis.Redis.from_url(url)
    paused_until = []

    class Pausable:
        def pause(self):
            control.execute_command("CLIENT", "PAUSE", int(PAUSE_SECONDS * 1000), "ALL")
            paused_until.append(time.monotonic() + PAUSE_SECONDS)

        def wait_until_back(self):
            time.sleep(max(0.0, paused_until[-1] - time.monotonic()) + 1.1)

    yield Pausable()
    control.execute_command("CLIENT", "UNPAUSE")
    control.close()


def test_writes_made_while_redis_hangs_show_once_it_answers(client, redis_pausable):
    topic = TopicFactory()
    commenter = UserFactory()
    assert client.get(topic.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(topic.get_absolute_url())["X-Page-Cache"] == "hit"
    member = Client()
    member.force_login(commenter)

    redis_pausable.pause()
    post = member.post(
        reverse("comments:comment_create", args=[topic.slug]), {"body": "Said during the hang"}
    )
    redis_pausable.wait_until_back()

    assert post.status_code == 302
    assert "Said during the hang" in client.get(topic.get_absolute_url()).content.decode()


def test_a_log_out_made_while_redis_hangs_holds_once_it_answers(redis_pausable, password):
    member = UserFactory(password=password)
    browser = Client()
    browser.post(reverse("account_login"), {"login": member.email, "password": password})
    cookie = browser.cookies["sessionid"].value

    redis_pausable.pause()
    browser.post(reverse("account_logout"))
    redis_pausable.wait_until_back()

    returning = Client()
    returning.cookies["sessionid"] = cookie
    assert returning.get(reverse("home")).wsgi_request.user.is_anonymous


def test_health_check_says_ok_with_redis_up(client, redis_pausable):
    response = client.get(reverse("healthz"))

    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "database": "up", "cache": "up"},
    )
