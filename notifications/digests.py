"""Daily and weekly digests: one mail per member and period, whatever the volume.

A notification whose member chose a digest for its category waits in the state
`daily` or `weekly`. At NOTIFICATION_DIGEST_HOUR each day (on Mondays for the weekly
one), the worker's tick sends each member with waiting notifications one mail that
groups them by topic, newest first, with counts ("12 new comments, 2 requests to take
part, 1 sponsor").

Guarantees: a `Digest` row per member, frequency and period is created before the mail
goes, and the database refuses a second one, so two workers (or a tick that runs
twice) never send two digests for one period. The notifications are chosen by state,
not by time window: a notification written late (a comment's notices written just after
the hour) waits for the next digest rather than being lost, and one in a digest is
marked and never taken again. A mail the server refuses puts them back for the next
tick. When a member changes their choice, the notifications waiting move with it
(notifications.services.notification_preferences_save).
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from notifications.mails import (
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
from notifications.services import notification_text, unsubscribe_token

logger = logging.getLogger(__name__)

# A member's digest carries at most this many notifications; more wait for the next.
LIMIT = 2000


def period_start(frequency: str, moment: datetime) -> datetime:
    """The start of the digest period `moment` falls in: the last digest hour, or the
    last Monday at that hour for the weekly digest (local time, TIME_ZONE)."""
    local = timezone.localtime(moment)
    start = local.replace(hour=settings.NOTIFICATION_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if start > local:
        start -= timedelta(days=1)
    if frequency == MailFrequency.WEEKLY:
        start -= timedelta(days=start.weekday())
    return timezone.make_aware(start.replace(tzinfo=None))


def digests_send_due(*, moment: datetime | None = None) -> int:
    """Send every digest due at `moment` (now); returns how many mails went."""
    moment = moment or timezone.now()
    sent = 0
    for frequency, state in DIGEST_STATES.items():
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
            sent += digest_send(member_id=member_id, frequency=frequency, period=period)
    return sent


def digest_send(*, member_id: int, frequency: str, period: datetime) -> int:
    """Send one member's digest for this period, unless it went already: 1 if sent."""
    claim = get_random_string(32)
    state = DIGEST_STATES[frequency]
    with transaction.atomic():
        try:
            with transaction.atomic():
                digest = Digest.objects.create(
                    member_id=member_id, frequency=frequency, period_start=period
                )
        except IntegrityError:
            return 0  # this period's digest went, or another worker is sending it
        waiting = Notification.objects.filter(recipient_id=member_id, mail_state=state)
        batch = list(
            Notification.objects.filter(pk__in=queue_take(waiting, LIMIT))
            .select_related("recipient", "topic")
            .order_by("-created_at", "-pk")
        )
        batch = route_by_choice(batch, keep=frequency)
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
        _digest_mail(batch[0].recipient, frequency, batch).send()
    except Exception:
        logger.exception("The %s digest of member %s failed; it waits.", frequency, member_id)
        mine.update(mail_state=state, mail_claim="")
        Digest.objects.filter(pk=digest.pk).delete()
        return 0
    mine.update(mail_state=MailState.DIGESTED, mail_claim="")
    Digest.objects.filter(pk=digest.pk).update(items=len(batch), sent=True)
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
    NotificationKind.TOPIC_PUBLISHED: "episodes",
    NotificationKind.CO_PROPOSER_INVITATION: "invitations",
    NotificationKind.CO_PROPOSER_ANSWER: "answers",
    NotificationKind.TOPIC_EDITED: "edits",
    NotificationKind.TOPIC_PROPOSED: "proposals",
    NotificationKind.COMMENT_REPORTED: "reports",
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
