"""Every page works without JavaScript: the member menu opens and logs out."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PASSWORD, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_member_menu_works_without_javascript(browser, live_server):
    UserFactory(email="nojs@example.com", full_name="Noa Script", password=PASSWORD)
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        log_in(page, "nojs@example.com")
        my_space = page.get_by_role("link", name="My space")
        expect(my_space).to_be_hidden()

        page.locator("summary", has_text="Noa Script").click()
        expect(my_space).to_be_visible()
        page.get_by_role("button", name="Log out").click()

        expect(page.get_by_role("link", name="Log in", exact=True)).to_be_visible()
    finally:
        context.close()
