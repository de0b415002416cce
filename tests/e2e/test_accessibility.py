"""axe-core (bundled with axe-playwright-python) on the main pages, in both languages."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone, translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from api.services import api_token_create
from tests.e2e.conftest import new_page
from tests.e2e.helpers import log_in
from tests.factories import (
    ChannelFactory,
    CommentFactory,
    EpisodeFactory,
    TopicFactory,
    UserFactory,
)
from topics.models import TopicStatus
from webhooks.models import Delivery, DeliveryState
from webhooks.services import endpoint_create

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING = {"serious", "critical"}
PAGES = [
    "/",
    "/channels/it-digital/",
    "/topics/accessible-topic/",
    "/episodes/accessible-episode/",
    "/search/?q=accessible",
    "/accounts/signup/",
    "/accounts/login/",
    "/about/",
    "/contact/",
    "/privacy/",
    "/terms/",
    "/legal-notice/",
]


@pytest.fixture
def site():
    channel = ChannelFactory(name="IT & digital", slug="it-digital", name_fr="IT & numérique")
    topic = TopicFactory(channel=channel, title="Accessible topic", slug="accessible-topic")
    CommentFactory(topic=topic, parent=CommentFactory(topic=topic))
    published = TopicFactory(
        channel=channel,
        title="Accessible episode",
        slug="accessible-episode",
        status=TopicStatus.PUBLISHED,
        published_at=timezone.now(),
        video_url="https://www.youtube.com/watch?v=abcdefghijk",
    )
    EpisodeFactory(topic=published)
    TopicFactory(
        channel=channel,
        title="Accessible recording",
        status=TopicStatus.SCHEDULED,
        recording_at=timezone.now() + timedelta(days=2),
    )
    return {"channel": channel, "topic": topic}


def _violations(page, paths):
    axe = Axe()
    found = {}
    for path in paths:
        page.goto(path)
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:3]}"
            for v in axe.run(page).response["violations"]
            if v["impact"] in BLOCKING
        ]
        if violations:
            found[path] = violations
    return found


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_no_serious_or_critical_violation(browser, live_server, site, locale):
    page = new_page(browser, live_server, locale=locale)

    assert _violations(page, PAGES) == {}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_violation_where_a_member_writes(browser, live_server, site, language):
    UserFactory(email="a11y@example.com", preferred_language=language)
    page = new_page(browser, live_server)
    log_in(page, "a11y@example.com")

    pages = ["/", "/topics/propose/", "/topics/accessible-topic/", "/me/"]
    pages += ["/episodes/accessible-episode/", "/profile/edit/"]
    pages += ["/notifications/", "/notifications/settings/"]
    assert _violations(page, pages) == {}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_violation_in_the_organizers_workspace(browser, live_server, site, language):
    organizer = UserFactory(email="desk@example.com", preferred_language=language)
    site["channel"].organizers.add(organizer)
    page = new_page(browser, live_server)
    log_in(page, "desk@example.com")

    pages = ["/workspace/", "/workspace/topics/", "/workspace/topics/accessible-topic/"]
    assert _violations(page, pages) == {}


def _axe_here(page, name, found):
    """axe on the page as it is now (a response to a form, not reached by an address)."""
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:3]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in BLOCKING
    ]
    if violations:
        found[name] = violations


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_violation_on_the_api_and_webhooks_pages(browser, live_server, settings, site, language):
    """My API tokens with a token just made (its secret shown), a channel's webhooks with
    a refused address, an endpoint with its secret shown and its delivery log."""

    def T(text):
        with translation.override(language):
            return translation.gettext(text)

    settings.WEBHOOKS_ALLOW_PRIVATE = False
    organizer = UserFactory(email="hooks@example.com", preferred_language=language)
    site["channel"].organizers.add(organizer)
    api_token_create(member=organizer, name="Old script", scope="read")
    page = new_page(browser, live_server, locale={"en": "en-GB", "fr": "fr-FR"}[language])
    log_in(page, "hooks@example.com", language=language)
    found = {}

    page.goto("/me/api-tokens/")
    page.get_by_label(capfirst(T("name"))).fill("Newsletter script")
    page.get_by_role("button", name=T("Make the token")).click()
    expect(page.get_by_label(T("Your new token"))).to_be_visible()
    _axe_here(page, "/me/api-tokens/ (a token made)", found)

    page.goto("/workspace/channels/it-digital/webhooks/")
    page.get_by_label(T("Address")).fill("http://10.0.0.1/")
    page.get_by_role("button", name=T("Add the endpoint")).click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    _axe_here(page, "webhooks (an address refused, no event chosen)", found)

    endpoint = endpoint_create(
        channel=site["channel"],
        actor=organizer,
        url="https://93.184.216.34/webcastory",  # a public address: no lookup
        events=["comment.created", "topic.proposed"],
    )
    Delivery.objects.create(
        endpoint=endpoint,
        event="comment.created",
        message_id="msg_a11y",
        payload="{}",
        state=DeliveryState.DELIVERED,
        response_code=204,
        duration_ms=12,
        attempts=1,
        last_attempt_at=timezone.now(),
    )
    paths = ["/me/api-tokens/", "/workspace/channels/it-digital/webhooks/"]
    paths += [endpoint.get_absolute_url()]
    found |= _violations(page, paths)
    page.get_by_role("button", name=T("Make a new secret")).click()
    expect(page.locator("code.user-select-all")).to_be_visible()
    _axe_here(page, "endpoint (its new secret shown)", found)
    assert found == {}
