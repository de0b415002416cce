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


def _logo_sponsor(topic, size):
    from sponsorship import services
    from tests.factories import UserFactory

    interest = services.sponsorship_interest_record(
        topic=topic,
        member=UserFactory(),
        logo=image_upload("PNG", size=size),
        organisation="Wide Logo Inc",
        contact_name="Wil",
        contact_email="wil@example.com",
    )
    services.sponsorship_interest_decide(interest=interest, status="confirmed")
    return SponsorshipInterest.objects.get(pk=interest.pk)


def test_a_wide_logo_keeps_its_aspect_ratio(client):
    from PIL import Image

    from tests.factories import TopicFactory

    topic = TopicFactory()
    interest = _logo_sponsor(topic, size=(300, 120))

    with interest.logo_thumbnail.open("rb") as stored, Image.open(stored) as thumbnail:
        stored_size = thumbnail.size
    assert stored_size == (256, 102)
    assert (interest.logo_thumbnail_width, interest.logo_thumbnail_height) == (256, 102)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert (
        f'<img src="{interest.logo_thumbnail.url}" alt="" width="256" height="102"'
        ' class="sponsor-logo">'
    ) in page


def test_the_migration_refits_logo_thumbnails_cropped_before():
    import importlib

    from django.apps import apps
    from django.core.files.base import ContentFile
    from PIL import Image

    from tests.factories import TopicFactory

    interest = _logo_sponsor(TopicFactory(), size=(300, 120))
    square = image_upload("PNG", size=(256, 256))
    interest.logo_thumbnail.save("old.png", ContentFile(square.read()), save=True)
    migration = importlib.import_module(
        "sponsorship.migrations.0004_logo_thumbnail_keeps_aspect_ratio"
    )

    migration.logo_thumbnails_refit(apps, None)

    interest.refresh_from_db()
    with interest.logo_thumbnail.open("rb") as stored, Image.open(stored) as thumbnail:
        assert thumbnail.size == (256, 102)
    assert (interest.logo_thumbnail_width, interest.logo_thumbnail_height) == (256, 102)
    assert not interest.logo_thumbnail.storage.exists("sponsors/old.png")
