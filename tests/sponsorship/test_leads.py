import pytest
from django.urls import reverse

from sponsorship.models import SponsorshipInterest
from tests.factories import OrganizerFactory, SponsorshipInterestFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_page(client):
    lead = SponsorshipInterestFactory(topic=TopicFactory(), internal_notes="Call back.")
    client.force_login(OrganizerFactory())
    return client, lead, reverse("sponsorship:lead_list", args=[lead.topic.slug])


def test_lead_notes_show_their_limit(lead_page):
    client, _lead, url = lead_page

    page = client.get(url).content.decode()

    assert 'name="internal_notes" cols="40" rows="2" maxlength="5000"' in page
    assert "Up to 5,000 characters." in page


def test_lead_notes_over_the_limit_are_refused_and_kept(lead_page):
    client, lead, url = lead_page
    notes = "n" * 5001

    response = client.post(
        url, {"lead": lead.pk, "status": "in_discussion", "internal_notes": notes}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Ensure this value has at most 5000 characters (it has 5001)." in page
    assert f">\n{notes}</textarea>" in page
    lead.refresh_from_db()
    assert (lead.status, lead.internal_notes) == ("new", "Call back.")


def test_lead_notes_at_the_limit_are_kept_whole(lead_page):
    client, lead, url = lead_page
    notes = "n" * 5000

    client.post(url, {"lead": lead.pk, "status": "new", "internal_notes": notes})

    lead.refresh_from_db()
    assert lead.internal_notes == notes


@pytest.mark.parametrize("value", ["abc", "1.5", "", "9999999999999999999999"])
def test_lead_list_post_with_a_lead_that_is_not_a_number_is_a_404(lead_page, value):
    client, _lead, url = lead_page

    response = client.post(url, {"lead": value, "status": "declined", "internal_notes": ""})

    assert response.status_code == 404
    assert SponsorshipInterest.objects.get().status == "new"


def test_lead_list_ignores_a_lead_query_parameter(lead_page):
    client, lead, url = lead_page

    response = client.get(url, {"lead": "abc"})

    assert response.status_code == 200
    assert lead.organisation in response.content.decode()


def test_interest_form_shows_the_limits_of_its_free_text(member_client):
    topic = TopicFactory()

    page = member_client.get(reverse("sponsorship:interest_create", args=[topic.slug]))

    html = page.content.decode()
    assert 'name="message" cols="40" rows="3" maxlength="3000"' in html
    assert "Up to 3,000 characters." in html
    assert "Up to 150 characters." in html


def test_interest_message_over_the_limit_is_refused_and_kept(member_client):
    topic = TopicFactory()
    message = "m" * 3001

    response = member_client.post(
        reverse("sponsorship:interest_create", args=[topic.slug]),
        {
            "organisation": "Acme",
            "contact_name": "Ann",
            "contact_email": "ann@example.com",
            "support_kind": "main",
            "budget_band": "undisclosed",
            "message": message,
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Ensure this value has at most 3000 characters (it has 3001)." in html
    assert f">\n{message}</textarea>" in html
    assert not SponsorshipInterest.objects.exists()
