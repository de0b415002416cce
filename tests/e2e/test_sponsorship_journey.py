import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sponsorship.models import SponsorshipInterest
from tests.e2e.conftest import new_page
from tests.e2e.helpers import log_in
from tests.factories import (
    OrganizerFactory,
    TopicFactory,
    UserFactory,
    questionnaire_with_every_kind,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_sponsor_interest_questionnaire_and_confirmation(browser, live_server):
    topic = TopicFactory(title="Cyber insurance for SMEs")
    questionnaire_with_every_kind(topic=topic)
    UserFactory(email="sponsor@example.com", full_name="Sam Sponsor", company="Shieldly")
    UserFactory(email="viewer1@example.com", full_name="Vera One")
    UserFactory(email="viewer2@example.com", full_name="Victor Two")
    OrganizerFactory(email="organizer@example.com", full_name="Olga Organizer")

    # The sponsor expresses interest from the topic page.
    sponsor = new_page(browser, live_server)
    log_in(sponsor, "sponsor@example.com")
    sponsor.goto(topic.get_absolute_url())
    sponsor.get_by_role(
        "link", name="Tell the organizers your organisation would support this show"
    ).click()
    expect(sponsor.get_by_label(re.compile(r"^\s*Organisation"))).to_have_value("Shieldly")
    sponsor.get_by_label("Main sponsor").check()
    sponsor.get_by_label(re.compile(r"^\s*Indicative budget")).select_option(
        label="€15,000 to €50,000"
    )
    sponsor.get_by_role("button", name="Send my sponsor interest").click()
    expect(sponsor.get_by_text("Your interest for Shieldly: New.")).to_be_visible()

    # Two viewers answer the audience questionnaire.
    for email, role in (("viewer1@example.com", "Manager"), ("viewer2@example.com", "Engineer")):
        viewer = new_page(browser, live_server)
        log_in(viewer, email)
        viewer.goto(topic.get_absolute_url())
        viewer.get_by_role("link", name="Answer the audience questionnaire").click()
        viewer.get_by_label(role).check()
        viewer.get_by_label("4", exact=True).check()
        viewer.get_by_label("Tech").check()
        viewer.get_by_label(re.compile(r"^\s*Company")).fill(f"{role} Inc")
        viewer.get_by_role("button", name="Save my answers").click()
        expect(viewer.get_by_text("Thank you, your answers are saved.")).to_be_visible()
        viewer.context.close()

    # The organizer confirms the sponsor, reads the results, downloads the CSV.
    organizer = new_page(browser, live_server)
    log_in(organizer, "organizer@example.com")
    organizer.goto(topic.get_absolute_url())
    organizer.get_by_role("link", name="See the sponsor leads").click()
    lead = organizer.locator("article", has_text="Shieldly")
    lead.get_by_label(re.compile(r"^\s*Status")).select_option(label="Confirmed")
    lead.get_by_role("button", name="Save").click()
    expect(organizer.get_by_text("The sponsor lead is updated.")).to_be_visible()
    assert SponsorshipInterest.objects.get().status == "confirmed"

    organizer.goto(topic.get_absolute_url())
    organizer.get_by_role("link", name="Questionnaire results").click()
    expect(organizer.get_by_text("2 respondents")).to_be_visible()
    expect(organizer.get_by_text("Manager Inc")).to_be_visible()
    with organizer.expect_download() as download_info:
        organizer.get_by_role("link", name="Download the answers (CSV)").click()
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert sorted(row[5] for row in rows[1:]) == ["Engineer Inc", "Manager Inc"]

    # The sponsor's name now shows on the topic page, for everyone.
    visitor = new_page(browser, live_server)
    visitor.goto(topic.get_absolute_url())
    expect(visitor.locator("#sponsors")).to_contain_text("Shieldly")
