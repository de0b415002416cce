"""In the browser: an organizer hears of a proposal, takes charge of it; a member
chooses a daily digest. Both without JavaScript's help (plain links and forms)."""

import pytest

from notifications.models import NotificationPreference
from tests.e2e.conftest import new_page
from tests.e2e.helpers import log_in
from tests.factories import ChannelFactory, UserFactory
from topics import services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("language", "told", "take", "taken"),
    [
        ("en", "proposed “Hybrid studios”", "I'll handle it", "You are in charge of this topic"),
        (
            "fr",
            "a proposé « Hybrid studios »",
            "Je m'en occupe",
            "Vous êtes responsable de ce sujet",
        ),
    ],
)
def test_an_organizer_is_told_of_a_proposal_and_takes_charge(
    browser, live_server, language, told, take, taken
):
    channel = ChannelFactory()
    organizer = UserFactory(email="olivia@example.com", preferred_language=language)
    channel.organizers.add(organizer)
    services.topic_create(
        proposer=UserFactory(full_name="Paula Proposer"),
        channel=channel,
        title="Hybrid studios",
        summary="s",
        body="b",
        submit=True,
    )
    page = new_page(browser, live_server)
    log_in(page, "olivia@example.com")

    page.goto("/notifications/")
    assert told in page.content()
    page.get_by_role("link", name="Hybrid studios").first.click()
    page.get_by_role("button", name=take).click()

    assert taken in page.content()


def test_a_member_chooses_a_daily_digest_in_the_settings(browser, live_server):
    member = UserFactory(email="dana@example.com")
    page = new_page(browser, live_server)
    log_in(page, "dana@example.com")

    page.goto("/notifications/settings/")
    page.get_by_label("Mails for: Activity on the topics I brought").select_option("daily")
    page.get_by_role("button", name="Save my choices").click()

    assert "Your notification choices are saved." in page.content()
    assert NotificationPreference.objects.get(member=member).my_topics_mail == "daily"
