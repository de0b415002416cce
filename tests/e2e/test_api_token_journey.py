"""A member's API token, from My space to a revoked 401, in English and in French.

The member makes a read-and-write token in the browser (shown once), a program of
theirs (here: plain HTTP against the live server) reads their topics and proposes one,
the member sees it on the site, revokes the token in the browser, and the API then
answers 401 with a problem document. Public reads answer 304 to a matching ETag.
"""

import http.client
import json
import re
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import capfirst
from playwright.sync_api import expect

from api.models import ApiToken
from tests.e2e.conftest import new_page
from tests.e2e.helpers import log_in
from tests.factories import ChannelFactory, TopicFactory, UserFactory
from topics.models import Topic, TopicStatus

pytestmark = pytest.mark.django_db(transaction=True)

LOCALES = {"en": "en-GB", "fr": "fr-FR"}


class Api:
    """A program of the member's: HTTP to the live server, no browser, no cookie."""

    def __init__(self, live_server):
        self.address = urlsplit(live_server.url)

    def call(self, method, path, *, token=None, body=None, headers=()):
        connection = http.client.HTTPConnection(
            self.address.hostname, self.address.port, timeout=15
        )
        sent = {"Accept": "application/json", **dict(headers)}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        try:
            connection.request(method, path, body=payload, headers=sent)
            response = connection.getresponse()
            content = response.read()
            return response.status, response.headers, content
        finally:
            connection.close()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_member_uses_and_revokes_an_api_token(browser, live_server, language):
    def T(text):  # the label as the journey's reader sees it
        with translation.override(language):
            return translation.gettext(text)

    channel = ChannelFactory(name="IT & digital", slug="it-digital", name_fr="IT & numérique")
    member = UserFactory(
        email="paula@example.com", full_name="Paula Proposer", preferred_language=language
    )
    TopicFactory(channel=channel, proposer=member, title="Passkeys for everyone")
    api = Api(live_server)

    # My space → My API tokens: a read-and-write token, shown once.
    page = new_page(browser, live_server, locale=LOCALES[language])
    log_in(page, "paula@example.com", language=language)
    page.goto("/me/")
    page.get_by_role("link", name=T("My API tokens")).click()
    expect(page.get_by_role("heading", name=T("API tokens"), level=1)).to_be_visible()
    expect(page.get_by_text(T("You have no token yet."))).to_be_visible()
    page.get_by_label(capfirst(T("name"))).fill("Newsletter script")
    page.get_by_label(T("Read and write")).check()
    page.get_by_role("button", name=T("Make the token")).click()
    secret_box = page.get_by_label(T("Your new token"))
    expect(secret_box).to_be_visible()
    token = secret_box.input_value()
    assert re.fullmatch(r"wct_\w+_\S+", token)
    (made,) = ApiToken.objects.filter(member=member)
    assert (made.name, made.scope) == ("Newsletter script", "write")
    assert token not in {made.prefix, made.digest}  # only a prefix and a digest are kept

    # Coming back to the page (a reload): the token is listed, its secret is not shown.
    page.reload()
    expect(page.get_by_role("heading", name=T("My tokens"))).to_be_visible()
    revoke = page.get_by_role(
        "button",
        name=strip_tags(
            T('Revoke <span class="visually-hidden">%(name)s</span>')
            % {"name": "Newsletter script"}
        ),
    )
    expect(revoke).to_be_visible()  # listed, live
    expect(page.get_by_label(T("Your new token"))).to_have_count(0)
    assert token not in page.content()
    assert ApiToken.objects.filter(member=member).count() == 1  # no second token made

    # The program reads the member's topics and proposes one.
    status, headers, content = api.call("GET", "/api/v1/me/topics/", token=token)
    assert status == 200, content
    assert [t["title"] for t in json.loads(content)["results"]] == ["Passkeys for everyone"]
    status, headers, content = api.call(
        "POST",
        "/api/v1/topics/",
        token=token,
        body={
            "channel": "it-digital",
            "title": "Webhooks without tears",
            "summary": "Signed events for the channel's own servers.",
            "body": "How **Standard Webhooks** signatures work, and retries.",
            "submit": True,
        },
    )
    assert status == 201, content
    proposed = Topic.objects.get(title="Webhooks without tears")
    assert (proposed.proposer, proposed.status) == (member, TopicStatus.PROPOSED)
    assert json.loads(content)["slug"] == proposed.slug

    # The member sees it on the site, in My space and on its page.
    page.goto("/me/")
    page.get_by_role("link", name="Webhooks without tears").first.click()
    expect(page.get_by_role("heading", name="Webhooks without tears", level=1)).to_be_visible()
    expect(page.get_by_text("Signed events for the channel's own servers.").first).to_be_visible()

    # Public reads: the second one, with the ETag, is a 304 without a body.
    status, headers, content = api.call("GET", "/api/v1/topics/")
    assert status == 200
    etag = headers["ETag"]
    assert "Webhooks without tears" in content.decode()
    status, headers, content = api.call("GET", "/api/v1/topics/", headers={"If-None-Match": etag})
    assert (status, content) == (304, b"")
    assert headers["ETag"] == etag

    # Revoked in the browser: the API answers 401 with a problem document, even to reads.
    page.goto("/me/api-tokens/")
    revoke.click()
    expect(
        page.get_by_text(T("The token “%(name)s” is revoked.") % {"name": "Newsletter script"})
    ).to_be_visible()
    for path in ("/api/v1/me/topics/", "/api/v1/topics/"):
        status, headers, content = api.call("GET", path, token=token)
        assert status == 401, (path, content)
        assert headers["Content-Type"].startswith("application/problem+json")
        problem = json.loads(content)
        assert problem["status"] == 401
        assert problem["type"].startswith("urn:webcastory:problem:")
    status, headers, content = api.call(
        "POST",
        "/api/v1/topics/",
        token=token,
        body={"channel": "it-digital", "title": "Too late", "summary": "x", "body": "y"},
    )
    assert status == 401
    assert not Topic.objects.filter(title="Too late").exists()
