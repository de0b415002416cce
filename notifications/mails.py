"""Notification mails: claimed, sent outside any transaction, then marked, by the worker.

A pending mail goes through three short steps, each its own statement or transaction:

1. **Claim.** A worker locks up to a batch of due mails (skipping those another worker
   holds), decides which still go (the member may have left, turned the category off,
   or chosen a digest since), holds the repeats of a burst (see below), and marks the
   rest `sending` with its claim. The transaction ends: no lock is held while mailing.
2. **Send**, one by one, over one SMTP connection.
3. **Mark** each mail `sent` right after the server took it, if the claim still holds.

A worker that dies between 2 and 3 leaves its claimed mails `sending`; after
NOTIFICATION_MAIL_CLAIM_TIMEOUT another worker takes them over. The mails it had sent
were already marked, so only the one in flight when it died may go twice.

A mail the server refuses is tried again after 1, 5, 25 and 125 minutes, then given up
(`failed`); the admin's "queue again" action puts it back. A server that cannot be
reached at all counts no attempt: the mails go back to the queue for a minute.

Nothing floods an inbox: a member gets at most one mail per topic and kind of activity
(HELD_KINDS) every NOTIFICATION_MAIL_INTERVAL seconds, however many workers run. The
time of the last one is one row (`LastMail`) per member, topic and kind, moved by a
conditional update that the database serialises; the notifications in between stay on
the site, marked held. Notification times count, not sending times, so a backlog the
worker catches up on after an outage is held as it would have been on time.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import get_random_string
from django.utils.timezone import now
from django.utils.translation import ngettext

from notifications.models import (
    DIGEST_STATES,
    NOTIFICATION_CATEGORY,
    LastMail,
    MailFrequency,
    MailState,
    Notification,
    NotificationKind,
)
from notifications.services import (
    notification_text,
    preferences_for,
    reachable,
    still_entitled,
    unsubscribe_token,
)

logger = logging.getLogger(__name__)

BATCH = 20
# A digest's claim starts so: the digests take their own stale claims back.
DIGEST_CLAIM = "digest-"
# Before anything was mailed: the hold interval's starting point.
NEVER = datetime(2000, 1, 1, tzinfo=UTC)

# Activity on a topic comes in bursts, and its mails are held to one per interval.
# Decisions, schedules, publications and invitations always go: each one changes what
# its reader must do (a new date, a closed request), and a burst of them is rare.
HELD_KINDS = frozenset(
    {
        NotificationKind.COMMENT_NEW,
        NotificationKind.COMMENT_REPLY,
        NotificationKind.FEEDBACK_NEW,
        NotificationKind.PARTICIPATION_NEW,
        NotificationKind.SPONSOR_NEW,
        NotificationKind.CO_PROPOSER_ANSWER,
        NotificationKind.TOPIC_EDITED,
        NotificationKind.PARTICIPATION_TO_REVIEW,
        NotificationKind.SPONSOR_TO_REVIEW,
        NotificationKind.COMMENT_REPORTED,
        NotificationKind.GUEST_ANSWER,
    }
)


# The server went away mid-batch (a cut connection, "421 too many messages"): the
# mails are not at fault, and wait without losing an attempt.
CONNECTION_LOST = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError)


class MailServerUnreachable(Exception):
    """The mail server could not be reached: nothing was sent, nothing counts as tried."""


class MailPass(NamedTuple):
    """What a pass over the mail queue did with the mails it took."""

    sent: int
    failed: int
    # Held back (a recent mail about the topic covers them), moved to a digest, or no
    # longer wanted.
    kept_back: int


def retry_delay(attempts: int) -> timedelta:
    """How long a refused mail waits before its next try: 1, 5, 25, 125 minutes."""
    return timedelta(minutes=5 ** (attempts - 1))


def mail_queue() -> QuerySet[Notification]:
    """The mails a worker may take now: due ones, and those whose worker went silent."""
    moment = now()
    stale = moment - timedelta(seconds=settings.NOTIFICATION_MAIL_CLAIM_TIMEOUT)
    return Notification.objects.filter(
        Q(mail_state=MailState.PENDING, mail_due_at__lte=moment)
        | (
            Q(mail_state=MailState.SENDING, mail_claimed_at__lt=stale)
            & ~Q(mail_claim__startswith=DIGEST_CLAIM)
        )
    )


def queue_take(pending: QuerySet, limit: int) -> list[int]:
    """Lock the ids of up to `limit` rows of a queue, oldest first, skipping those
    another worker holds. Ids only: the caller loads the rows it needs by id. With
    the rows' joins in the locking query, PostgreSQL, whose statistics lag behind
    a queue that just grew, joined and sorted the whole backlog on every pass
    (180 ms and a 73 MB sort on disk at 34,000 queued mails)."""
    return list(
        pending.select_for_update(skip_locked=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def mail_interval() -> timedelta | None:
    """NOTIFICATION_MAIL_INTERVAL, or None when every notification is mailed."""
    seconds = settings.NOTIFICATION_MAIL_INTERVAL
    return timedelta(seconds=seconds) if seconds > 0 else None


def notification_mails_send_due(*, limit: int = BATCH) -> MailPass:
    """One pass: claim up to `limit` due mails, send them, mark them. Never holds a lock
    while mailing; raises MailServerUnreachable (the mails back in the queue) when the
    server cannot be reached or drops the connection."""
    claim, batch, kept_back = _claim(limit)
    if not batch:
        return MailPass(0, 0, kept_back)
    try:
        connection = get_connection()
        connection.open()
    except Exception as error:
        _release(batch, claim)
        raise MailServerUnreachable from error
    sent = failed = 0
    try:
        for position, notification in enumerate(batch):
            # The claim is checked, and renewed, before each mail: a worker that
            # stalled past the timeout sends nothing another worker took over.
            if not _mine(notification.pk, claim).update(mail_claimed_at=now()):
                continue
            try:
                mail = _mail(notification)
                mail.connection = connection
                mail.send()
            except CONNECTION_LOST as error:
                # Not the mail's fault: it and the rest wait, no attempt counted.
                _release(batch[position:], claim)
                raise MailServerUnreachable from error
            except Exception:
                failed += 1
                _refused(notification, claim)
            else:
                sent += 1
                _mine(notification.pk, claim).update(mail_state=MailState.SENT, mail_claim="")
    finally:
        connection.close()
    return MailPass(sent, failed, kept_back)


def _mine(pk: int, claim: str) -> QuerySet[Notification]:
    """This notification, if this worker's claim on it still holds."""
    return Notification.objects.filter(pk=pk, mail_state=MailState.SENDING, mail_claim=claim)


def _refused(notification: Notification, claim: str) -> None:
    attempts = notification.mail_attempts + 1
    given_up = attempts >= Notification.MAIL_ATTEMPTS
    logger.exception(
        "Notification mail %s to member %s failed (attempt %s of %s).",
        notification.pk,
        notification.recipient_id,
        attempts,
        Notification.MAIL_ATTEMPTS,
    )
    _mine(notification.pk, claim).update(
        mail_state=MailState.FAILED if given_up else MailState.PENDING,
        mail_attempts=attempts,
        mail_due_at=None if given_up else now() + retry_delay(attempts),
        mail_claim="",
    )


def _release(batch: list[Notification], claim: str) -> None:
    """Back to the queue, due in a minute, no attempt counted."""
    Notification.objects.filter(
        pk__in=[n.pk for n in batch], mail_state=MailState.SENDING, mail_claim=claim
    ).update(mail_state=MailState.PENDING, mail_claim="", mail_due_at=now() + timedelta(minutes=1))


def _claim(limit: int) -> tuple[str, list[Notification], int]:
    """Take up to `limit` due mails: (the claim, the mails to send, how many were kept
    back). One short transaction."""
    claim = get_random_string(32)
    with transaction.atomic():
        ids = queue_take(mail_queue(), limit)
        if not ids:
            return claim, [], 0
        batch = list(
            Notification.objects.filter(pk__in=ids)
            .select_related("recipient", "topic")
            .order_by("pk")
        )
        due = _hold_repeated_mails(route_by_choice(batch, keep={MailFrequency.AT_ONCE}))
        Notification.objects.filter(pk__in=[n.pk for n in due]).update(
            mail_state=MailState.SENDING, mail_claim=claim, mail_claimed_at=now()
        )
    return claim, due, len(batch) - len(due)


def route_by_choice(batch: list[Notification], *, keep: set[str]) -> list[Notification]:
    """The notifications their recipients still want mailed one of the `keep` ways
    (MailFrequency values). A queue may wait for hours while the worker is down, and a
    member may leave, turn mails off or change how they want them meanwhile: the others
    move to the queue or digest now chosen, or leave the mail queue unsent."""
    preferences = preferences_for({n.recipient_id: n.recipient for n in batch}.values())
    kept, moved = [], {}
    for notification in batch:
        frequency = preferences[notification.recipient_id].mail_frequency(
            NOTIFICATION_CATEGORY[notification.kind]
        )
        if not (reachable(notification.recipient) and still_entitled(notification)):
            frequency = MailFrequency.NEVER
        if frequency in keep:
            kept.append(notification)
            continue
        if frequency == MailFrequency.AT_ONCE:
            state = MailState.PENDING
        else:
            state = DIGEST_STATES.get(frequency, MailState.NONE)
        moved.setdefault(state, []).append(notification.pk)
    for state, pks in moved.items():
        due = now() if state == MailState.PENDING else None
        Notification.objects.filter(pk__in=pks).update(
            mail_state=state, mail_claim="", mail_due_at=due
        )
    return kept


def _hold_repeated_mails(batch: list[Notification]) -> list[Notification]:
    """The mails to send now; the repeats of a burst are marked held. A mail tried
    before (a retry, or taken over from a silent worker) already won its turn."""
    interval = mail_interval()
    first_tries = sorted(
        (
            n
            for n in batch
            if n.kind in HELD_KINDS and n.mail_attempts == 0 and n.mail_state == MailState.PENDING
        ),
        key=lambda n: (n.recipient_id, n.topic_id, n.kind, n.created_at, n.pk),
    )
    if interval is None or not first_tries:
        return batch
    LastMail.objects.bulk_create(
        [
            LastMail(recipient_id=n.recipient_id, topic_id=n.topic_id, kind=n.kind, at=NEVER)
            for n in first_tries
        ],
        ignore_conflicts=True,
    )
    # The batch's rows, locked in one query (in key order, so that two workers take
    # them in the same order): a worker deciding about a key waits for another one
    # deciding about it, and then reads the time that one wrote.
    keys = {(n.recipient_id, n.topic_id, n.kind) for n in first_tries}
    rows = {
        (row.recipient_id, row.topic_id, row.kind): row
        for row in LastMail.objects.select_for_update()
        .filter(
            recipient_id__in={k[0] for k in keys},
            topic_id__in={k[1] for k in keys},
            kind__in={k[2] for k in keys},
        )
        .order_by("recipient_id", "topic_id", "kind")
        if (row.recipient_id, row.topic_id, row.kind) in keys
    }
    held, moved = set(), {}
    for notification in first_tries:  # oldest first within each key
        row = rows[notification.recipient_id, notification.topic_id, notification.kind]
        at = notification.created_at
        if row.at <= at - interval:
            row.at = moved[row.pk] = at  # the first of its burst
        elif row.at != at:  # (equal: its own turn, taken on a try the server missed)
            # Within the interval of the last mail, or older than it: that mail covers it.
            held.add(notification.pk)
    for pk, at in moved.items():
        LastMail.objects.filter(pk=pk).update(at=at)
    if held:
        Notification.objects.filter(pk__in=held).update(mail_state=MailState.HELD)
    return [n for n in batch if n.pk not in held]


def held_note(kind: str) -> str:
    """What the mail says of the next ones of its kind, which wait on the site."""
    interval = mail_interval()
    if interval is None or kind not in HELD_KINDS:
        return ""
    minutes = -(-int(interval.total_seconds()) // 60)
    if kind == NotificationKind.COMMENT_NEW:
        text = ngettext(
            "Further new comments on this topic in the next minute will not be mailed to "
            "you: you will find them on the site.",
            "Further new comments on this topic in the next %(minutes)s minutes will not be "
            "mailed to you: you will find them on the site.",
            minutes,
        )
    else:
        text = ngettext(
            "Further notifications like this one about this topic in the next minute will "
            "not be mailed to you: you will find them on the site.",
            "Further notifications like this one about this topic in the next %(minutes)s "
            "minutes will not be mailed to you: you will find them on the site.",
            minutes,
        )
    return text % {"minutes": minutes}


def unsubscribe_url(token: str) -> str:
    path = reverse("notifications:notification_unsubscribe", kwargs={"token": token})
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _mail(notification: Notification) -> EmailMultiAlternatives:
    recipient = notification.recipient
    category = NOTIFICATION_CATEGORY[notification.kind]
    leave_url = unsubscribe_url(unsubscribe_token(member=recipient, category=category))
    with translation.override(recipient.preferred_language):
        text = notification_text(notification)
        context = {
            "notification": notification,
            "text": text,
            "recipient": recipient,
            "link": settings.SITE_URL.rstrip("/") + notification.url,
            "unsubscribe_url": leave_url,
            "category_label": NOTIFICATION_CATEGORY[notification.kind].label,
            "held_note": held_note(notification.kind),
        }
        subject = f"[Webcastory] {text}"
        body = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    mail = EmailMultiAlternatives(
        subject=subject[:200],
        body=body,
        to=[recipient.email],
        headers=unsubscribe_headers(leave_url),
    )
    mail.attach_alternative(html, "text/html")
    return mail
