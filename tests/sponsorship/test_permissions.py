import pytest
from django.urls import reverse

from tests.sponsorship.conftest import ROLES

pytestmark = pytest.mark.django_db

INSIDERS = {"proposer", "organizer"}
RESULTS = {"proposer", "organizer", "confirmed_sponsor"}


def _status(role, allowed):
    if role == "anonymous":
        return 302
    return 200 if role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_sponsor_leads(as_sponsor_role, sponsor_world, role):
    response = as_sponsor_role(role).get(
        reverse("sponsorship:lead_list", args=[sponsor_world["topic"].slug])
    )

    assert response.status_code == _status(role, INSIDERS)
    if response.status_code == 200:
        assert "Declined Ltd" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_results(as_sponsor_role, sponsor_world, role):
    response = as_sponsor_role(role).get(
        reverse("sponsorship:questionnaire_results", args=[sponsor_world["topic"].slug])
    )

    assert response.status_code == _status(role, RESULTS)


@pytest.mark.parametrize("role", ROLES)
def test_who_downloads_the_export(as_sponsor_role, sponsor_world, role):
    response = as_sponsor_role(role).get(
        reverse("sponsorship:questionnaire_export", args=[sponsor_world["topic"].slug])
    )

    assert response.status_code == _status(role, RESULTS)


@pytest.mark.parametrize("role", ROLES)
def test_who_edits_the_questionnaire(as_sponsor_role, sponsor_world, role):
    response = as_sponsor_role(role).get(
        reverse("sponsorship:questionnaire_edit", args=[sponsor_world["topic"].slug])
    )

    assert response.status_code == _status(role, INSIDERS)


@pytest.mark.parametrize("role", ROLES)
def test_who_changes_a_lead_status(as_sponsor_role, sponsor_world, role):
    topic = sponsor_world["topic"]
    lead = topic.sponsorship_interests.get(organisation="Confirmed Corp")

    as_sponsor_role(role).post(
        reverse("sponsorship:lead_list", args=[topic.slug]),
        {"lead": lead.pk, "status": "declined", "internal_notes": "changed"},
    )

    lead.refresh_from_db()
    assert lead.status == ("declined" if role == "organizer" else "confirmed")


@pytest.mark.parametrize("role", ROLES)
def test_topic_page_leads_link_and_public_sponsor(as_sponsor_role, sponsor_world, role):
    page = as_sponsor_role(role).get(sponsor_world["topic"].get_absolute_url()).content.decode()

    assert "Confirmed Corp" in page
    assert "Declined Ltd" not in page or role in INSIDERS | {"declined_sponsor"}
    assert ("See the sponsor leads" in page) == (role in INSIDERS)
