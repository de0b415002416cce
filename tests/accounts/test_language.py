import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_language_switch_persists_for_visitors(client):
    response = client.post(reverse("accounts:language_set"), {"language": "fr", "next": "/"})

    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="fr">' in page
    assert "Proposer un sujet" in page


def test_language_switch_is_saved_on_the_members_profile(member_client, member):
    member_client.post(reverse("accounts:language_set"), {"language": "fr", "next": "/"})

    member.refresh_from_db()
    assert member.preferred_language == "fr"


def test_member_reads_the_site_in_their_preferred_language(client):
    francophone = UserFactory(preferred_language="fr")
    client.force_login(francophone)

    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="fr">' in page


def test_browser_language_is_used_for_anonymous_visitors(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").content.decode()

    assert '<html lang="fr">' in page
