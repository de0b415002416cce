import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.images import image_upload

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_subscribes_logs_in_edits_profile_and_switches_to_french(page, tmp_path):
    page.goto("/")
    expect(page.get_by_role("link", name="Webcastory")).to_be_visible()
    page.get_by_role("link", name="Sign up", exact=True).click()

    page.get_by_label("Full name").fill("Nadia Benali")
    page.get_by_label("Email").fill("nadia@example.com")
    page.get_by_label("Password").first.fill("a-sturdy-passphrase-9")
    page.get_by_label("Password (again)").fill("a-sturdy-passphrase-9")
    page.get_by_role("button", name="Create my account").click()
    member_menu = page.locator("summary", has_text="Nadia Benali")
    expect(member_menu).to_be_visible()

    # Log out, then log in again through "Log in".
    member_menu.click()
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in", exact=True).click()
    page.get_by_label("Email").fill("nadia@example.com")
    page.get_by_label("Password").fill("a-sturdy-passphrase-9")
    page.get_by_role("button", name="Log in").click()

    page.goto("/profile/edit/")
    page.get_by_label("Headline").fill("Head of innovation")
    page.get_by_label("Company").fill("Lumen Labs")
    avatar = tmp_path / "me.png"
    avatar.write_bytes(image_upload("PNG").read())
    page.get_by_label("Avatar").set_input_files(str(avatar))
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_role("heading", level=1, name="Nadia Benali")).to_be_visible()
    expect(page.get_by_text("Head of innovation · Lumen Labs")).to_be_visible()
    user = User.objects.get(email="nadia@example.com")
    assert user.avatar.name.endswith(".webp")

    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("link", name="Proposer un sujet").first).to_be_visible()
    expect(page.get_by_text(re.compile("Membre depuis"))).to_be_visible()
    user.refresh_from_db()
    assert user.preferred_language == "fr"
