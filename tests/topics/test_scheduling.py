"""Scheduling a recording: studios, conflicts across channels, the time zone, the
day-before reminder and the member's private calendar, and who reads the address."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from core.when import with_zone
from notifications.models import Notification, NotificationKind, NotificationPreference
from tests.factories import (
    ChannelFactory,
    OrganizerFactory,
    ParticipationRequestFactory,
    TopicFactory,
    UserFactory,
)
from topics import services
from topics.calendar import calendar_feed_for, calendar_url
from topics.models import GuestAnswer, ParticipationStatus, Studio, TopicStatus, TopicTransition
from topics.reminders import recording_reminders_send
from webcastory.tasks import STEPS

pytestmark = pytest.mark.django_db

START = datetime(2030, 3, 4, 14, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def place():
    channel = ChannelFactory(name="Energy")
    organizer = UserFactory(full_name="Olga Organizer")
    channel.organizers.add(organizer)
    studio = Studio.objects.create(
        channel=channel,
        name="Studio Ampere",
        city="Lyon",
        address="3 quai Perrache, 69002 Lyon",
        notes="Door code 4242",
    )
    return channel, organizer, studio


def _accepted(channel, **kwargs):
    return TopicFactory(channel=channel, status=TopicStatus.ACCEPTED, **kwargs)


def _guest(topic, member, answer=GuestAnswer.CONFIRMED):
    return ParticipationRequestFactory(
        topic=topic, applicant=member, status=ParticipationStatus.ACCEPTED, guest_answer=answer
    )


# The time, as everyone reads it ----------------------------------------------------------


def test_a_recording_time_reads_with_its_zone_in_each_language():
    moment = datetime(2026, 12, 8, 13, 0, tzinfo=UTC)

    assert with_zone(moment) == "Tue 8 Dec 2026, 14:00 (Europe/Paris)"
    with translation.override("fr"):
        assert with_zone(moment) == "mar 8 décembre 2026, 14:00 (Europe/Paris)"


# Studios -----------------------------------------------------------------------------------


def test_a_studio_books_the_recording_and_its_address_replaces_the_free_text(place):
    channel, organizer, studio = place
    topic = _accepted(channel, location_detail="Somewhere typed before")

    services.topic_schedule(topic=topic, actor=organizer, recording_at=START, studio=studio)

    topic.refresh_from_db()
    assert (topic.studio, topic.location, topic.location_detail) == (studio, "studio", "")
    assert topic.recording_address == "Studio Ampere\n3 quai Perrache, 69002 Lyon\nDoor code 4242"
    assert topic.recording_place == "Studio Ampere, Lyon"


def test_a_studio_of_another_channel_or_retired_is_refused(place):
    channel, organizer, _studio = place
    elsewhere = Studio.objects.create(channel=ChannelFactory(), name="Far", address="x")
    retired = Studio.objects.create(channel=channel, name="Old", address="y", is_active=False)
    topic = _accepted(channel)

    for wrong in (elsewhere, retired):
        with pytest.raises(ValidationError):
            services.topic_schedule(topic=topic, actor=organizer, recording_at=START, studio=wrong)
    topic.refresh_from_db()
    assert (topic.status, topic.studio) == (TopicStatus.ACCEPTED, None)


def test_a_studio_that_booked_a_recording_is_deactivated_not_deleted(place):
    channel, organizer, studio = place
    unused = Studio.objects.create(channel=channel, name="Unused", address="z")
    services.topic_schedule(
        topic=_accepted(channel), actor=organizer, recording_at=START, studio=studio
    )

    assert services.studio_remove(studio=studio, actor=organizer) is False
    assert services.studio_remove(studio=unused, actor=organizer) is True
    assert list(Studio.objects.values_list("name", "is_active")) == [("Studio Ampere", False)]


# Conflicts ---------------------------------------------------------------------------------


def test_the_same_studio_at_overlapping_times_is_a_conflict(place):
    channel, organizer, studio = place
    first = _accepted(channel, title="Grid storage")
    services.topic_schedule(
        topic=first, actor=organizer, recording_at=START, duration=90, studio=studio
    )
    second = _accepted(channel)

    with pytest.raises(services.ScheduleConflictError) as refused:
        services.topic_schedule(
            topic=second,
            actor=organizer,
            recording_at=START + timedelta(minutes=60),
            studio=studio,
        )

    assert refused.value.conflicts == [
        "Studio Ampere is booked for “Grid storage” at Mon 4 Mar 2030, 14:00 (Europe/Paris)."
    ]
    second.refresh_from_db()
    assert (second.status, second.recording_at) == (TopicStatus.ACCEPTED, None)


def test_back_to_back_recordings_do_not_conflict(place):
    channel, organizer, studio = place
    guest = UserFactory()
    first, second = _accepted(channel), _accepted(channel)
    _guest(first, guest)
    _guest(second, guest)
    services.topic_schedule(
        topic=first, actor=organizer, recording_at=START, duration=60, studio=studio
    )

    services.topic_schedule(
        topic=second, actor=organizer, recording_at=START + timedelta(minutes=60), studio=studio
    )

    second.refresh_from_db()
    assert second.status == TopicStatus.SCHEDULED


def test_a_recording_across_the_spring_forward_night_books_its_real_duration(place):
    # 01:30 in Paris on 31 March 2030, for two hours: the clocks jump from 02:00 to
    # 03:00, so it ends at 04:30 local time, and a recording at 04:00 overlaps it.
    channel, organizer, studio = place
    paris = ZoneInfo("Europe/Paris")
    later = _accepted(channel, title="Dawn debate")
    services.topic_schedule(
        topic=later,
        actor=organizer,
        recording_at=datetime(2030, 3, 31, 4, 0, tzinfo=paris),
        duration=60,
        studio=studio,
    )
    night = _accepted(channel)

    with pytest.raises(services.ScheduleConflictError) as refused:
        services.topic_schedule(
            topic=night,
            actor=organizer,
            recording_at=datetime(2030, 3, 31, 1, 30, tzinfo=paris),
            duration=120,
            studio=studio,
        )

    assert refused.value.conflicts == [
        "Studio Ampere is booked for “Dawn debate” at Sun 31 Mar 2030, 04:00 (Europe/Paris)."
    ]


def test_a_guest_on_another_channels_recording_is_a_conflict_without_its_title(place):
    channel, organizer, _studio = place
    other_channel = ChannelFactory()
    other_organizer = UserFactory()
    other_channel.organizers.add(other_organizer)
    guest = UserFactory(full_name="Gina Guest")
    theirs = _accepted(other_channel, title="Secret show")
    _guest(theirs, guest)
    services.topic_schedule(topic=theirs, actor=other_organizer, recording_at=START, duration=120)
    mine = _accepted(channel, title="Mine")
    _guest(mine, guest, answer=GuestAnswer.WAITING)  # accepted, not answered yet

    with pytest.raises(services.ScheduleConflictError) as refused:
        services.topic_schedule(
            topic=mine, actor=organizer, recording_at=START + timedelta(minutes=30)
        )

    assert refused.value.conflicts == [
        "Gina Guest is expected at another recording at Mon 4 Mar 2030, 14:00 (Europe/Paris)."
    ]
    # An organizer of every channel may read which one.
    with pytest.raises(services.ScheduleConflictError) as refused:
        services.topic_schedule(
            topic=mine, actor=OrganizerFactory(), recording_at=START + timedelta(minutes=30)
        )
    assert "“Secret show”" in refused.value.conflicts[0]


def test_a_proposer_twice_at_once_is_a_conflict_and_a_declined_guest_is_not(place):
    channel, organizer, _studio = place
    proposer, declined = UserFactory(full_name="Paula Proposer"), UserFactory()
    first = _accepted(channel, proposer=proposer, title="First")
    _guest(first, declined, answer=GuestAnswer.DECLINED)
    services.topic_schedule(topic=first, actor=organizer, recording_at=START)
    second = _accepted(channel)
    second.co_proposers.add(proposer)
    _guest(second, declined)

    with pytest.raises(services.ScheduleConflictError) as refused:
        services.topic_schedule(topic=second, actor=organizer, recording_at=START)

    assert refused.value.conflicts == [
        "Paula Proposer is expected at the recording of “First” at "
        "Mon 4 Mar 2030, 14:00 (Europe/Paris)."
    ]


def test_an_override_schedules_and_keeps_the_conflicts_in_the_audit_trail(place):
    channel, organizer, studio = place
    services.topic_schedule(
        topic=_accepted(channel, title="First"), actor=organizer, recording_at=START, studio=studio
    )
    second = _accepted(channel)

    services.topic_schedule(
        topic=second, actor=organizer, recording_at=START, studio=studio, override=True
    )

    second.refresh_from_db()
    assert (second.status, second.studio) == (TopicStatus.SCHEDULED, studio)
    transition = TopicTransition.objects.get(topic=second, to_status=TopicStatus.SCHEDULED)
    assert transition.reason == (
        "Scheduled despite conflicts: Studio Ampere is booked for “First” at "
        "Mon 4 Mar 2030, 14:00 (Europe/Paris)."
    )


# The exact address ------------------------------------------------------------------------


def test_the_studio_address_is_for_the_people_on_the_set_only(
    client, place, django_capture_on_commit_callbacks
):
    channel, organizer, studio = place
    proposer, guest, follower = UserFactory(), UserFactory(), UserFactory()
    topic = _accepted(channel, proposer=proposer)
    _guest(topic, guest)
    services.topic_follow(topic=topic, member=follower)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_schedule(topic=topic, actor=organizer, recording_at=START, studio=studio)

    seen = {}
    for name, member in [("visitor", None), ("follower", follower), ("proposer", proposer),
                         ("guest", guest), ("organizer", organizer)]:  # fmt: skip
        client.logout()
        if member:
            client.force_login(member)
        page = client.get(topic.get_absolute_url()).content.decode()
        seen[name] = ("3 quai Perrache" in page, "Door code" in page, "Studio Ampere, Lyon" in page)
    assert seen == {
        "visitor": (False, False, True),
        "follower": (False, False, True),
        "proposer": (True, True, True),
        "guest": (True, True, True),
        "organizer": (True, True, True),
    }
    notices = {n.recipient_id: n.message for n in Notification.objects.all()}
    assert notices[follower.pk] == "Studio Ampere, Lyon"
    assert "3 quai Perrache" in notices[proposer.pk]
    assert "3 quai Perrache" in notices[guest.pk]
    mailed = {m.to[0]: m.body for m in mail.outbox}
    assert "3 quai Perrache" not in mailed[follower.email]
    assert "Mon 4 Mar 2030, 14:00 (Europe/Paris)" in mailed[follower.email]
    assert "3 quai Perrache" in mailed[guest.email]


def test_a_guest_who_declined_the_invitation_no_longer_reads_the_address(client, place):
    channel, organizer, studio = place
    topic = _accepted(channel)
    declined = UserFactory()
    _guest(topic, declined, answer=GuestAnswer.DECLINED)
    services.topic_schedule(topic=topic, actor=organizer, recording_at=START, studio=studio)

    client.force_login(declined)
    page = client.get(topic.get_absolute_url()).content.decode()

    assert "3 quai Perrache" not in page and "Studio Ampere, Lyon" in page
    told = Notification.objects.filter(recipient=declined).values_list("message", flat=True)
    assert not any("3 quai Perrache" in message for message in told)


def test_the_invitation_carries_the_studio_address_and_the_zone(
    place, django_capture_on_commit_callbacks
):
    channel, organizer, studio = place
    guest = UserFactory(email="gina@example.com", preferred_language="fr")
    topic = _accepted(channel)
    _guest(topic, guest)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.topic_schedule(topic=topic, actor=organizer, recording_at=START, studio=studio)

    (invitation,) = [m for m in mail.outbox if m.to == ["gina@example.com"] and m.attachments]
    assert "lun 4 mars 2030, 14:00 (Europe/Paris)" in invitation.body
    assert "3 quai Perrache, 69002 Lyon" in invitation.body
    (event,) = Calendar.from_ical(invitation.attachments[0][1]).walk("VEVENT")
    assert str(event["location"]).startswith("Studio Ampere\n3 quai Perrache")


# The day-before reminder ------------------------------------------------------------------


def _reminders():
    return sorted(
        (n.recipient.email, n.event_at, n.message)
        for n in Notification.objects.filter(kind=NotificationKind.RECORDING_REMINDER)
    )


def test_the_reminder_goes_once_the_day_before_to_the_people_on_the_set(
    place, django_capture_on_commit_callbacks
):
    channel, organizer, studio = place
    proposer = UserFactory(email="paula@example.com")
    guest = UserFactory(email="gina@example.com")
    follower = UserFactory(email="fred@example.com")
    topic = _accepted(channel, proposer=proposer)
    _guest(topic, guest)
    services.topic_follow(topic=topic, member=follower)
    services.topic_take(topic=topic, organizer=organizer)
    start = timezone.now() + timedelta(hours=30)
    services.topic_schedule(topic=topic, actor=organizer, recording_at=start, studio=studio)
    mail.outbox.clear()

    assert recording_reminders_send() == 0  # more than a day ahead
    topic.recording_at = timezone.now() + timedelta(hours=23, minutes=59)
    topic.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert recording_reminders_send() == 1
    assert recording_reminders_send() == 0  # a second tick: nothing more

    address = "Studio Ampere\n3 quai Perrache, 69002 Lyon\nDoor code 4242"
    assert _reminders() == sorted(
        (email, topic.recording_at, address)
        for email in ["paula@example.com", "gina@example.com", organizer.email]
    )
    (reminder,) = [
        m for m in mail.outbox if m.to == ["gina@example.com"] and "Reminder" in m.subject
    ]
    assert reminder.subject.startswith(
        f"[Webcastory] Reminder: the recording of “{topic.title}” is tomorrow, "
    )
    assert with_zone(topic.recording_at) in reminder.subject
    assert "3 quai Perrache" in reminder.body


def test_a_reschedule_arms_the_reminder_again(place):
    channel, organizer, _studio = place
    topic = _accepted(channel)
    services.topic_schedule(
        topic=topic, actor=organizer, recording_at=timezone.now() + timedelta(days=3)
    )
    topic.recording_at = timezone.now() + timedelta(hours=20)
    topic.save()
    assert recording_reminders_send() == 1

    services.topic_schedule(
        topic=topic, actor=organizer, recording_at=timezone.now() + timedelta(days=2)
    )
    topic.refresh_from_db()
    topic.recording_at = timezone.now() + timedelta(hours=20)
    topic.save()

    assert recording_reminders_send() == 1
    assert len(_reminders()) == 2


def test_a_recording_scheduled_within_a_day_gets_no_separate_reminder(place):
    channel, organizer, _studio = place
    services.topic_schedule(
        topic=_accepted(channel), actor=organizer, recording_at=timezone.now() + timedelta(hours=5)
    )

    assert recording_reminders_send() == 0


def test_the_reminder_respects_the_members_preferences(place):
    channel, organizer, _studio = place
    quiet = UserFactory()
    NotificationPreference.objects.create(member=quiet, followed=False)
    topic = _accepted(channel, proposer=quiet)
    services.topic_schedule(
        topic=topic, actor=organizer, recording_at=timezone.now() + timedelta(days=3)
    )
    topic.recording_at = timezone.now() + timedelta(hours=20)
    topic.save()

    recording_reminders_send()

    assert _reminders() == []


def test_the_tick_runs_the_reminders():
    assert "reminders" in dict(STEPS)


# The private calendar ----------------------------------------------------------------------


def _feed(client, url):
    response = client.get(url)
    return response, Calendar.from_ical(response.content) if response.status_code == 200 else None


def test_a_members_calendar_holds_their_own_recordings_with_the_invitations_uid(client, place):
    channel, organizer, studio = place
    guest = UserFactory()
    mine = _accepted(channel, title="Mine")
    _guest(mine, guest)
    waiting = _accepted(channel, title="Not confirmed")
    _guest(waiting, guest, answer=GuestAnswer.WAITING)
    other = _accepted(channel, title="Not mine")
    for topic, hours in [(mine, 0), (waiting, 3), (other, 6)]:
        services.topic_schedule(
            topic=topic, actor=organizer, recording_at=START + timedelta(hours=hours), studio=studio
        )
    services.topic_schedule(
        topic=mine, actor=organizer, recording_at=START + timedelta(days=1), studio=studio
    )
    mail.outbox.clear()
    url = calendar_url(feed=calendar_feed_for(member=guest))

    response, calendar = _feed(client, url)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Webcastory · Mine"
    assert (str(event["uid"]), int(event["sequence"])) == (
        f"recording-{mine.pk}@127.0.0.1:8000",
        1,
    )
    assert event.decoded("dtstart") == START + timedelta(days=1)
    assert "3 quai Perrache" in str(event["location"])
    # The organizers of the channel have every recording of it.
    _response, theirs = _feed(client, calendar_url(feed=calendar_feed_for(member=organizer)))
    assert sorted(str(e["summary"]) for e in theirs.walk("VEVENT")) == [
        "Webcastory · Mine",
        "Webcastory · Not confirmed",
        "Webcastory · Not mine",
    ]


def test_a_reset_calendar_address_and_a_forged_one_give_404(client, member):
    old = calendar_url(feed=calendar_feed_for(member=member))
    assert client.get(old).status_code == 200

    client.force_login(member)
    client.post(reverse("topics:member_calendar_reset"))
    new = calendar_url(feed=calendar_feed_for(member=member))

    client.logout()
    assert (client.get(old).status_code, client.get(new).status_code) == (404, 200)
    forged = new.replace(f"/calendar/{member.pk}-", f"/calendar/{member.pk + 1}-")
    assert client.get(forged).status_code == 404
    assert client.get("/calendar/garbage.ics").status_code == 404


@pytest.mark.parametrize(
    "token",
    [
        "\u00b2-abc",  # a superscript two: a digit to str.isdigit, not to int()
        "\u0663-abc",  # an Arabic-Indic three
        "9" * 30 + "-abc",  # beyond any database integer
    ],
)
def test_a_calendar_address_with_a_strange_member_number_is_a_404(client, token):
    url = reverse("topics:member_calendar", kwargs={"token": token})

    assert client.get(url).status_code == 404


def test_the_settings_page_offers_the_calendar_link_to_copy_and_reset(client, member):
    client.force_login(member)
    page = client.get(reverse("notifications:notification_preferences")).content.decode()
    assert "Make my calendar link" in page

    client.post(reverse("topics:member_calendar_reset"))

    page = client.get(reverse("notifications:notification_preferences")).content.decode()
    assert calendar_url(feed=calendar_feed_for(member=member)) in page
    assert "Reset the link" in page


def test_a_called_off_recording_leaves_the_calendar(client, place):
    channel, organizer, _studio = place
    topic = _accepted(channel)
    services.topic_schedule(topic=topic, actor=organizer, recording_at=START)
    url = calendar_url(feed=calendar_feed_for(member=topic.proposer))
    assert len(_feed(client, url)[1].walk("VEVENT")) == 1

    services.topic_transition(topic=topic, to_status=TopicStatus.ACCEPTED, actor=organizer)

    assert _feed(client, url)[1].walk("VEVENT") == []
