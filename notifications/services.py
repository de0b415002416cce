"""Tell members what happened: a notification on the site and, as they chose, a mail.

A notification is written with its mail's fate: pending (mailed at once by the task
worker, see notifications.mails), waiting for the member's daily or weekly digest
(notifications.digests), or none. No request renders a mail or waits on the mail
server: once the transaction commits, a task asks the worker to send.

Mails go in the recipient's language, in plain text and HTML, with a signed
one-click unsubscribe link. A mail server that is down is logged; the action
that caused the mail stands.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db import transaction
from django.db.models import Model
from django.utils import translation
from django.utils.timezone import now
from django.utils.translation import gettext as _

from accounts.models import User
from core.tasks import enqueue_coalesced_on_commit
from core.when import with_zone
from notifications.models import (
    DIGEST_STATES,
    NOTIFICATION_CATEGORY,
    MailFrequency,
    MailState,
    Notification,
    NotificationCategory,
    NotificationKind,
    NotificationPreference,
)

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "webcastory.notifications.unsubscribe"


# A digest's unsubscribe link names its frequency: it stops that digest.
DIGESTS = (MailFrequency.DAILY, MailFrequency.WEEKLY)


def unsubscribe_token(*, member: User, category: str) -> str:
    """A signed link's token: a category of notifications, or a digest's frequency."""
    return signing.dumps({"m": member.pk, "c": category}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(token: str) -> tuple[int, str] | None:
    """(member id, category or digest frequency) from a token we signed, or None."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") not in [*NotificationCategory.values, *DIGESTS]:
        return None
    return int(data["m"]), str(data["c"])


@transaction.atomic
def notification_preferences_save(*, preference: NotificationPreference) -> None:
    """Save a member's choices, and move the mails already waiting to match them: to
    the digest chosen now, or out of the mail queue when they want no mail. What
    waited for a digest still goes in it when they switch to mails at once (one mail,
    not a flood). Nothing is dropped from a mail the member still wants, nothing goes
    twice (only waiting mails move; one being sent is left to finish)."""
    preference.save()
    waiting = Notification.objects.filter(
        recipient=preference.member_id,
        mail_state__in=[MailState.PENDING, *DIGEST_STATES.values()],
    )
    for category in NotificationCategory:
        kinds = [k for k, c in NOTIFICATION_CATEGORY.items() if c == category]
        frequency = preference.mail_frequency(category)
        mine = waiting.filter(kind__in=kinds)
        if frequency in DIGEST_STATES:
            mine.exclude(mail_state=DIGEST_STATES[frequency]).update(
                mail_state=DIGEST_STATES[frequency]
            )
        elif frequency == MailFrequency.NEVER:
            mine.update(mail_state=MailState.NONE)


# Kinds whose recipients must still hold a role when the mail goes (a channel's
# organizers: one removed since must not get the motivation or the report's reason).
# The apps above register their check as Django starts, since this app imports none.
_entitlement_checks: dict[str, Callable[[User, Model], bool]] = {}


def still_entitled_register(kinds: Iterable[str], check: Callable[[User, Model], bool]) -> None:
    for kind in kinds:
        _entitlement_checks[kind] = check


def still_entitled(notification: Notification) -> bool:
    """Whether the recipient may still read this notification's mail."""
    check = _entitlement_checks.get(notification.kind)
    return check is None or check(notification.recipient, notification.topic)


def unsubscribe(*, member: User, what: str) -> str:
    """The one-click unsubscribe: a category's mails, or every category a digest
    carries, stop (the notifications stay on the site). Returns what stopped, to say."""
    preference, _created = NotificationPreference.objects.get_or_create(member=member)
    if what in DIGESTS:
        categories = [c for c in NotificationCategory if getattr(preference, f"{c}_mail") == what]
    else:
        categories = [NotificationCategory(what)]
    for category in categories:
        setattr(preference, f"{category}_mail", MailFrequency.NEVER)
    notification_preferences_save(preference=preference)
    return unsubscribe_label(what)


def unsubscribe_label(what: str) -> str:
    """What an unsubscribe link stops, to say on its page."""
    if what == MailFrequency.DAILY:
        return _("the daily digest")
    if what == MailFrequency.WEEKLY:
        return _("the weekly digest")
    return str(NotificationCategory(what).label)


def mails_send_soon() -> None:
    """Ask the worker to send the pending mails once this transaction commits."""
    # The task module imports the senders, which read this one: imported when used.
    from notifications.tasks import notification_mails_send

    enqueue_coalesced_on_commit(notification_mails_send, key="notification-mails")


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
    if notification.event_at is not None:
        # A recording's time: with its time zone, in the reader's language.
        params["status"] = with_zone(notification.event_at)
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
        NotificationKind.RECORDING_REMINDER: _(
            "Reminder: the recording of “%(topic)s” is tomorrow, %(status)s."
        ),
        NotificationKind.RECORDING_CANCELLED: _(
            "The recording of “%(topic)s” is cancelled; it will be scheduled again."
        ),
        NotificationKind.TOPIC_PUBLISHED: _("The episode of “%(topic)s” is published."),
        NotificationKind.CO_PROPOSER_INVITATION: _(
            "%(actor)s invites you to bring the topic “%(topic)s” with them."
        ),
        NotificationKind.CO_PROPOSER_ANSWER: _(
            "%(actor)s answered your invitation to co-propose “%(topic)s”: %(status)s."
        ),
        NotificationKind.TOPIC_EDITED: _("%(actor)s edited the accepted topic “%(topic)s”."),
        NotificationKind.TOPIC_PROPOSED: _(
            "%(actor)s proposed “%(topic)s”: it waits for the organizers' decision."
        ),
        NotificationKind.PARTICIPATION_TO_REVIEW: _(
            "%(actor)s asks to take part in “%(topic)s”: the request waits for the organizers."
        ),
        NotificationKind.SPONSOR_TO_REVIEW: _(
            "%(actor)s would sponsor “%(topic)s”: the interest waits for the organizers."
        ),
        NotificationKind.COMMENT_REPORTED: _(
            "%(actor)s reported a comment on “%(topic)s”: it waits for moderation."
        ),
        NotificationKind.ORGANIZER_MESSAGE: _(
            "%(actor)s wrote to you about taking part in “%(topic)s”."
        ),
        NotificationKind.GUEST_ANSWER: _(
            "%(actor)s, invited to take part in “%(topic)s”: %(status)s."
        ),
        NotificationKind.WEBHOOK_PAUSED: _(
            "A webhook endpoint of the channel of “%(topic)s” is paused: its deliveries "
            "failed for more than an hour. Resume it once it answers again."
        ),
    }
    return texts[notification.kind] % params


def reachable(member: User | None) -> bool:
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
    # The time of what it announces (a recording), shown with its time zone.
    event_at: datetime | None = None
    # When it happened, if not now: a worker writing notices late keeps their
    # order, and the comment-mail interval counts from the comments.
    at: datetime | None = None

    def audience(self) -> dict[int, User]:
        """The recipients we still tell things to, once each, without the actor."""
        return {
            member.pk: member
            for member in self.recipients
            if reachable(member) and (self.actor is None or member.pk != self.actor.pk)
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
    event_at: datetime | None = None,
) -> list[Notification]:
    """Record a notification for each recipient who wants it, and queue their mails."""
    notice = Notice(
        recipients, kind, topic, actor, actor_name, status_label, message, url, event_at
    )
    return notify_all([notice])


def notify_all(notices: Iterable[Notice]) -> list[Notification]:
    """notify() for many notices at once: one read of preferences, one insert."""
    audiences = [(notice, notice.audience()) for notice in notices]
    everyone = {pk: member for _notice, audience in audiences for pk, member in audience.items()}
    if not everyone:
        return []
    preferences = preferences_for(everyone.values())
    rows = []
    moment = now()
    for notice, audience in audiences:
        category = NOTIFICATION_CATEGORY[notice.kind]
        with translation.override("en"):
            status_label = str(notice.status_label)
        actor = notice.actor
        for member in audience.values():
            preference = preferences[member.pk]
            if not preference.wants(category):
                continue
            frequency = preference.mail_frequency(category)
            state = (
                MailState.PENDING
                if frequency == MailFrequency.AT_ONCE
                else DIGEST_STATES.get(frequency, MailState.NONE)
            )
            rows.append(
                Notification(
                    recipient=member,
                    kind=notice.kind,
                    topic=notice.topic,
                    actor=actor,
                    actor_name=notice.actor_name or (actor.display_name if actor else ""),
                    status_label=status_label,
                    message=notice.message,
                    event_at=notice.event_at,
                    url=notice.url or notice.topic.get_absolute_url(),
                    mail_state=state,
                    mail_due_at=moment if state == MailState.PENDING else None,
                    created_at=notice.at or moment,
                )
            )
    if not rows:
        return []
    notifications = Notification.objects.bulk_create(rows)
    if any(n.mail_state == MailState.PENDING for n in notifications):
        mails_send_soon()
    return notifications
