"""The site's face in a real browser: the header on one line, no sideways scrolling on a
phone, the topic page's order on a phone, and the inline reply with and without
JavaScript."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.conftest import new_page
from tests.e2e.helpers import PASSWORD, log_in
from tests.factories import (
    ChannelFactory,
    CommentFactory,
    EpisodeFactory,
    OrganizerFactory,
    TopicFactory,
    UserFactory,
)
from topics.models import TopicStatus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site():
    channel = ChannelFactory(
        name="Energy transition", slug="energy", name_fr="Transition énergétique"
    )
    topic = TopicFactory(channel=channel, title="Batteries at the grid's edge", slug="batteries")
    CommentFactory(topic=topic, author=UserFactory(full_name="Alice Martin"), body="Storage first")
    published = TopicFactory(
        channel=channel,
        title="Hydrogen for trucks",
        slug="hydrogen",
        status=TopicStatus.PUBLISHED,
        published_at=timezone.now(),
        video_url="https://www.youtube.com/watch?v=abcdefghijk",
    )
    EpisodeFactory(topic=published)
    organizer = OrganizerFactory(
        email="olga@example.com", full_name="Olga Organizer-Longname", password=PASSWORD
    )
    channel.organizers.add(organizer)
    return {"channel": channel, "topic": topic}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_header_holds_on_one_line_at_1280_px(browser, live_server, site, language):
    User.objects.filter(email="olga@example.com").update(preferred_language=language)
    page = new_page(browser, live_server, locale="fr-FR" if language == "fr" else "en-GB")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    heights = [page.locator(".site-header nav").bounding_box()["height"]]
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("olga@example.com")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    heights.append(page.locator(".site-header nav").bounding_box()["height"])
    middles = page.locator(
        ".site-header .navbar-nav > li, .site-header .navbar-brand"
    ).evaluate_all(
        "items => items.map(i => { const r = i.getBoundingClientRect(); return Math.round(r.top + r.height / 2); })"
    )

    assert max(heights) <= 64  # one line: Bootstrap's navbar is 56 px high
    assert max(middles) - min(middles) <= 6  # every item on the same line


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_no_sideways_scrolling_on_a_phone(browser, live_server, site, locale):
    page = new_page(browser, live_server, locale=locale)
    page.set_viewport_size({"width": 390, "height": 844})
    paths = ["/", "/channels/energy/", "/topics/batteries/", "/episodes/hydrogen/"]
    paths += ["/about/", "/privacy/", "/accounts/login/"]

    too_wide = {}
    for path in paths:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[path] = width
    assert too_wide == {}


def test_on_a_phone_the_proposer_details_and_opinion_come_before_the_comments(
    browser, live_server, site
):
    page = new_page(browser, live_server)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/topics/batteries/")

    def top(selector):
        return page.locator(selector).bounding_box()["y"]

    tops = [top(s) for s in ("#brought-heading", "#infos-heading", "#opinion-heading")]
    assert tops == sorted(tops)
    assert tops[-1] < top("#comments-heading")

    page.set_viewport_size({"width": 1280, "height": 800})
    assert top("#brought-heading") < top("#comments-heading")
    # Beside the topic on a wide screen: the aside starts where the topic does.
    assert abs(top(".topic-aside") - top(".topic-main")) < 2


def test_reply_inline_with_javascript(browser, live_server, site):
    UserFactory(email="bea@example.com", full_name="Bea Reader", password=PASSWORD)
    page = new_page(browser, live_server)
    log_in(page, "bea@example.com")
    page.goto("/topics/batteries/")

    page.get_by_role("link", name="Reply to Alice Martin").click()
    expect(page).to_have_url(f"{live_server.url}/topics/batteries/")
    reply = page.get_by_label("Your reply to Alice Martin")
    expect(reply).to_be_focused()
    reply.fill("And hydrogen second")
    page.locator(".reply-inline").get_by_role("button", name="Post my reply").click()

    thread = page.locator(f"#comment-{site['topic'].comments.get(body='Storage first').pk}")
    expect(thread.locator(".comment-thread").get_by_text("And hydrogen second")).to_be_visible()


def test_reply_without_javascript_on_the_reply_page(browser, live_server, site):
    UserFactory(email="nojs@example.com", password=PASSWORD)
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        log_in(page, "nojs@example.com")
        page.goto("/topics/batteries/")
        page.get_by_role("link", name="Reply to Alice Martin").click()
        expect(page).to_have_url(
            f"{live_server.url}/comments/"
            f"{site['topic'].comments.get(body='Storage first').pk}/#reply"
        )
        page.get_by_label("Your reply to Alice Martin").fill("Without a script")
        page.get_by_role("button", name="Post my reply").click()
        expect(page.get_by_text("Without a script")).to_be_visible()
    finally:
        context.close()


def test_one_click_changes_the_language(browser, live_server, site):
    page = new_page(browser, live_server)
    page.goto("/topics/batteries/")

    page.get_by_role("button", name="Français").click()

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_url(f"{live_server.url}/topics/batteries/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
