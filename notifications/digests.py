"""Daily and weekly digests: one mail per member and period, whatever the volume.

A notification whose member chose a digest for its category waits in the state
`daily` or `weekly`. At NOTIFICATION_DIGEST_HOUR each day (on Mondays for the weekly
one), the worker's tick sends each member with notifications waiting since before the
hour one mail that groups them by topic, newest first, with counts ("12 new comments,
2 requests to take part, 1 sponsor").

Guarantees:
- One digest per member, frequency and period: its `Digest` row is written before the
  mail goes, and the database refuses a second one, whichever worker tries.
- Nothing falls between two periods: a digest carries every notification waiting for
  it, by state, not by time window; one written late (a comment's notices written just
  after the digest went) waits for the next digest, and one in a digest is marked and
  never taken again.
- A digest the server refuses is tried again after 5, 25 and 125 minutes, then its
  notifications wait for the next period; a server that cannot be reached ends the
  pass without counting a try; a worker that dies mid-send has its digest taken back
  after NOTIFICATION_MAIL_CLAIM_TIMEOUT.
- A member who changes their choice: what waits moves to the other digest, or leaves
  the mail queue if they want no mail; when they switch to mails at once, what already
  waited still comes in one digest rather than a flood of mails
  (notifications.services.notification_preferences_save).
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from notifications.mails import (
    CONNECTION_LOST,
    DIGEST_CLAIM,
    MailServerUnreachable,
    queue_take,
    route_by_choice,
    unsubscribe_headers,
    unsubscribe_url,
)
from notifications.models import (
    DIGEST_STATES,
    Digest,
    MailFrequency,
    MailState,
    Notification,
    NotificationKind,
)
from notifications.services import (
    notification_text,
    unsubscribe_token,
)

logger = logging.getLogger(__name__)

# A member's digest carries at most this many notifications; more wait for the next.
LIMIT = 2000


def period_start(frequency: str, moment: datetime) -> datetime:
    """The start of the digest period `moment` falls in: the last digest hour, or the
    last Monday at that hour for the weekly digest (local time, TIME_ZONE; on the night
    the clock goes back, the first of the two such hours)."""
    local = timezone.localtime(moment)
    start = local.replace(hour=settings.NOTIFICATION_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if start > local:
        start -= timedelta(days=1)
    if frequency == MailFrequency.WEEKLY:
        start -= timedelta(days=start.weekday())
    return timezone.make_aware(start.replace(tzinfo=None, fold=0))


def retry_delay(attempts: int) -> timedelta:
    """A digest the server refused is tried again after 5, 25 then 125 minutes."""
    return timedelta(minutes=5**attempts)


def digests_send_due(*, moment: datetime | None = None) -> int:
    """Send every digest due at `moment` (now), and those due a retry, over one
    connection; returns how many mails went. A server that cannot be reached ends the
    pass: nothing is claimed or counted as tried, the next tick starts again."""
    moment = moment or timezone.now()
    _stale_digests_reclaim(retry_at=moment)
    try:
        connection = get_connection()
        connection.open()
    except Exception:
        logger.exception("The mail server cannot be reached; the digests wait.")
        return 0
    sent = 0
    try:
        for frequency, state in DIGEST_STATES.items():
            retries = Digest.objects.filter(
                frequency=frequency, sent=False, claimed_at=None, next_try_at__lte=moment
            )
            for digest in retries.order_by("pk"):
                claimed = Digest.objects.filter(pk=digest.pk, claimed_at=None).update(
                    claimed_at=timezone.now(), next_try_at=None
                )
                if claimed:
                    sent += _digest_send(digest, connection, moment=moment)
            period = period_start(frequency, moment)
            members = set(
                Notification.objects.filter(mail_state=state, created_at__lt=period)
                .values_list("recipient_id", flat=True)
                .distinct()
                .order_by()
            )
            members -= set(
                Digest.objects.filter(
                    frequency=frequency, period_start=period, member_id__in=members
                ).values_list("member_id", flat=True)
            )
            for member_id in sorted(members):
                try:
                    with transaction.atomic():
                        digest = Digest.objects.create(
                            member_id=member_id,
                            frequency=frequency,
                            period_start=period,
                            claimed_at=timezone.now(),
                        )
                except IntegrityError:
                    continue  # this period's digest went, or another worker has it
                sent += _digest_send(digest, connection, moment=moment)
    except MailServerUnreachable:
        logger.exception("The mail server went away; the digests wait for the next tick.")
    finally:
        connection.close()
    return sent


def _stale_digests_reclaim(*, retry_at: datetime) -> None:
    """Digests whose worker went silent: their notifications wait again, and the digest
    is tried again at once."""
    stale = timezone.now() - timedelta(seconds=settings.NOTIFICATION_MAIL_CLAIM_TIMEOUT)
    for digest in Digest.objects.filter(sent=False, claimed_at__lt=stale):
        with transaction.atomic():
            if Digest.objects.filter(pk=digest.pk, claimed_at=digest.claimed_at).update(
                claimed_at=None, next_try_at=retry_at
            ):
                Notification.objects.filter(
                    mail_state=MailState.SENDING, mail_claim=_claim_of(digest)
                ).update(mail_state=DIGEST_STATES[digest.frequency], mail_claim="")


def _claim_of(digest: Digest) -> str:
    return f"{DIGEST_CLAIM}{digest.pk}"


def _digest_send(digest: Digest, connection, *, moment: datetime) -> int:
    """Send this claimed digest: every notification waiting for it. 1 if it went."""
    state = DIGEST_STATES[digest.frequency]
    claim = _claim_of(digest)
    with transaction.atomic():
        waiting = Notification.objects.filter(recipient_id=digest.member_id, mail_state=state)
        batch = list(
            Notification.objects.filter(pk__in=queue_take(waiting, LIMIT))
            .select_related("recipient", "topic")
            .order_by("-created_at", "-pk")
        )
        # What waited for this digest goes in it, unless its member now wants no mail
        # of that category or the other digest; one who switched to mails at once
        # still gets what waited in one digest, not a flood.
        batch = route_by_choice(batch, keep={digest.frequency, MailFrequency.AT_ONCE})
        if not batch:
            digest.delete()
            return 0
        Notification.objects.filter(pk__in=[n.pk for n in batch]).update(
            mail_state=MailState.SENDING, mail_claim=claim, mail_claimed_at=timezone.now()
        )
    mine = Notification.objects.filter(
        pk__in=[n.pk for n in batch], mail_state=MailState.SENDING, mail_claim=claim
    )
    try:
        mail = _digest_mail(batch[0].recipient, digest.frequency, batch)
        mail.connection = connection
        mail.send()
    except CONNECTION_LOST as error:
        mine.update(mail_state=state, mail_claim="")
        Digest.objects.filter(pk=digest.pk).update(
            claimed_at=None, next_try_at=moment + timedelta(minutes=1)
        )
        raise MailServerUnreachable from error
    except Exception:
        attempts = digest.attempts + 1
        logger.exception(
            "The %s digest of member %s failed (attempt %s of %s); it waits.",
            digest.frequency,
            digest.member_id,
            attempts,
            Digest.MAX_ATTEMPTS,
        )
        mine.update(mail_state=state, mail_claim="")
        retry = attempts < Digest.MAX_ATTEMPTS
        Digest.objects.filter(pk=digest.pk).update(
            claimed_at=None,
            attempts=attempts,
            next_try_at=moment + retry_delay(attempts) if retry else None,
        )
        return 0
    mine.update(mail_state=MailState.DIGESTED, mail_claim="")
    Digest.objects.filter(pk=digest.pk).update(items=len(batch), sent=True, claimed_at=None)
    return 1


def _count_text(group: str, count: int) -> str:
    texts = {
        "comments": ngettext("%(n)s new comment", "%(n)s new comments", count),
        "replies": ngettext(
            "%(n)s reply to your comments", "%(n)s replies to your comments", count
        ),
        "feedback": ngettext("%(n)s feedback message", "%(n)s feedback messages", count),
        "requests": ngettext("%(n)s request to take part", "%(n)s requests to take part", count),
        "sponsors": ngettext("%(n)s sponsor", "%(n)s sponsors", count),
        "decisions": ngettext("%(n)s decision", "%(n)s decisions", count),
        "schedules": ngettext("%(n)s recording date", "%(n)s recording dates", count),
        "reminders": ngettext(
            "%(n)s reminder of a recording", "%(n)s reminders of a recording", count
        ),
        "episodes": ngettext("%(n)s episode published", "%(n)s episodes published", count),
        "invitations": ngettext(
            "%(n)s invitation to co-propose", "%(n)s invitations to co-propose", count
        ),
        "answers": ngettext(
            "%(n)s answer to your invitations", "%(n)s answers to your invitations", count
        ),
        "edits": ngettext("%(n)s edit after acceptance", "%(n)s edits after acceptance", count),
        "proposals": ngettext("%(n)s new proposal", "%(n)s new proposals", count),
        "reports": ngettext("%(n)s comment reported", "%(n)s comments reported", count),
        "guests": ngettext("%(n)s guest's answer", "%(n)s guests' answers", count),
        "messages": ngettext(
            "%(n)s message from the organizers", "%(n)s messages from the organizers", count
        ),
        "webhooks": ngettext(
            "%(n)s webhook endpoint paused", "%(n)s webhook endpoints paused", count
        ),
    }
    return texts[group] % {"n": count}


# What a digest counts each kind of notification as.
COUNTED_AS = {
    NotificationKind.COMMENT_NEW: "comments",
    NotificationKind.COMMENT_REPLY: "replies",
    NotificationKind.FEEDBACK_NEW: "feedback",
    NotificationKind.PARTICIPATION_NEW: "requests",
    NotificationKind.PARTICIPATION_TO_REVIEW: "requests",
    NotificationKind.SPONSOR_NEW: "sponsors",
    NotificationKind.SPONSOR_TO_REVIEW: "sponsors",
    NotificationKind.TOPIC_DECISION: "decisions",
    NotificationKind.PARTICIPATION_DECISION: "decisions",
    NotificationKind.SPONSOR_DECISION: "decisions",
    NotificationKind.TOPIC_SCHEDULED: "schedules",
    NotificationKind.RECORDING_REMINDER: "reminders",
    NotificationKind.RECORDING_CANCELLED: "schedules",
    NotificationKind.TOPIC_PUBLISHED: "episodes",
    NotificationKind.CO_PROPOSER_INVITATION: "invitations",
    NotificationKind.CO_PROPOSER_ANSWER: "answers",
    NotificationKind.TOPIC_EDITED: "edits",
    NotificationKind.TOPIC_PROPOSED: "proposals",
    NotificationKind.COMMENT_REPORTED: "reports",
    NotificationKind.GUEST_ANSWER: "guests",
    NotificationKind.ORGANIZER_MESSAGE: "messages",
    NotificationKind.WEBHOOK_PAUSED: "webhooks",
}


def digest_sections(notifications: list[Notification]) -> list[dict]:
    """The digest's topics, the most recently active first: each with its link, its
    counts (the largest first) and its newest notification's sentence. In the active
    language."""
    sections: dict[int, dict] = {}
    site = settings.SITE_URL.rstrip("/")
    for notification in sorted(notifications, key=lambda n: (n.created_at, n.pk), reverse=True):
        section = sections.setdefault(
            notification.topic_id,
            {
                "topic": notification.topic,
                "link": site + notification.topic.get_absolute_url(),
                "newest": notification_text(notification),
                "newest_at": notification.created_at,
                "counts": Counter(),
            },
        )
        section["counts"][COUNTED_AS[notification.kind]] += 1
    for section in sections.values():
        section["summary"] = ", ".join(
            _count_text(group, count) for group, count in section["counts"].most_common()
        )
    return list(sections.values())


def _digest_mail(member: User, frequency: str, notifications: list[Notification]):
    leave_url = unsubscribe_url(unsubscribe_token(member=member, category=frequency))
    with translation.override(member.preferred_language):
        sections = digest_sections(notifications)
        title = (
            _("Your daily digest") if frequency == MailFrequency.DAILY else _("Your weekly digest")
        )
        subject = ngettext(
            "[Webcastory] %(title)s: %(count)s topic",
            "[Webcastory] %(title)s: %(count)s topics",
            len(sections),
        ) % {"title": title, "count": len(sections)}
        context = {
            "recipient": member,
            "title": title,
            "sections": sections,
            "unsubscribe_url": leave_url,
            "settings_url": settings.SITE_URL.rstrip("/")
            + reverse("notifications:notification_preferences"),
        }
        body = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
    mail = EmailMultiAlternatives(
        subject=subject, body=body, to=[member.email], headers=unsubscribe_headers(leave_url)
    )
    mail.attach_alternative(html, "text/html")
    return mail
