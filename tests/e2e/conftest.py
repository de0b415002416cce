"""Browser journeys in Debian's Chromium, driven by Playwright.

Where no Chromium is found the journeys are skipped with a loud reason, except
in CI (CI=true), where a missing browser fails the run.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not _chromium_available():
        message = (
            f"BROWSER TESTS NOT RUN: no Chromium at {CHROMIUM}. "
            "Install it with `apt-get install chromium` (or set CHROMIUM_PATH)."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread while the test
    # also uses the ORM; Django's async guard would refuse that.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    csp_errors = [e for e in errors if "Content Security Policy" in e]
    assert csp_errors == [], csp_errors


# The browser contexts a test opened with new_page: closed when it ends, so the live
# server's threads that keep their connections alive end too, with their database
# connection (left open, they pile up past PostgreSQL's max_connections).
_opened_contexts: list = []


@pytest.fixture(autouse=True)
def _contexts_closed():
    yield
    while _opened_contexts:
        _opened_contexts.pop().close()


def new_page(browser, live_server, locale="en-GB"):
    context = browser.new_context(base_url=live_server.url, locale=locale)
    context.set_default_timeout(15_000)
    _opened_contexts.append(context)
    return context.new_page()
