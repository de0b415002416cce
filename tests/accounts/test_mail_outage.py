"""The mail server down: sign-up, password reset and new addresses finish, and their
mails go once the server is back."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.mail import pending_mail_claim, pending_mail_failed, pending_mail_sent
from accounts.models import PendingMail, User
from tests.factories import UserFactory
from webcastory.tasks import tick

pytestmark = pytest.mark.django_db

DOWN = "tests.workspace.broken_mail.BrokenBackend"
UP = "django.core.mail.backends.locmem.EmailBackend"
SIGNUP = {
    "full_name": "Claire Dupont",
    "email": "claire@example.com",
    "password1": "a-sturdy-passphrase-9",
    "password2": "a-sturdy-passphrase-9",
}


def _worker_pass_later(settings, backend=UP):
    """The mail worker's pass, once the mails' next try has come."""
    settings.EMAIL_BACKEND = backend
    PendingMail.objects.filter(given_up=False).update(next_try_at=timezone.now())
    tick.call()  # the worker's minute tick


def test_signup_finishes_and_its_confirmation_goes_when_the_server_is_back(client, settings):
    settings.EMAIL_BACKEND = DOWN

    response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    assert User.objects.get().email == "claire@example.com"
    assert list(PendingMail.objects.values_list("recipients", flat=True)) == [
        ["claire@example.com"]
    ]

    _worker_pass_later(settings)

    assert [m.to for m in mail.outbox] == [["claire@example.com"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert PendingMail.objects.count() == 0


def test_password_reset_says_sent_and_sends_once_the_server_is_back(client, settings):
    UserFactory(email="owner@example.com")
    settings.EMAIL_BACKEND = DOWN

    response = client.post(reverse("account_reset_password"), {"email": "owner@example.com"})

    assert (response.status_code, response.url) == (302, reverse("account_reset_password_done"))
    _worker_pass_later(settings)
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_adding_an_address_finishes_when_the_server_is_down(member_client, member, settings):
    settings.EMAIL_BACKEND = DOWN

    response = member_client.post(
        reverse("account_email"), {"action_add": "", "email": "second@example.com"}
    )

    assert response.status_code == 302
    assert member.emailaddress_set.filter(email="second@example.com").exists()
    assert PendingMail.objects.get().recipients == ["second@example.com"]


def test_a_mail_is_given_up_after_its_tries_and_its_link_erased(client, settings):
    settings.EMAIL_BACKEND = DOWN
    client.post(reverse("account_signup"), SIGNUP)

    for _ in range(PendingMail.RETRIES):
        _worker_pass_later(settings, backend=DOWN)

    pending = PendingMail.objects.get()
    assert (pending.given_up, pending.attempts, pending.body, pending.next_try_at) == (
        True,
        PendingMail.RETRIES,
        "",
        None,
    )
    _worker_pass_later(settings)
    assert mail.outbox == []


def test_a_mail_waits_for_its_next_try(client, settings):
    settings.EMAIL_BACKEND = DOWN
    client.post(reverse("account_signup"), SIGNUP)
    settings.EMAIL_BACKEND = UP

    tick.call()  # the worker's minute tick

    assert (mail.outbox, PendingMail.objects.get().attempts) == ([], 0)


def test_retries_wait_longer_each_time(client, settings):
    settings.EMAIL_BACKEND = DOWN
    client.post(reverse("account_signup"), SIGNUP)

    waits = []
    for _ in range(3):
        _worker_pass_later(settings, backend=DOWN)
        pending = PendingMail.objects.get()
        waits.append(round((pending.next_try_at - timezone.now()).total_seconds() / 60))

    assert waits == [2, 4, 8]


def test_repeated_requests_keep_one_mail_per_address_with_the_newest_link(client, settings):
    UserFactory(email="owner@example.com")
    settings.EMAIL_BACKEND = DOWN

    for _ in range(5):
        client.post(reverse("account_reset_password"), {"email": "owner@example.com"})
    kept = PendingMail.objects.get()
    _worker_pass_later(settings)

    assert [m.to for m in mail.outbox] == [["owner@example.com"]]
    assert mail.outbox[0].body == kept.body


def test_a_worker_whose_claim_was_taken_over_neither_deletes_nor_reschedules(client, settings):
    settings.EMAIL_BACKEND = DOWN
    client.post(reverse("account_signup"), SIGNUP)
    pending = PendingMail.objects.get()
    PendingMail.objects.update(next_try_at=timezone.now())

    slow_worker = pending_mail_claim(pending.pk)
    assert pending_mail_claim(pending.pk) is None  # held: no second worker takes it
    PendingMail.objects.update(next_try_at=timezone.now())  # the slow worker's claim ran out
    other_worker = pending_mail_claim(pending.pk)
    pending_mail_sent(pending.pk, slow_worker)
    pending_mail_failed(pending, slow_worker, ConnectionError("late"))

    kept = PendingMail.objects.get()
    assert (kept.claim, kept.attempts) == (other_worker, 0)
    pending_mail_sent(pending.pk, other_worker)
    assert PendingMail.objects.count() == 0
