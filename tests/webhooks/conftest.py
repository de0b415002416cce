"""A receiver on this machine (127.0.0.1, a port of its own) that records each request,
and endpoints pointed at it. Webhooks go to public addresses only, so the tests that
send turn WEBHOOKS_ALLOW_PRIVATE on for it."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.factories import ChannelFactory, UserFactory
from webhooks import services
from webhooks.models import WebhookEvent


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    # What it answers next: a status code, and headers.
    status: int = 200
    answer_headers: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            state.requests.append(Received(self.path, dict(self.headers.items()), body))
            self.send_response(state.status)
            for name, value in state.answer_headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def do_GET(self):  # a followed redirect would arrive here
            state.requests.append(Received(self.path, dict(self.headers.items()), b""))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/webcastory"
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def channel():
    return ChannelFactory()


@pytest.fixture
def organizer(channel):
    """Organizes this channel only."""
    member = UserFactory(full_name="Chan Organizer")
    channel.organizers.add(member)
    return member


@pytest.fixture
def endpoint(channel, organizer, receiver):
    return services.endpoint_create(
        channel=channel, actor=organizer, url=receiver.url, events=list(WebhookEvent.values)
    )
