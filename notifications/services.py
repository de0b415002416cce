"""Tell members what happened: a notification on the site and, if they want it, a mail.

Mails go in the recipient's language, in plain text and HTML, with a signed
one-click unsubscribe link. A mail server that is down is logged; the action
that caused the mail stands.

By default a mail leaves once the transaction commits, from the request that
caused it. With NOTIFICATION_MAIL_QUEUE on (production), the notification is
stored as pending instead and `manage.py send_notification_mails --loop`
sends the queue from its own process, so no request renders a mail or waits
on the mail server, and a mail the server refused is tried again. The same
worker writes the notifications of new comments, many in one insert
(`notify_all`), so posting a comment does not pay for telling the team.

Nothing floods an inbox: a member gets at most one mail per topic and kind
of activity (new comment, feedback, request to take part…: HELD_KINDS) every
NOTIFICATION_MAIL_INTERVAL seconds, whoever causes it (a page, the admin, a
shell). The notifications in between are on the site (marked held), and the
mail that goes says so. Decisions, schedules and invitations always go.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DatabaseError, transaction
from django.db.models import Model, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.timezone import now
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from notifications.models import (
    NOTIFICATION_CATEGORY,
    MailState,
    Notification,
    NotificationCategory,
    NotificationKind,
    NotificationPreference,
)

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "webcastory.notifications.unsubscribe"


def unsubscribe_token(*, member: User, category: str) -> str:
    return signing.dumps({"m": member.pk, "c": category}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(token: str) -> tuple[int, str] | None:
    """(member id, category) from a token we signed, or None for anything else."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") not in NotificationCategory.values:
        return None
    return int(data["m"]), str(data["c"])


def preferences_for(members: Iterable[User]) -> dict[int, NotificationPreference]:
    members = list(members)
    found = {
        p.member_id: p
        for p in NotificationPreference.objects.filter(member__in=[m.pk for m in members])
    }
    return {m.pk: found.get(m.pk) or NotificationPreference(member=m) for m in members}


def notification_text(notification: Notification) -> str:
    """The sentence a notification shows, in the active language."""
    params = {
        # Blank once the actor deleted their account.
        "actor": notification.actor_name or _("A former member"),
        "topic": notification.topic.title,
        # Stored in English (the catalogue's msgid), shown in the reader's language.
        "status": _(notification.status_label) if notification.status_label else "",
    }
    texts = {
        NotificationKind.COMMENT_NEW: _("%(actor)s commented on your topic “%(topic)s”."),
        NotificationKind.FEEDBACK_NEW: _("%(actor)s sent feedback on your topic “%(topic)s”."),
        NotificationKind.PARTICIPATION_NEW: _("%(actor)s asks to take part in “%(topic)s”."),
        NotificationKind.SPONSOR_NEW: _("%(actor)s would sponsor “%(topic)s”."),
        NotificationKind.TOPIC_DECISION: _(
            "The organizers set your topic “%(topic)s” to: %(status)s."
        ),
        NotificationKind.PARTICIPATION_DECISION: _(
            "Your request to take part in “%(topic)s”: %(status)s."
        ),
        NotificationKind.SPONSOR_DECISION: _("Your sponsor interest for “%(topic)s”: %(status)s."),
        NotificationKind.COMMENT_REPLY: _("%(actor)s replied to your comment on “%(topic)s”."),
        NotificationKind.TOPIC_SCHEDULED: _("“%(topic)s” is scheduled for recording: %(status)s."),
        NotificationKind.TOPIC_PUBLISHED: _("The episode of “%(topic)s” is published."),
        NotificationKind.CO_PROPOSER_INVITATION: _(
            "%(actor)s invites you to bring the topic “%(topic)s” with them."
        ),
        NotificationKind.CO_PROPOSER_ANSWER: _(
            "%(actor)s answered your invitation to co-propose “%(topic)s”: %(status)s."
        ),
        NotificationKind.TOPIC_EDITED: _("%(actor)s edited the accepted topic “%(topic)s”."),
    }
    return texts[notification.kind] % params


def _reachable(member: User | None) -> bool:
    """A member we still tell things to."""
    return member is not None and member.is_active and not member.is_former_member


@dataclass
class Notice:
    """Something to tell members: a notification each, for those who want it."""

    recipients: Iterable[User]
    kind: str
    topic: Model  # a topics.Topic: this app imports no app above it
    actor: User | None = None
    actor_name: str = ""
    status_label: str = ""
    message: str = ""
    url: str = ""
    # When it happened, if not now: a worker writing notices late keeps their
    # order, and the comment-mail interval counts from the comments.
    at: datetime | None = None

    def audience(self) -> dict[int, User]:
        """The recipients we still tell things to, once each, without the actor."""
        return {
            member.pk: member
            for member in self.recipients
            if _reachable(member) and (self.actor is None or member.pk != self.actor.pk)
        }


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    topic: Model,
    actor: User | None = None,
    actor_name: str = "",
    status_label: str = "",
    message: str = "",
    url: str = "",
) -> list[Notification]:
    """Record a notification for each recipient who wants it, and queue their mails."""
    notice = Notice(recipients, kind, topic, actor, actor_name, status_label, message, url)
    return notify_all([notice])


def notify_all(notices: Iterable[Notice]) -> list[Notification]:
    """notify() for many notices at once: one read of preferences, one insert."""
    audiences = [(notice, notice.audience()) for notice in notices]
    everyone = {pk: member for _notice, audience in audiences for pk, member in audience.items()}
    if not everyone:
        return []
    preferences = preferences_for(everyone.values())
    queued = settings.NOTIFICATION_MAIL_QUEUE
    wanted_by_notice = []
    for notice, audience in audiences:
        category = NOTIFICATION_CATEGORY[notice.kind]
        wanted = [m for m in audience.values() if preferences[m.pk].wants(category)]
        by_email = {m.pk for m in wanted if preferences[m.pk].by_email}
        wanted_by_notice.append((notice, wanted, by_email))
    # Queued mails are held back by the sender; mails sent from here, right now.
    held = (
        set()
        if queued
        else _mails_held(
            {
                (member, notice.topic.pk, notice.kind)
                for notice, _wanted, by_email in wanted_by_notice
                for member in by_email
            }
        )
    )
    rows = []
    for notice, wanted, by_email in wanted_by_notice:
        with translation.override("en"):
            status_label = str(notice.status_label)
        actor = notice.actor
        rows += [
            Notification(
                recipient=member,
                kind=notice.kind,
                topic=notice.topic,
                actor=actor,
                actor_name=notice.actor_name or (actor.display_name if actor else ""),
                status_label=status_label,
                message=notice.message,
                url=notice.url or notice.topic.get_absolute_url(),
                mail_state=_mail_state(
                    member.pk in by_email,
                    queued,
                    (member.pk, notice.topic.pk, notice.kind) in held,
                ),
                created_at=notice.at or now(),
            )
            for member in wanted
        ]
    if not rows:
        return []
    notifications = Notification.objects.bulk_create(rows)
    mailed = [n for n in notifications if n.mail_state == MailState.SENT]
    if mailed:
        transaction.on_commit(lambda: notification_mails_send(mailed))
    return notifications


def _mail_state(by_email: bool, queued: bool, held: bool) -> str:
    if not by_email:
        return MailState.NONE
    if queued:
        return MailState.PENDING
    # Sent once the transaction commits; a failure is recorded then.
    return MailState.HELD if held else MailState.SENT


MailKey = tuple[int, int, str]  # (member, topic, kind of notification)

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
    }
)


def _mail_times(keys: set[MailKey], since: datetime) -> dict[MailKey, list[datetime]]:
    """When each member was mailed about each topic and kind, since then (the time of
    the notification the mail was for). One query, whatever the keys."""
    times: dict[MailKey, list[datetime]] = defaultdict(list)
    if not keys:
        return times
    sent = (
        Notification.objects.filter(
            kind__in={kind for _member, _topic, kind in keys},
            mail_state=MailState.SENT,
            recipient_id__in={member for member, _topic, _kind in keys},
            topic_id__in={topic for _member, topic, _kind in keys},
            created_at__gte=since,
        )
        .values_list("recipient_id", "topic_id", "kind", "created_at")
        .order_by()
    )
    for member, topic, kind, created_at in sent:
        if (member, topic, kind) in keys:
            times[member, topic, kind].append(created_at)
    return times


def _mail_interval() -> timedelta | None:
    """NOTIFICATION_MAIL_INTERVAL, or None when every notification is mailed."""
    seconds = settings.NOTIFICATION_MAIL_INTERVAL
    return timedelta(seconds=seconds) if seconds > 0 else None


def _mails_held(keys: set[MailKey]) -> set[MailKey]:
    """Of these (member, topic, kind), those whose mail, due now, waits on the site."""
    interval = _mail_interval()
    keys = {key for key in keys if key[2] in HELD_KINDS}
    if interval is None or not keys:
        return set()
    return set(_mail_times(keys, now() - interval))


def _hold_repeated_mails(batch: list[Notification]) -> list[Notification]:
    """The queued mails to send now. One waits on the site when its member was mailed
    about the same topic and kind for a notification less than
    NOTIFICATION_MAIL_INTERVAL apart from this one, in this batch or before; those are
    marked held. Notification times, not sending times, count, so a backlog the
    worker catches up on after an outage is held as it would have been on time."""
    interval = _mail_interval()
    holdable = [n for n in batch if n.kind in HELD_KINDS]
    if interval is None or not holdable:
        return batch
    times = _mail_times(
        {(n.recipient_id, n.topic_id, n.kind) for n in holdable},
        min(n.created_at for n in holdable) - interval,
    )
    due, held = [], []
    for notification in batch:
        if notification.kind not in HELD_KINDS:
            due.append(notification)
            continue
        mailed = times[notification.recipient_id, notification.topic_id, notification.kind]
        if any(abs(notification.created_at - at) < interval for at in mailed):
            held.append(notification.pk)
            continue
        mailed.append(notification.created_at)
        due.append(notification)
    if held:
        Notification.objects.filter(pk__in=held).update(mail_state=MailState.HELD)
    return due


def notification_mails_send(notifications: list[Notification]) -> int:
    """Send the mails of these notifications (their recipient and topic loaded); returns
    how many left. Never raises."""
    sent, failed = 0, []
    for notification in notifications:
        try:
            _mail(notification).send()
        except Exception:
            failed.append(notification.pk)
            logger.exception(
                "Notification mail %s to member %s failed; the notification stays on the site.",
                notification.pk,
                notification.recipient_id,
            )
        else:
            sent += 1
    if failed:
        try:
            Notification.objects.filter(pk__in=failed).update(mail_state=MailState.FAILED)
        except DatabaseError:
            logger.exception("Could not record the failed notification mails %s.", failed)
    return sent


class MailPass(NamedTuple):
    """What a pass over the mail queue did with the mails it took."""

    sent: int
    failed: int
    # Held back (a recent mail about the topic covers them) or no longer wanted.
    kept_back: int


def notification_mails_send_pending(*, limit: int = 100) -> MailPass:
    """Send up to `limit` queued mails, oldest first.

    Rows are locked while they are sent and skipped by other senders, so any
    number of them may run. A mail the server refuses stays pending until its
    MAIL_ATTEMPTS-th try; if the server cannot be reached at all, nothing
    counts as an attempt and the caller waits before the next pass.
    """
    with transaction.atomic():
        batch = list(
            Notification.objects.filter(
                pk__in=queue_take(Notification.objects.filter(mail_state=MailState.PENDING), limit)
            )
            .select_related("recipient", "topic")
            .order_by("pk")
        )
        if not batch:
            return MailPass(0, 0, 0)
        due = _hold_repeated_mails(_still_wanted(batch))
        kept_back = len(batch) - len(due)
        if not due:
            return MailPass(0, 0, kept_back)
        batch = due
        try:
            connection = get_connection()
            connection.open()
        except Exception as error:
            raise MailServerUnreachable from error
        sent = failed = 0
        try:
            for notification in batch:
                try:
                    mail = _mail(notification)
                    mail.connection = connection
                    mail.send()
                except Exception:
                    notification.mail_attempts += 1
                    if notification.mail_attempts >= Notification.MAIL_ATTEMPTS:
                        notification.mail_state = MailState.FAILED
                    failed += 1
                    logger.exception(
                        "Notification mail %s to member %s failed (attempt %s of %s).",
                        notification.pk,
                        notification.recipient_id,
                        notification.mail_attempts,
                        Notification.MAIL_ATTEMPTS,
                    )
                else:
                    notification.mail_state = MailState.SENT
                    sent += 1
        finally:
            connection.close()
        done = [n.pk for n in batch if n.mail_state == MailState.SENT]
        Notification.objects.filter(pk__in=done).update(mail_state=MailState.SENT)
        retried = [n for n in batch if n.mail_state != MailState.SENT]
        if retried:
            Notification.objects.bulk_update(retried, ["mail_state", "mail_attempts"])
    return MailPass(sent, failed, kept_back)


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


def _still_wanted(batch: list[Notification]) -> list[Notification]:
    """The mails their recipients still want: a queue may wait for hours while the
    worker is down, and a member may leave or turn mails off meanwhile. The others
    leave the queue unsent."""
    preferences = preferences_for({n.recipient_id: n.recipient for n in batch}.values())
    wanted, dropped = [], []
    for notification in batch:
        member, choice = notification.recipient, preferences[notification.recipient_id]
        if (
            _reachable(member)
            and choice.by_email
            and choice.wants(NOTIFICATION_CATEGORY[notification.kind])
        ):
            wanted.append(notification)
        else:
            dropped.append(notification.pk)
    if dropped:
        Notification.objects.filter(pk__in=dropped).update(mail_state=MailState.NONE)
    return wanted


def _held_note(kind: str) -> str:
    """What the mail says of the next ones of its kind, which wait on the site."""
    interval = _mail_interval()
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


class MailServerUnreachable(Exception):
    """The mail server could not be reached: nothing was sent, nothing counts as tried."""


def _mail(notification: Notification) -> EmailMultiAlternatives:
    recipient = notification.recipient
    site = settings.SITE_URL.rstrip("/")
    category = NOTIFICATION_CATEGORY[notification.kind]
    unsubscribe_url = site + reverse(
        "notifications:notification_unsubscribe",
        kwargs={"token": unsubscribe_token(member=recipient, category=category)},
    )
    with translation.override(recipient.preferred_language):
        text = notification_text(notification)
        context = {
            "notification": notification,
            "text": text,
            "recipient": recipient,
            "link": site + notification.url,
            "unsubscribe_url": unsubscribe_url,
            "category_label": NOTIFICATION_CATEGORY[notification.kind].label,
            "held_note": _held_note(notification.kind),
        }
        subject = f"[Webcastory] {text}"
        body = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    mail = EmailMultiAlternatives(
        subject=subject[:200],
        body=body,
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    mail.attach_alternative(html, "text/html")
    return mail
