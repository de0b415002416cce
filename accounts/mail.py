"""Account mails (sign-up confirmation, password reset, new address, log-in codes).

They go to an address a visitor typed, so they must neither be lost nor be a
way to flood someone's inbox:

- Sent during the request, as before, when all is well.
- When the mail server does not take one, the request still finishes (the
  account exists, the member is told a mail is on its way) and the mail is
  kept as a `PendingMail`, which the task worker's minute tick (webcastory.tasks)
  tries again after 1, 2, 4, 8, 16 and 32 minutes before giving up.
- While the cache is down, allauth's rate limits count nothing, so the mail is
  kept instead of sent, for the worker to send a minute later.
- Either way, one address holds at most one waiting mail of a subject: a new
  one replaces the text of the one waiting (the newest link is the one that
  works) and does not add a mail. A flood of sign-ups or resets during an
  outage thus reaches its target once a minute at most.

The worker claims each mail before sending it and finishes it only if its
claim still holds, so two workers never both send it. A mail may still go
twice if the server took it but the worker never heard so (a connection cut
after the data was sent): at least once, at most that one in flight again.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.core.cache import cache
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from accounts.models import PendingMail

logger = logging.getLogger(__name__)

# How long a worker may take to send one mail before another may take it over.
CLAIM = timedelta(minutes=5)


def _backoff(retry: int) -> timedelta:
    return timedelta(minutes=2 ** (retry - 1))


def _html_of(message: EmailMessage) -> str:
    alternatives = getattr(message, "alternatives", [])
    return next((content for content, kind in alternatives if kind == "text/html"), "")


def account_mail_send(message: EmailMessage) -> bool:
    """Send now, or keep the mail for the worker; True when it was sent now."""
    if not getattr(cache, "available", True):
        account_mail_keep(message, reason="the cache is unreachable")
        return False
    try:
        message.send()
    except Exception as error:  # SMTP, socket and TLS errors alike
        logger.warning("An account mail was kept for a later try: %s", error)
        account_mail_keep(message, reason=str(error))
        return False
    return True


@transaction.atomic
def account_mail_keep(message: EmailMessage, *, reason: str) -> PendingMail:
    """Keep a mail for the worker; one waiting mail per address and subject."""
    recipients = sorted(message.to)
    waiting = (
        PendingMail.objects.select_for_update()
        .filter(recipients=recipients, subject=message.subject, given_up=False)
        .first()
    )
    fields = {"body": message.body, "html": _html_of(message), "last_error": reason[:300]}
    if waiting is not None:
        PendingMail.objects.filter(pk=waiting.pk).update(**fields)
        return waiting
    return PendingMail.objects.create(
        recipients=recipients,
        from_email=message.from_email,
        subject=message.subject,
        next_try_at=timezone.now() + _backoff(1),
        **fields,
    )


def pending_mail_claim(pk: int) -> str | None:
    """Take a due mail for this worker; the claim token, or None if it is not ours to send."""
    token = uuid.uuid4().hex
    now = timezone.now()
    taken = PendingMail.objects.filter(pk=pk, given_up=False, next_try_at__lte=now).update(
        claim=token, next_try_at=now + CLAIM
    )
    return token if taken else None


def pending_mail_sent(pk: int, claim: str) -> None:
    """The mail left: forget it (and the link in it), unless another worker took it over."""
    PendingMail.objects.filter(pk=pk, claim=claim).delete()


def pending_mail_failed(pending: PendingMail, claim: str, error: Exception) -> None:
    """Schedule the next try, or give up and erase the text after the last one."""
    retries = pending.attempts + 1
    if retries >= PendingMail.RETRIES:
        changes = {"given_up": True, "next_try_at": None, "body": "", "html": ""}
        logger.error("Account mail %s given up after %s retries.", pending.pk, retries)
    else:
        changes = {"next_try_at": timezone.now() + _backoff(retries + 1)}
    PendingMail.objects.filter(pk=pending.pk, claim=claim).update(
        attempts=retries, last_error=str(error)[:300], claim="", **changes
    )


def account_mails_send_due(*, limit: int = 100) -> tuple[int, int]:
    """Send the kept account mails that are due; returns (sent, failed). No lock is
    held while a mail is sent: each is claimed, sent, then finished."""
    due = list(
        PendingMail.objects.filter(given_up=False, next_try_at__lte=timezone.now())
        .order_by("next_try_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = failed = 0
    connection = get_connection()
    try:
        for pk in due:
            claim = pending_mail_claim(pk)
            if claim is None:
                continue  # another worker has it
            pending = PendingMail.objects.get(pk=pk)
            message = EmailMultiAlternatives(
                pending.subject,
                pending.body,
                pending.from_email,
                pending.recipients,
                connection=connection,
            )
            if pending.html:
                message.attach_alternative(pending.html, "text/html")
            try:
                message.send()
            except Exception as error:
                failed += 1
                pending_mail_failed(pending, claim, error)
            else:
                sent += 1
                pending_mail_sent(pk, claim)
    finally:
        connection.close()
    return sent, failed
