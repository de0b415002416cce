import pytest
from django.urls import reverse

from sponsorship.models import SponsorshipInterest
from tests.factories import CommentFactory, OpinionFactory, ParticipationRequestFactory, UserFactory
from tests.images import image_upload

pytestmark = pytest.mark.django_db


def test_audience_block_shows_aggregates_only(client, sponsor_world):
    topic = sponsor_world["topic"]
    author = UserFactory()
    CommentFactory(topic=topic, author=author)
    CommentFactory(topic=topic, author=author)
    OpinionFactory(topic=topic)
    ParticipationRequestFactory(topic=topic)

    page = client.get(topic.get_absolute_url()).content.decode()

    for label, value in (
        ("Opinions given", 1),
        ("People in the conversation", 1),
        ("Requests to take part", 1),
        ("Questionnaire respondents", 1),
    ):
        assert f'{label}</dt><dd class="col-4 text-end mb-1">{value}</dd>' in page
    assert "Real numbers, please." not in page


def test_interest_form_is_prefilled_and_records_a_lead_with_logo(member_client, member, settings):
    from tests.factories import TopicFactory

    topic = TopicFactory()
    page = member_client.get(topic.get_absolute_url()).content.decode()
    assert f'href="/topics/{topic.slug}/sponsor/"' in page
    form = member_client.get(reverse("sponsorship:interest_create", args=[topic.slug]))
    assert f'value="{member.email}"' in form.content.decode()

    response = member_client.post(
        reverse("sponsorship:interest_create", args=[topic.slug]),
        {
            "organisation": "Lumen Labs",
            "contact_name": "Lu",
            "contact_email": "lu@example.com",
            "support_kind": "in_kind",
            "budget_band": "undisclosed",
            "message": "Studio lights",
            "may_name_publicly": "on",
            "logo_upload": image_upload("PNG"),
        },
    )

    assert response.status_code == 302
    interest = SponsorshipInterest.objects.get()
    assert (interest.organisation, interest.member, interest.status) == (
        "Lumen Labs",
        member,
        "new",
    )
    assert interest.logo.name.endswith(".webp")


def test_interest_form_errors_are_shown_and_nothing_saved(member_client):
    from tests.factories import TopicFactory

    topic = TopicFactory()

    response = member_client.post(
        reverse("sponsorship:interest_create", args=[topic.slug]),
        {"organisation": "", "contact_email": "not-an-email", "support_kind": "main",
         "budget_band": "undisclosed"},
    )  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a valid email address." in page
    assert page.count("This field is required.") == 2
    assert SponsorshipInterest.objects.count() == 0
