"""Calendar invitations for a recording, parsed with icalendar: REQUEST with ORGANIZER and
ATTENDEE, a stable UID, SEQUENCE moved by every reschedule, CANCEL for a guest who no
longer comes."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from tests.factories import ChannelFactory, TopicFactory, UserFactory
from topics import services
from topics.invitations import recording_invitations_send_due
from topics.models import CalendarMail, ParticipationStatus, TopicStatus
from webcastory.tasks import tick

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(django_capture_on_commit_callbacks):
    channel = ChannelFactory()
    organizer = UserFactory(full_name="Olivia Organizer", email="olivia@example.com")
    channel.organizers.add(organizer)
    topic = TopicFactory(
        channel=channel,
        status=TopicStatus.ACCEPTED,
        proposer=UserFactory(email="paula@example.com"),
    )
    guest = UserFactory(full_name="Gina Guest", email="gina@example.com")
    request = services.participation_request_create(
        topic=topic, applicant=guest, role="guest", motivation="Me"
    )
    services.participation_request_decide(
        request=request, status=ParticipationStatus.ACCEPTED, actor=organizer
    )
    services.guest_answer_give(request=request, by=guest, answer="confirmed", consent=True)
    services.topic_take(topic=topic, organizer=organizer)
    mail.outbox.clear()
    return topic, organizer, request, guest


def _invitations(to=None):
    """The calendar parts of the mails sent, parsed, by recipient."""
    found = {}
    for message in mail.outbox:
        for name, content, _kind in getattr(message, "attachments", []):
            if name == "invite.ics":
                found.setdefault(message.to[0], []).append(Calendar.from_ical(content))
    return found if to is None else found.get(to, [])


def _event(calendar):
    return next(c for c in calendar.walk() if c.name == "VEVENT")


def test_scheduling_invites_the_set_and_a_reschedule_replaces_the_event(
    production, django_capture_on_commit_callbacks
):
    topic, organizer, _request, _guest = production
    first = timezone.now() + timedelta(days=7)

    with django_capture_on_commit_callbacks(execute=True):
        services.topic_schedule(
            topic=topic, actor=organizer, recording_at=first, location_detail="Studio B, Paris"
        )

    invited = _invitations()
    assert set(invited) == {"paula@example.com", "gina@example.com", "olivia@example.com"}
    calendar = invited["gina@example.com"][0]
    event = _event(calendar)
    assert str(calendar["method"]) == "REQUEST"
    assert int(event["sequence"]) == 0
    assert event.decoded("dtstart") == first.replace(microsecond=0)
    assert str(event["location"]) == "Studio B, Paris"
    assert str(event["organizer"]).startswith("mailto:")
    attendees = sorted(str(a) for a in event["attendee"])
    assert attendees == [
        "mailto:gina@example.com",
        "mailto:olivia@example.com",
        "mailto:paula@example.com",
    ]
    uid = str(event["uid"])

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_schedule(
            topic=topic, actor=organizer, recording_at=first + timedelta(days=1)
        )

    moved = _event(_invitations("gina@example.com")[0])
    assert (str(moved["uid"]), int(moved["sequence"])) == (uid, 1)
    assert moved.decoded("dtstart") == (first + timedelta(days=1)).replace(microsecond=0)
    assert "Recording of" in mail.outbox[0].subject


def test_a_guest_who_declines_gets_the_cancellation(production, django_capture_on_commit_callbacks):
    topic, organizer, request, guest = production
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_schedule(
            topic=topic, actor=organizer, recording_at=timezone.now() + timedelta(days=7)
        )
    uid = str(_event(_invitations("gina@example.com")[0])["uid"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.guest_answer_give(request=request, by=guest, answer="declined")

    assert set(_invitations()) == {"gina@example.com"}
    calendar = _invitations("gina@example.com")[0]
    assert str(calendar["method"]) == "CANCEL"
    event = _event(calendar)
    assert (str(event["uid"]), str(event["status"])) == (uid, "CANCELLED")
    assert mail.outbox[0].subject.startswith("[Webcastory] Cancelled")


def _schedule_with_mail_server(topic, organizer, settings, capture, backend):
    """Schedule, the invitations' task run at commit against this broken mail server."""
    settings.EMAIL_BACKEND = f"tests.workspace.broken_mail.{backend}"
    with capture(execute=True):
        services.topic_schedule(
            topic=topic, actor=organizer, recording_at=timezone.now() + timedelta(days=7)
        )


def _due_now(topic):
    """Time passes: the retries of this topic's invitations are due."""
    CalendarMail.objects.filter(topic=topic).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_an_invitation_the_mail_server_refuses_is_sent_again_later(
    production, settings, django_capture_on_commit_callbacks
):
    topic, organizer, _request, _guest = production
    _schedule_with_mail_server(
        topic, organizer, settings, django_capture_on_commit_callbacks, "RefusingAllBackend"
    )
    owed = CalendarMail.objects.filter(topic=topic)
    assert {(row.state, row.attempts) for row in owed} == {("pending", 1)}
    assert all(row.next_attempt_at > timezone.now() for row in owed)
    assert recording_invitations_send_due() == 0  # not yet due

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _due_now(topic)
    assert recording_invitations_send_due() == 3
    assert set(_invitations()) == {"paula@example.com", "gina@example.com", "olivia@example.com"}
    assert recording_invitations_send_due() == 0  # sent once


def test_an_invitation_is_given_up_after_its_retries(
    production, settings, django_capture_on_commit_callbacks
):
    topic, organizer, _request, _guest = production
    _schedule_with_mail_server(
        topic, organizer, settings, django_capture_on_commit_callbacks, "RefusingAllBackend"
    )
    for _retry in range(3):
        _due_now(topic)
        recording_invitations_send_due()

    assert set(CalendarMail.objects.filter(topic=topic).values_list("state", flat=True)) == {
        "failed"
    }


def test_an_unreachable_mail_server_costs_no_attempt(
    production, settings, django_capture_on_commit_callbacks
):
    topic, organizer, _request, _guest = production
    _schedule_with_mail_server(
        topic, organizer, settings, django_capture_on_commit_callbacks, "UnreachableBackend"
    )

    assert set(CalendarMail.objects.filter(topic=topic).values_list("attempts", flat=True)) == {0}


def test_a_lost_task_loses_no_invitation(production):
    """Scheduled without the task running (the queue was down): the worker's tick sends."""
    topic, organizer, _request, _guest = production
    services.topic_schedule(
        topic=topic, actor=organizer, recording_at=timezone.now() + timedelta(days=7)
    )  # no commit callbacks run here: the task is never enqueued
    assert mail.outbox == []

    tick.call()

    assert set(_invitations()) == {"paula@example.com", "gina@example.com", "olivia@example.com"}


def test_an_invitation_for_a_recording_cancelled_since_is_not_sent(production):
    topic, organizer, _request, guest = production
    services.topic_schedule(
        topic=topic, actor=organizer, recording_at=timezone.now() + timedelta(days=7)
    )
    services.topic_recording_cancel(topic=topic, actor=organizer, reason="Studio flooded")

    recording_invitations_send_due()

    methods = {str(c["method"]) for c in _invitations(guest.email)}
    assert methods == {"CANCEL"}
