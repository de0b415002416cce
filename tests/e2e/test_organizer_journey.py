import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import new_page
from tests.e2e.helpers import log_in
from tests.factories import (
    ChannelFactory,
    OrganizerFactory,
    ParticipationRequestFactory,
    TopicFactory,
    UserFactory,
)
from topics.models import TopicStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_organizer_takes_a_topic_from_proposal_to_published_episode(browser, live_server):
    channel = ChannelFactory(name="IT & digital")
    proposer = UserFactory(email="paula@example.com", full_name="Paula Proposer")
    topic = TopicFactory(channel=channel, proposer=proposer, title="Passkeys for everyone")
    chosen = UserFactory(email="gina@example.com", full_name="Gina Guest")
    other = UserFactory(email="omar@example.com", full_name="Omar Other")
    invited = ParticipationRequestFactory(
        topic=topic, applicant=chosen, motivation="I deployed passkeys"
    )
    ParticipationRequestFactory(topic=topic, applicant=other, motivation="I am curious")
    OrganizerFactory(email="olga@example.com", full_name="Olga Organizer")
    mail.outbox.clear()

    organizer = new_page(browser, live_server)
    log_in(organizer, "olga@example.com")
    organizer.get_by_role("link", name="Workspace").click()
    organizer.get_by_role("link", name="Passkeys for everyone").first.click()

    organizer.get_by_label("Accept the topic").check()
    organizer.get_by_role("button", name="Record the decision").first.click()
    expect(organizer.get_by_text("The decision is recorded and the proposer told.")).to_be_visible()

    gina = organizer.locator("#requests .border", has_text="Gina Guest")
    gina.get_by_label("Accept").check()
    gina.get_by_label(re.compile(r"^\s*Message to the applicant")).fill("See you in the studio!")
    gina.get_by_role("button", name="Record the decision").click()
    expect(
        organizer.get_by_text("The decision is recorded and the applicant told.")
    ).to_be_visible()
    omar = organizer.locator("#requests .border", has_text="Omar Other")
    omar.get_by_label("Decline").check()
    omar.get_by_role("button", name="Record the decision").click()

    organizer.get_by_label(re.compile(r"^\s*Recording date and time")).fill("2030-06-01T10:00")
    organizer.get_by_label(re.compile(r"^\s*Where exactly")).fill("Studio B")
    organizer.get_by_role("button", name="Save the schedule").click()
    expect(organizer.get_by_text("The recording is scheduled.")).to_be_visible()
    organizer.get_by_role("button", name="Mark as recorded").click()
    expect(organizer.get_by_text("The topic is now: Recorded.")).to_be_visible()

    # Not yet: Gina has not consented to being filmed and published.
    organizer.get_by_label(re.compile(r"^\s*Episode video")).fill("https://vimeo.com/76979871")
    organizer.get_by_role("button", name="Publish").click()
    expect(
        organizer.get_by_text(
            re.compile("no consent to being filmed and published from Gina Guest")
        )
    ).to_be_visible()

    # Gina confirms from her invitation, with a bio for the credits and her consent.
    gina_page = new_page(browser, live_server)
    log_in(gina_page, "gina@example.com")
    gina_page.goto(f"/participation/{invited.pk}/answer/")
    gina_page.get_by_label("I confirm: I will take part").check()
    gina_page.get_by_label(re.compile(r"^\s*Short bio for the credits")).fill("Security engineer")
    gina_page.get_by_label(re.compile("I agree to being filmed")).check()
    gina_page.get_by_role("button", name="Send my answer").click()
    expect(gina_page.get_by_text("Thank you: the organizers have your answer.")).to_be_visible()

    organizer.goto(f"/workspace/topics/{topic.slug}/")
    expect(organizer.get_by_text("Credits: Security engineer")).to_be_visible()
    organizer.get_by_label(re.compile(r"^\s*Episode video")).fill("https://vimeo.com/76979871")
    organizer.get_by_role("button", name="Publish").click()
    expect(organizer.get_by_text("The episode is published.")).to_be_visible()
    expect(
        organizer.locator('iframe[src="https://player.vimeo.com/video/76979871"]')
    ).to_have_count(1)
    topic.refresh_from_db()
    assert topic.status == TopicStatus.PUBLISHED

    # The proposer finds the outcome on the site and in their mail.
    paula = new_page(browser, live_server)
    log_in(paula, "paula@example.com")
    paula.get_by_role("link", name=re.compile("Notifications")).click()
    expect(
        paula.get_by_text(
            "The organizers set your topic “Passkeys for everyone” to: Accepted, in preparation."
        )
    ).to_be_visible()
    expect(
        paula.get_by_text("The episode of “Passkeys for everyone” is published.")
    ).to_be_visible()

    # Each applicant finds their outcome on the site and in their mail.
    gina_page.goto(topic.get_absolute_url())
    expect(gina_page.get_by_text("See you in the studio!")).to_be_visible()

    subjects = {(m.to[0], m.subject) for m in mail.outbox}
    assert (
        "paula@example.com",
        "[Webcastory] The organizers set your topic “Passkeys for everyone” to: Accepted, in preparation.",
    ) in subjects
    assert (
        "gina@example.com",
        "[Webcastory] Your request to take part in “Passkeys for everyone”: Accepted.",
    ) in subjects
    assert (
        "omar@example.com",
        "[Webcastory] Your request to take part in “Passkeys for everyone”: Declined.",
    ) in subjects
    assert (
        "paula@example.com",
        "[Webcastory] The episode of “Passkeys for everyone” is published.",
    ) in subjects
