"""Calendar invitations for a recording (iCalendar, RFC 5545 / iTIP RFC 5546).

One event per topic, with a stable UID: a calendar that received the invitation
replaces it when a later one comes with a higher SEQUENCE (a reschedule) and removes
it on METHOD:CANCEL. The invitations go to the people on the set: the topic's
proposers, its confirmed guests and the organizer in charge; they carry the exact
address, which only they may read.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from icalendar import Calendar, Event, vCalAddress, vText

from accounts.models import User
from core.tasks import enqueue_on_commit
from core.when import with_zone
from notifications.mails import CONNECTION_LOST
from topics.models import (
    CalendarMail,
    CalendarMailState,
    GuestAnswer,
    ParticipationStatus,
    Topic,
    TopicStatus,
)

logger = logging.getLogger(__name__)

REQUEST, CANCEL = "REQUEST", "CANCEL"


def recording_people(topic: Topic) -> list[User]:
    """Who is invited to the recording: proposers, confirmed guests, the organizer in
    charge; each once, active members only."""
    people = [topic.proposer, *topic.co_proposers.all()]
    people += list(
        User.objects.filter(
            participation_requests__topic=topic,
            participation_requests__status=ParticipationStatus.ACCEPTED,
            participation_requests__guest_answer=GuestAnswer.CONFIRMED,
        )
    )
    if topic.handled_by_id:
        people.append(topic.handled_by)
    unique = {member.pk: member for member in people if member.is_active}
    return list(unique.values())


def recording_uid(topic: Topic) -> str:
    host = settings.SITE_URL.rstrip("/").split("://", 1)[-1]
    return f"recording-{topic.pk}@{host}"


def recording_event(topic: Topic, *, cancelled: bool = False) -> Event:
    """The recording as a calendar event: the same UID and SEQUENCE in the mailed
    invitations and the members' private calendars, with the exact address (both go
    to people who may read it only)."""
    event = Event()
    event.add("uid", recording_uid(topic))
    event.add("sequence", topic.recording_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", topic.recording_at)
    event.add("dtend", topic.recording_ends_at)
    event.add("summary", f"Webcastory · {topic.title}")
    event.add("description", topic.summary)
    event.add("location", topic.recording_address or topic.recording_place)
    event.add("url", settings.SITE_URL.rstrip("/") + topic.get_absolute_url())
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def recording_invitation(topic: Topic, *, method: str, attendees: list[User]) -> bytes:
    """The invitation (REQUEST) or its cancellation (CANCEL) as an iCalendar file."""
    calendar = Calendar()
    calendar.add("prodid", "-//Webcastory//Recording invitations//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = recording_event(topic, cancelled=method == CANCEL)
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(name or "Webcastory")
    event.add("organizer", organizer)
    for member in attendees:
        attendee = vCalAddress(f"mailto:{member.email}")
        attendee.params["cn"] = vText(member.display_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def _invitation_mail(topic: Topic, member: User, *, method: str, attendees, connection):
    ics = recording_invitation(topic, method=method, attendees=attendees)
    with translation.override(member.preferred_language):
        context = {
            "topic": topic,
            "recipient": member,
            "cancelled": method == CANCEL,
            "when": with_zone(topic.recording_at),
            "link": settings.SITE_URL.rstrip("/") + topic.get_absolute_url(),
        }
        subject = render_to_string("topics/email/recording_subject.txt", context).strip()
        body = render_to_string("topics/email/recording.txt", context)
    mail = EmailMultiAlternatives(
        subject=subject, body=body, to=[member.email], connection=connection
    )
    # The calendar part, as calendar programs expect an invitation.
    mail.attach_alternative(ics.decode(), f"text/calendar; method={method}; charset=utf-8")
    mail.attach("invite.ics", ics, "application/ics")
    return mail


# A refused mail is tried again after these delays, then given up (logged).
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=25))
CLAIM = timedelta(minutes=5)
BATCH = 50


def recording_invitations_soon(topic: Topic, *, method: str, members: list[User]) -> None:
    """Owe these members the invitation (or its cancellation): a row each, in this
    transaction, that the worker mails once it commits (and again later if the mail
    server refuses it). A lost task loses nothing: the worker's tick sends what is due."""
    # The task module imports this one: imported when used.
    from topics.tasks import recording_invitations_send

    if not members:
        return
    CalendarMail.objects.bulk_create(
        [CalendarMail(topic=topic, member=member, method=method) for member in members]
    )
    enqueue_on_commit(recording_invitations_send)


def recording_invitations_send_due(*, limit: int = BATCH) -> int:
    """Mail the invitations due, outside any transaction; returns how many went. A
    mail the server refuses is tried again after RETRY_DELAYS, then given up; a server
    that cannot be reached counts no attempt.

    Each row is claimed by a conditional update first, so two workers never mail the
    same one; a worker that dies leaves its claim to expire. A REQUEST for a recording
    that is no longer scheduled (cancelled since) has nothing left to say and is marked
    sent without a mail: its CANCEL follows."""
    now = timezone.now()
    due = Q(state=CalendarMailState.PENDING, next_attempt_at__lte=now) & (
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    ids = list(
        CalendarMail.objects.filter(due)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    connection = None
    try:
        for pk in ids:
            if not CalendarMail.objects.filter(due, pk=pk).update(claimed_until=now + CLAIM):
                continue  # another worker took it
            row = CalendarMail.objects.select_related(
                "member", "topic__channel", "topic__handled_by", "topic__studio"
            ).get(pk=pk)
            topic, member = row.topic, row.member
            if (
                not member.is_active
                or topic.recording_at is None
                or (row.method == REQUEST and topic.status != TopicStatus.SCHEDULED)
            ):
                _calendar_mail_done(row)
                continue
            attendees = recording_people(topic) if row.method == REQUEST else [member]
            if connection is None:
                connection = get_connection()
                try:
                    connection.open()
                except Exception:
                    connection = None
                    _calendar_mail_wait(row)
                    break
            try:
                _invitation_mail(
                    topic, member, method=row.method, attendees=attendees, connection=connection
                ).send()
            except CONNECTION_LOST:
                _calendar_mail_wait(row)
                break
            except Exception:
                logger.exception(
                    "The %s of recording %s to member %s failed (attempt %s).",
                    row.method,
                    topic.pk,
                    member.pk,
                    row.attempts + 1,
                )
                _calendar_mail_refused(row)
            else:
                _calendar_mail_done(row)
                sent += 1
    finally:
        if connection is not None:
            connection.close()
    return sent


def _calendar_mail_wait(row: CalendarMail) -> None:
    """The server cannot be reached: no attempt counts; this mail and the rest wait."""
    logger.warning("The mail server is unreachable; calendar invitations wait a minute.")
    CalendarMail.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() + RETRY_DELAYS[0], claimed_until=None
    )


def _calendar_mail_done(row: CalendarMail) -> None:
    CalendarMail.objects.filter(pk=row.pk).update(
        state=CalendarMailState.SENT, sent_at=timezone.now(), claimed_until=None
    )


def _calendar_mail_refused(row: CalendarMail) -> None:
    attempts = row.attempts + 1
    if attempts > len(RETRY_DELAYS):
        CalendarMail.objects.filter(pk=row.pk).update(
            state=CalendarMailState.FAILED, attempts=attempts, claimed_until=None
        )
        return
    CalendarMail.objects.filter(pk=row.pk).update(
        attempts=attempts,
        next_attempt_at=timezone.now() + RETRY_DELAYS[attempts - 1],
        claimed_until=None,
    )
