"""axe-core (bundled with axe-playwright-python) on the main pages, in both languages."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

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
