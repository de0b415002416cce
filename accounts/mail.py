"""Account mails that must not be lost when the mail server is down.

Sign-up confirmation, password reset and new-address mails are sent during
the request, as before. When the server cannot be reached or refuses the
mail, the request still finishes (the account exists, the member is told a
mail is on its way) and the mail is kept as a `PendingMail`, which the mail
worker (`send_notification_mails`) tries again with a growing delay. A mail
goes at most once: it is claimed before it is sent and deleted after.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from accounts.models import PendingMail

logger = logging.getLogger(__name__)

CLAIM = timedelta(minutes=10)  # a worker that died mid-send leaves the mail for later


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=2 ** (attempts - 1))


def account_mail_send(message: EmailMessage) -> bool:
    """Send now; if the server fails, keep the mail for the worker. True when sent."""
    try:
        message.send()
    except Exception as error:  # SMTP, socket and TLS errors alike
        logger.warning("Account mail to %s kept for a later try: %s", message.to, error)
        html = next(
            (
                content
                for content, kind in getattr(message, "alternatives", [])
                if kind == "text/html"
            ),
            "",
        )
        PendingMail.objects.create(
            recipients=list(message.to),
            from_email=message.from_email,
            subject=message.subject,
            body=message.body,
            html=html,
            next_try_at=timezone.now() + _backoff(1),
            last_error=str(error)[:300],
        )
        return False
    return True


def _claim(limit: int) -> list[PendingMail]:
    """Take due mails for this worker: their next try moves past the claim, so no other
    worker takes them while they are being sent (and no lock is held while sending)."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            PendingMail.objects.select_for_update(skip_locked=True)
            .filter(given_up=False, next_try_at__lte=now)
            .order_by("next_try_at")[:limit]
        )
        PendingMail.objects.filter(pk__in=[m.pk for m in due]).update(next_try_at=now + CLAIM)
    return due


def account_mails_send_due(*, limit: int = 100) -> tuple[int, int]:
    """Try the account mails that are due; returns (sent, failed)."""
    due = _claim(limit)
    if not due:
        return 0, 0
    sent = failed = 0
    connection = get_connection()
    try:
        for pending in due:
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
                _failed(pending, error)
            else:
                sent += 1
                pending.delete()
    finally:
        connection.close()
    return sent, failed


def _failed(pending: PendingMail, error: Exception) -> None:
    pending.attempts += 1
    pending.last_error = str(error)[:300]
    if pending.attempts > PendingMail.ATTEMPTS:
        pending.given_up = True
        pending.next_try_at = None
        pending.body = pending.html = ""  # the link inside must not linger
        logger.error("Account mail %s given up after %s tries.", pending.pk, PendingMail.ATTEMPTS)
    else:
        pending.next_try_at = timezone.now() + _backoff(pending.attempts)
    pending.save()
