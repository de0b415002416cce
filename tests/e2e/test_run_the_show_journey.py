"""From an accepted topic to a watched episode, in the browser, in English and in French.

An organizer accepts a topic and a guest, the guest confirms, the organizer schedules
(the mailed invitation is parsed), reschedules (SEQUENCE 1), marks it recorded, and
publishes it with chapters and a transcript; a visitor searches a word of the
transcript and lands on the episode at that moment; the sponsor opens the report.
Every label is read from the catalogue in the journey's language.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from icalendar import Calendar
from playwright.sync_api import expect

from sponsorship import services as sponsorship_services
from tests.e2e.conftest import new_page
from tests.e2e.helpers import log_in
from tests.factories import (
    ChannelFactory,
    OrganizerFactory,
    ParticipationRequestFactory,
    TopicFactory,
    UserFactory,
)
from topics.models import Studio, Topic, TopicStatus

pytestmark = pytest.mark.django_db(transaction=True)

LOCALES = {"en": "en-GB", "fr": "fr-FR"}
TRANSCRIPT = """WEBVTT

00:00:00.000 --> 00:00:05.000
Welcome to the show about passkeys.

00:01:35.000 --> 00:01:45.000
Phishing stops when there is no password to steal: the heliotrope principle.
"""


def _invitations(address):
    """The calendar invitations mailed to this address so far, parsed, oldest first."""
    return [
        Calendar.from_ical(content)
        for message in mail.outbox
        if message.to == [address]
        for name, content, _kind in message.attachments
        if name == "invite.ics"
    ]


def _event(calendar):
    return next(c for c in calendar.walk() if c.name == "VEVENT")


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_accepted_topic_becomes_a_watched_episode(browser, live_server, tmp_path, language):
    def T(text):  # the label as the journey's reader sees it
        with translation.override(language):
            return translation.gettext(text)

    def labelled(text):
        return re.compile(r"^\s*" + re.escape(T(text)))

    locale = LOCALES[language]
    channel = ChannelFactory(name="IT & digital", name_fr="IT & numérique")
    Studio.objects.create(channel=channel, name="Studio B", city="Lyon", address="1 quai Est")
    proposer = UserFactory(
        email="paula@example.com", full_name="Paula Proposer", preferred_language=language
    )
    topic = TopicFactory(channel=channel, proposer=proposer, title="Passkeys for everyone")
    gina = UserFactory(
        email="gina@example.com", full_name="Gina Guest", preferred_language=language
    )
    invited = ParticipationRequestFactory(topic=topic, applicant=gina, motivation="I did it")
    olga = OrganizerFactory(
        email="olga@example.com", full_name="Olga Organizer", preferred_language=language
    )
    sponsor = UserFactory(
        email="sam@example.com", full_name="Sam Sponsor", preferred_language=language
    )
    interest = sponsorship_services.sponsorship_interest_record(
        topic=topic,
        member=sponsor,
        organisation="Brightwave",
        contact_name="Sam Sponsor",
        contact_email="sam@example.com",
    )
    sponsorship_services.sponsorship_interest_decide(
        interest=interest, status="confirmed", actor=olga
    )
    mail.outbox.clear()

    # The organizer accepts the topic and Gina's request.
    organizer = new_page(browser, live_server, locale=locale)
    log_in(organizer, "olga@example.com", language=language)
    organizer.goto(f"/workspace/topics/{topic.slug}/")
    expect(organizer.locator("html")).to_have_attribute("lang", language)
    organizer.get_by_label(T("Accept the topic")).check()
    organizer.get_by_role("button", name=T("Record the decision")).first.click()
    expect(
        organizer.get_by_text(T("The decision is recorded and the proposer told."))
    ).to_be_visible()
    request_box = organizer.locator("#requests .border", has_text="Gina Guest")
    request_box.get_by_label(T("Accept"), exact=True).check()
    request_box.get_by_role("button", name=T("Record the decision")).click()
    expect(
        organizer.get_by_text(T("The decision is recorded and the applicant told."))
    ).to_be_visible()

    # Gina confirms, with a bio for the credits and her consent.
    guest = new_page(browser, live_server, locale=locale)
    log_in(guest, "gina@example.com", language=language)
    guest.goto(f"/participation/{invited.pk}/answer/")
    guest.get_by_label(T("I confirm: I will take part")).check()
    guest.get_by_label(labelled("Short bio for the credits")).fill("Security engineer")
    guest.get_by_label(re.compile(re.escape(T(
        "I agree to being filmed and to the recording's publication on Webcastory. "
        "I may withdraw this consent until the episode is published."
    )[:30]))).check()  # fmt: skip
    guest.get_by_role("button", name=T("Send my answer")).click()
    expect(guest.get_by_text(T("Thank you: the organizers have your answer."))).to_be_visible()

    # The organizer schedules in the channel's studio: Gina's invitation is a REQUEST.
    first = timezone.now().replace(second=0, microsecond=0) + timedelta(days=10)
    organizer.goto(f"/workspace/topics/{topic.slug}/")
    organizer.get_by_label(labelled("Recording date and time")).fill(_local(first))
    organizer.get_by_label(T("Where"), exact=True).select_option(label="Studio B, Lyon")
    organizer.get_by_role("button", name=T("Save the schedule")).click()
    expect(organizer.get_by_text(T("The recording is scheduled."))).to_be_visible()
    (invitation,) = _invitations("gina@example.com")
    event = _event(invitation)
    assert str(invitation["method"]) == "REQUEST"
    assert int(event["sequence"]) == 0
    assert event.decoded("dtstart") == first
    assert "1 quai Est" in str(event["location"])
    assert "mailto:gina@example.com" in [str(a) for a in event["attendee"]]

    # Moved by a day: the same event, SEQUENCE 1.
    second = first + timedelta(days=1)
    organizer.get_by_label(labelled("Recording date and time")).fill(_local(second))
    organizer.get_by_role("button", name=T("Save the schedule")).click()
    expect(organizer.get_by_text(T("The recording is scheduled."))).to_be_visible()
    moved = _event(_invitations("gina@example.com")[-1])
    assert int(moved["sequence"]) == 1
    assert str(moved["uid"]) == str(event["uid"])
    assert moved.decoded("dtstart") == second

    organizer.get_by_role("button", name=T("Mark as recorded")).click()
    expect(
        organizer.get_by_text(
            T("The topic is now: %(status)s.") % {"status": T(TopicStatus.RECORDED.label)}
        )
    ).to_be_visible()

    # The episode page: a duration, two chapters and the transcript.
    organizer.goto(f"/workspace/topics/{topic.slug}/episode/")
    organizer.get_by_label(labelled("Duration"), exact=False).first.fill("10:00")
    for number, (start, title) in enumerate([("0:00", "Opening"), ("1:35", "Phishing")], 1):
        chapter = organizer.locator(
            "fieldset", has=organizer.get_by_text(T("Chapter %(number)s") % {"number": number})
        ).first
        chapter.get_by_label(labelled("Start")).fill(start)
        chapter.get_by_label(labelled("Title")).fill(title)
    organizer.get_by_role("button", name=T("Save the episode page")).click()
    expect(organizer.get_by_text(T("The episode page is saved."))).to_be_visible()
    vtt = tmp_path / "show.vtt"
    vtt.write_text(TRANSCRIPT)
    organizer.get_by_label(labelled("WebVTT transcript (.vtt)")).set_input_files(str(vtt))
    organizer.get_by_role("button", name=T("Upload the transcript")).click()
    expect(organizer.get_by_text("the heliotrope principle").first).to_be_visible()

    organizer.goto(f"/workspace/topics/{topic.slug}/")
    organizer.get_by_label(labelled("Episode video")).fill(
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )
    organizer.get_by_role("button", name=T("Publish"), exact=True).click()
    expect(organizer.get_by_text(T("The episode is published."))).to_be_visible()
    assert Topic.objects.get(pk=topic.pk).status == TopicStatus.PUBLISHED

    # A visitor searches a word of the transcript and lands on that moment.
    visitor = new_page(browser, live_server, locale=locale)
    visitor.goto("/search/?q=heliotrope")
    expect(visitor.get_by_role("heading", name=T("In the episodes"))).to_be_visible()
    visitor.get_by_role("link", name=re.compile("Passkeys for everyone · 1:35")).click()
    expect(visitor).to_have_url(re.compile(rf"/episodes/{topic.slug}/\?t=95$"))
    expect(visitor.locator('iframe[src*="/embed/dQw4w9WgXcQ"]')).to_have_attribute(
        "src", re.compile(r"start=95")
    )
    expect(visitor.get_by_role("link", name=re.compile("Phishing"))).to_be_visible()
    expect(visitor.get_by_text("Security engineer")).to_be_visible()  # Gina's credits

    # The sponsor opens the report from the topic page.
    sam = new_page(browser, live_server, locale=locale)
    log_in(sam, "sam@example.com", language=language)
    sam.goto(topic.get_absolute_url())
    sam.get_by_role("link", name=T("Episode report: demand and reach")).click()
    expect(sam.get_by_text(T("Episode report"), exact=True)).to_be_visible()
    expect(sam).to_have_url(re.compile(rf"/sponsorship/report/{topic.slug}/$"))
