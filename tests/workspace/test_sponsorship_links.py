import pytest
from django.urls import reverse

from tests.factories import QuestionnaireFactory

pytestmark = pytest.mark.django_db


def _workspace(client, desk):
    client.force_login(desk["channel_organizer"])
    return client.get(reverse("topics:workspace_topic", args=[desk["topic"].slug]))


def test_workspace_offers_to_add_a_questionnaire_where_there_is_none(client, desk):
    slug = desk["topic"].slug

    page = _workspace(client, desk).content.decode()

    assert f'<a href="/topics/{slug}/sponsors/">Sponsor leads</a>' in page
    assert f'<a href="/topics/{slug}/questionnaire/edit/">Add a questionnaire</a>' in page
    assert f"/topics/{slug}/questionnaire/results/" not in page


def test_workspace_links_to_the_results_of_a_questionnaire(client, desk):
    slug = desk["topic"].slug
    QuestionnaireFactory(topic=desk["topic"])

    page = _workspace(client, desk).content.decode()

    assert f'<a href="/topics/{slug}/questionnaire/results/">Questionnaire results</a>' in page
    assert "Add a questionnaire" not in page
    assert client.get(f"/topics/{slug}/questionnaire/results/").status_code == 200
