from django.utils import translation
from playwright.sync_api import Page

PASSWORD = "correct-horse-battery-42"


def log_in(page: Page, email: str, password: str = PASSWORD, *, language: str = "en") -> None:
    """Log in through the form, read in the page's language."""
    with translation.override(language):
        labels = [translation.gettext(text) for text in ("Email", "Password", "Log in")]
    page.goto("/accounts/login/")
    page.get_by_label(labels[0]).fill(email)
    page.get_by_label(labels[1]).fill(password)
    page.get_by_role("button", name=labels[2]).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
