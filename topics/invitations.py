"""Calendar invitations for a recording (iCalendar, RFC 5545 / iTIP RFC 5546).

One event per topic, with a stable UID: a calendar that received the invitation
replaces it when a later one comes with a higher SEQUENCE (a reschedule) and removes
it on METHOD:CANCEL. The invitations go to the people on the set: the topic's
proposers, its confirmed guests and the organizer in charge; they carry the exact
address, which only they may read.
"""

from __future__ import annotations

import logging
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation
from icalendar import Calendar, Event, vCalAddress, vText

from accounts.models import User
from core.tasks import enqueue_on_commit
from core.when import with_zone
from topics.models import GuestAnswer, ParticipationStatus, Topic

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


def recording_invitations_mail(*, topic_id: int, method: str, member_ids: list[int]) -> int:
    """Mail the invitation (or its cancellation) to these members; returns how many
    went. A refused mail is logged: the notification of the schedule is on the site."""
    topic = Topic.objects.select_related("channel", "handled_by", "studio").get(pk=topic_id)
    if topic.recording_at is None:
        return 0
    members = list(User.objects.filter(pk__in=member_ids, is_active=True))
    attendees = recording_people(topic) if method == REQUEST else members
    sent = 0
    connection = get_connection()
    try:
        for member in members:
            try:
                _invitation_mail(
                    topic, member, method=method, attendees=attendees, connection=connection
                ).send()
            except Exception:
                logger.exception(
                    "The %s of recording %s to member %s failed.", method, topic_id, member.pk
                )
            else:
                sent += 1
    finally:
        connection.close()
    return sent


def recording_invitations_soon(topic: Topic, *, method: str, members: list[User]) -> None:
    """Mail the invitation (or its cancellation) to these members from the worker, once
    this transaction commits."""
    # The task module imports this one: imported when used.
    from topics.tasks import recording_invitations_send

    if members:
        enqueue_on_commit(
            recording_invitations_send,
            topic_id=topic.pk,
            method=method,
            member_ids=[member.pk for member in members],
        )
