"""The admin's log-in is rate limited like the members' log-in."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts. Try again later."


@pytest.fixture
def staff(password):
    return UserFactory(is_staff=True, is_superuser=True, password=password)


def _login(client, email, password):
    return client.post(
        reverse("admin:login"), {"username": email, "password": password, "next": "/admin/"}
    )


def test_admin_login_works_with_the_right_password(client, staff, password):
    response = _login(client, staff.email, password)

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


def test_admin_login_refuses_further_attempts_after_five_failures(client, staff, password):
    for _attempt in range(5):
        response = _login(client, staff.email, "wrong-password")
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()

    response = _login(client, staff.email, password)

    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_admin_login_failures_count_with_the_member_login(client, staff, password):
    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": staff.email, "password": "wrong"})

    response = _login(client, staff.email, password)

    assert TOO_MANY in response.content.decode()


def test_admin_login_limits_guesses_across_addresses_from_one_ip(client, password):
    for number in range(10):
        _login(client, f"nobody{number}@example.com", "wrong-password")
    staff = UserFactory(is_staff=True, password=password)

    response = _login(client, staff.email, password)

    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()


def test_admin_login_still_refuses_a_member_who_is_not_staff(client, member, password):
    response = _login(client, member.email, password)

    assert response.status_code == 200
    assert "Please enter the correct email address and password for a staff account." in (
        response.content.decode()
    )
