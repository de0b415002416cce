"""The footer's pages: About, Contact, Privacy, Terms, Legal notice, in both languages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = {
    "about": ("About Webcastory", "À propos de Webcastory"),
    "contact": ("Contact", "Contact"),
    "privacy": ("Privacy", "Confidentialité"),
    "terms": ("Terms of use", "Conditions d'utilisation"),
    "legal_notice": ("Legal notice", "Mentions légales"),
}


def test_every_page_links_the_footer_pages(client):
    html = client.get(reverse("home")).content.decode()
    footer = html.split('<footer class="site-footer')[1]

    for name in PAGES:
        assert f'href="{reverse(name)}"' in footer


@pytest.mark.parametrize("name", PAGES)
def test_footer_page_in_english_and_french(client, name):
    english, french = PAGES[name]

    page = client.get(reverse(name)).content.decode()
    client.cookies["django_language"] = "fr"
    page_fr = client.get(reverse(name)).content.decode()

    assert f"<h1>{english}</h1>" in page
    assert f"<h1>{french}</h1>" in page_fr


def test_contact_and_privacy_give_the_contact_address(client, settings):
    settings.CONTACT_EMAIL = "privacy@example.org"

    for name in ("contact", "privacy", "legal_notice"):
        page = client.get(reverse(name)).content.decode()
        assert '<a href="mailto:privacy@example.org">privacy@example.org</a>' in page


def test_privacy_links_the_members_own_tools(client):
    page = client.get(reverse("privacy")).content.decode()

    for url in (
        reverse("accounts:data_export"),
        reverse("accounts:profile_edit"),
        reverse("accounts:account_delete"),
        reverse("notifications:notification_preferences"),
    ):
        assert f'href="{url}"' in page
