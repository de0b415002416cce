"""A channel's webhooks, from the workspace to a verified event, in English and in French.

An organizer registers an endpoint (a receiver this test starts on 127.0.0.1), copies
the secret shown once, sends a test event and reads its delivery in the log; a member's
comment on the channel's topic then arrives signed, and verifies with the Standard
Webhooks reference library. A private address is refused on the form.
"""

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import translation
from playwright.sync_api import expect
from standardwebhooks import Webhook

from comments.services import comment_create
from tests.e2e.conftest import new_page
from tests.e2e.helpers import log_in
from tests.factories import ChannelFactory, TopicFactory, UserFactory
from topics.models import TopicStatus
from webhooks.models import Endpoint

pytestmark = pytest.mark.django_db(transaction=True)

LOCALES = {"en": "en-GB", "fr": "fr-FR"}


@dataclass
class Receiver:
    url: str = ""
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)

    def wait_for(self, count: int, timeout: float = 15) -> None:
        for _ in range(int(timeout * 10)):
            if len(self.requests) >= count:
                return
            self.arrived.wait(0.1)
            self.arrived.clear()
        raise AssertionError(f"{len(self.requests)} requests arrived, not {count}")


@pytest.fixture
def receiver():
    """The organizers' server: an http.server thread on 127.0.0.1, a port of its own."""
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.requests.append((dict(self.headers.items()), body))
            self.send_response(204)
            self.end_headers()
            state.arrived.set()

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


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_organizer_receives_signed_events(browser, live_server, settings, receiver, language):
    def T(text):  # the label as the journey's reader sees it
        with translation.override(language):
            return translation.gettext(text)

    # The live server runs in a thread of this process: it reads these same settings.
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    channel = ChannelFactory(name="IT & digital", slug="it-digital", name_fr="IT & numérique")
    topic = TopicFactory(
        channel=channel, title="Passkeys for everyone", status=TopicStatus.ACCEPTED
    )
    olga = UserFactory(
        email="olga@example.com", full_name="Olga Organizer", preferred_language=language
    )
    channel.organizers.add(olga)
    commenter = UserFactory(full_name="Carl Commenter")

    # Dashboard → the channel's Webhooks → an endpoint hearing comments.
    page = new_page(browser, live_server, locale=LOCALES[language])
    log_in(page, "olga@example.com", language=language)
    page.goto("/workspace/")
    with translation.override(language):
        channel_name = channel.localized_name
    desk = page.get_by_role("region", name=re.compile(re.escape(channel_name)))
    desk.get_by_role("link", name=T("Webhooks"), exact=True).click()
    webhooks_of = T("Webhooks of %(channel)s") % {"channel": channel_name}
    expect(page.get_by_role("heading", level=1)).to_have_text(webhooks_of)
    expect(page.get_by_text(T("No endpoint yet."))).to_be_visible()
    page.get_by_label(T("Address")).fill(receiver.url)
    page.get_by_label(T("Description")).fill("Our newsroom bot")
    page.get_by_label(T("A comment is posted")).check()
    page.get_by_role("button", name=T("Add the endpoint")).click()
    expect(page.get_by_text(T("The endpoint is registered."))).to_be_visible()
    expect(page.get_by_role("heading", name=receiver.url, level=1)).to_be_visible()
    (endpoint,) = Endpoint.objects.filter(channel=channel)
    assert endpoint.events == ["comment.created"]

    # The secret, shown this once: copied, then gone from the page.
    shown = page.get_by_role("status").filter(has_text=T("The endpoint's signing secret"))
    secret = shown.locator("code").inner_text().strip()
    assert secret == endpoint.secret
    assert secret.startswith("whsec_")
    page.reload()
    expect(page.get_by_role("heading", name=receiver.url, level=1)).to_be_visible()
    assert secret not in page.content()

    # A test event: it arrives signed, and the log shows it with the receiver's answer.
    page.get_by_role("button", name=T("Send a test event")).click()
    expect(
        page.get_by_text(T("A test event is on its way: its result shows in the log below."))
    ).to_be_visible()
    receiver.wait_for(1)
    headers, body = receiver.requests[0]
    test_event = Webhook(secret).verify(body, headers)
    assert test_event["type"] == "webhook.test"
    assert test_event["data"]["channel"]["slug"] == "it-digital"
    page.reload()
    row = page.get_by_role("row").filter(has_text="webhook.test")
    expect(row).to_contain_text(T("delivered"))
    expect(row.get_by_role("cell").nth(2)).to_have_text("204")

    # A real event: a member comments on the channel's topic, through the service.
    comment = comment_create(topic=topic, author=commenter, body="Which browsers support it?")
    receiver.wait_for(2)
    headers, body = receiver.requests[1]
    event = Webhook(secret).verify(body, headers)
    assert event["type"] == "comment.created"
    assert event["data"]["topic"]["slug"] == topic.slug
    assert event["data"]["comment"]["id"] == comment.pk
    assert "Carl" not in json.dumps(event)  # no member's name in a payload
    assert headers["webhook-id"] != receiver.requests[0][0]["webhook-id"]
    page.reload()
    row = page.get_by_role("row").filter(has_text="comment.created")
    expect(row).to_contain_text(T("delivered"))
    expect(row.get_by_role("cell").nth(2)).to_have_text("204")

    # A private address, private ones no longer allowed: refused on the form, saying why.
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    page.get_by_role("link", name=re.compile(re.escape(webhooks_of))).click()
    page.get_by_label(T("Address")).fill("http://10.0.0.1/")
    page.get_by_label(T("A comment is posted")).check()
    page.get_by_role("button", name=T("Add the endpoint")).click()
    expect(
        page.get_by_text(
            T(
                "%(host)s is a private, local or reserved address: webhooks go to public "
                "addresses only."
            )
            % {"host": "10.0.0.1"}
        )
    ).to_be_visible()
    expect(page.get_by_label(T("Address"))).to_have_value("http://10.0.0.1/")
    assert Endpoint.objects.filter(channel=channel).count() == 1
