"""Property-based: whatever members type into the main forms, they get a page or a form error."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import TopicFactory, UserFactory, questionnaire_with_every_kind

pytestmark = pytest.mark.django_db

text = st.text(max_size=400)
anything = st.one_of(text, st.integers(-10, 10**12).map(str), st.just(""), st.just("\x00"))
PROPERTY_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def scene(client):
    member = UserFactory()
    topic = TopicFactory()
    questionnaire = questionnaire_with_every_kind(topic=topic)
    client.force_login(member)
    return {"client": client, "topic": topic, "questionnaire": questionnaire}


def _post(client, url, data):
    cache.clear()  # rate limits would turn later examples into 429s
    response = client.post(url, data)
    assert response.status_code in (200, 302, 400, 403, 429), response.status_code
    return response


@PROPERTY_SETTINGS
@given(
    data=st.fixed_dictionaries(
        {
            "title": text, "summary": text, "body": text, "channel": anything,
            "language": anything, "format": anything, "treatment": anything,
            "location": anything, "location_detail": text, "preparation_notes": text,
            "co_proposer_emails": text, "connected_links": text,
        }
    )
)  # fmt: skip
def test_propose_form_never_fails(scene, data):
    _post(scene["client"], reverse("topics:topic_propose"), {**data, "save_draft": "1"})


@PROPERTY_SETTINGS
@given(body=text, parent=anything)
def test_comment_form_never_fails(scene, body, parent):
    url = reverse("comments:comment_create", args=[scene["topic"].slug])
    _post(scene["client"], url, {"body": body, "parent": parent})


@PROPERTY_SETTINGS
@given(role=anything, motivation=text, availability=text, choice=anything, feedback=text)
def test_topic_page_forms_never_fail(scene, role, motivation, availability, choice, feedback):
    slug = scene["topic"].slug
    client = scene["client"]
    _post(client, reverse("topics:opinion_set", args=[slug]), {"choice": choice})
    _post(client, reverse("topics:feedback_create", args=[slug]), {"body": feedback})
    _post(
        client,
        reverse("topics:participation_request_create", args=[slug]),
        {"role": role, "motivation": motivation, "availability": availability},
    )


@PROPERTY_SETTINGS
@given(
    values=st.lists(anything, min_size=5, max_size=5),
    sponsor=st.lists(text, min_size=4, max_size=4),
)
def test_questionnaire_and_sponsor_forms_never_fail(scene, values, sponsor):
    questions = list(scene["questionnaire"].questions.all())
    slug = scene["topic"].slug
    answers = {f"question_{q.pk}": v for q, v in zip(questions, values, strict=True)}
    _post(scene["client"], reverse("sponsorship:questionnaire_answer", args=[slug]), answers)
    organisation, contact, email, message = sponsor
    _post(
        scene["client"],
        reverse("sponsorship:interest_create", args=[slug]),
        {"organisation": organisation, "contact_name": contact, "contact_email": email,
         "support_kind": "main", "budget_band": "undisclosed", "message": message},
    )  # fmt: skip


@PROPERTY_SETTINGS
@given(full_name=text, headline=text, website=text, language=anything)
def test_profile_form_never_fails(scene, full_name, headline, website, language):
    _post(
        scene["client"],
        reverse("accounts:profile_edit"),
        {"full_name": full_name, "headline": headline, "website": website,
         "preferred_language": language},
    )  # fmt: skip


@PROPERTY_SETTINGS
@given(query=text, sort=anything, fmt=anything)
def test_search_and_filters_never_fail(scene, query, sort, fmt):
    response = scene["client"].get(
        reverse("topics:search"), {"q": query, "sort": sort, "format": fmt}
    )
    assert response.status_code == 200
