"""A member's name goes into mail headers: it must hold on one line."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.validators import single_line_clean
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Write it on one line, without line breaks, tabs or other control characters."
NAMES = [
    "Claire\nDupont",
    "Claire\r\nDupont",
    "Claire\tDupont",
    "Claire\x1bDupont",
    "Claire\u2028Dupont",
    "Claire\x85Dupont",
]


@pytest.mark.parametrize(
    "name", NAMES, ids=["lf", "crlf", "tab", "escape", "line-separator", "nel"]
)
def test_profile_edit_refuses_a_name_with_control_characters(member_client, member, name):
    original = member.full_name

    response = member_client.post(
        reverse("accounts:profile_edit"), {"full_name": name, "preferred_language": "en"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert MESSAGE in page
    assert response.context["form"]["full_name"].value() == name
    member.refresh_from_db()
    assert member.full_name == original


@pytest.mark.parametrize(
    "name", NAMES, ids=["lf", "crlf", "tab", "escape", "line-separator", "nel"]
)
def test_signup_refuses_a_name_with_control_characters(client, name):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": name,
            "email": "claire@example.com",
            "password1": "a-sturdy-passphrase-9",
            "password2": "a-sturdy-passphrase-9",
        },
    )

    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert User.objects.filter(email="claire@example.com").exists() is False


def test_admin_refuses_a_name_with_a_line_break(client, member):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:accounts_user_change", args=[member.pk])
    data = {
        "email": member.email,
        "full_name": "Claire\nDupont",
        "preferred_language": "en",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }

    response = client.post(url, data)

    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    member.refresh_from_db()
    assert member.full_name != "Claire\nDupont"


def test_a_plain_name_with_accents_and_inner_spaces_is_accepted(member_client, member):
    response = member_client.post(
        reverse("accounts:profile_edit"),
        {"full_name": "Zoé  d'Arc-Éluard", "preferred_language": "en"},
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.full_name == "Zoé  d'Arc-Éluard"


def test_names_stored_before_the_rule_are_put_on_one_line():
    assert single_line_clean("Claire \r\n Dupont\t\x1b") == "Claire Dupont"
