import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "Claire Dupont",
    "email": "Claire.Dupont@Example.com",
    "password1": "a-sturdy-passphrase-9",
    "password2": "a-sturdy-passphrase-9",
}


def _text(response) -> str:
    return response.content.decode()


def test_signup_creates_member_with_name_and_lowercase_email(client):
    response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    user = User.objects.get()
    assert (user.email, user.full_name, user.preferred_language) == (
        "claire.dupont@example.com",
        "Claire Dupont",
        "en",
    )
    assert response.wsgi_request.user == user


def test_signup_with_taken_email_says_so_without_naming_the_owner(client):
    UserFactory(email="taken@example.com", full_name="Secret Owner")

    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "TAKEN@example.com"})

    assert response.status_code == 200
    assert "A user is already registered with this email address." in _text(response)
    assert "Secret Owner" not in _text(response)
    assert User.objects.count() == 1


def test_signup_with_taken_email_in_production_mode_reveals_nothing(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    UserFactory(email="taken@example.com")

    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "taken@example.com"})

    # Same answer as a fresh sign-up; the owner is told by mail instead.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["taken@example.com"]]


def test_signup_with_weak_password_is_refused_with_message(client):
    response = client.post(
        reverse("account_signup"), {**SIGNUP, "password1": "12345", "password2": "12345"}
    )

    assert response.status_code == 200
    assert "This password is too short." in _text(response)
    assert User.objects.count() == 0


def test_signup_without_name_is_refused(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "full_name": ""})

    assert "This field is required." in _text(response)
    assert User.objects.count() == 0


def test_login_with_email_and_password(client, member, password):
    response = client.post(
        reverse("account_login"), {"login": member.email.upper(), "password": password}
    )

    assert response.status_code == 302
    assert response.wsgi_request.user == member


def test_login_rotates_the_session_key(client, member, password):
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key

    client.post(reverse("account_login"), {"login": member.email, "password": password})

    assert client.session.session_key != before


def test_login_with_wrong_password_shows_message(client, member):
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": "not-the-password"}
    )

    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in _text(response)
    assert not response.wsgi_request.user.is_authenticated


def test_login_rate_limit_kicks_in_after_repeated_failures(client, member, password):
    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": member.email, "password": "wrong-one"})

    response = client.post(reverse("account_login"), {"login": member.email, "password": password})

    assert "Too many failed login attempts. Try again later." in _text(response)
    assert not response.wsgi_request.user.is_authenticated


def test_logout_ends_the_session_on_the_server(client, member):
    client.force_login(member)
    session_key = client.session.session_key

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()


def test_logout_is_not_done_by_a_get(client, member):
    client.force_login(member)

    client.get(reverse("account_logout"))

    assert client.get(reverse("topics:my_space")).status_code == 200


def test_password_reset_by_email_link(client, member):
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    assert link is not None

    form_page = client.get(link.group(1), follow=True)
    new = "another-sturdy-phrase-7"
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": new, "password2": new},
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new)


def test_password_reset_for_unknown_email_looks_the_same(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")


def test_email_confirmation_is_mandatory_in_production_mode(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"

    client.post(reverse("account_signup"), SIGNUP)

    user = User.objects.get()
    assert not EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("topics:my_space")).status_code == 302
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body)
    assert link is not None

    client.post(link.group(1))

    assert EmailAddress.objects.get(user=user).verified
    response = client.post(
        reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert response.wsgi_request.user == user


def test_signup_and_login_pages_use_the_site_layout(client):
    for name, heading in (("account_signup", "Sign up"), ("account_login", "Log in")):
        page = _text(client.get(reverse(name)))
        assert f'<h1 class="h3 mb-3">{heading}</h1>' in page
        assert "The network of collaborative web-TVs for all professionals." in page
