"""Uploads everywhere a member can send a picture: broken files are refused with
a message, large camera photos are kept, and nothing is stored for a refusal."""

import pytest
from django.urls import reverse
from PIL import Image

from accounts.images import MAX_EDGE, image_reencode
from sponsorship.models import SponsorshipInterest
from tests.factories import ChannelFactory, TopicFactory
from tests.images import image_upload, truncated_upload
from topics.models import Topic

pytestmark = pytest.mark.django_db

DAMAGED = "This image is damaged or incomplete and cannot be read."


def _media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_cover_is_refused_on_the_proposal_form(member_client, settings, fmt):
    channel = ChannelFactory()

    response = member_client.post(
        reverse("topics:topic_propose"),
        {
            "channel": channel.pk,
            "title": "Broken pictures",
            "summary": "A summary.",
            "body": "A text.",
            "language": "en",
            "format": "debate",
            "treatment": "trends",
            "location": "studio",
            "cover_upload": truncated_upload(fmt),
            "save_draft": "1",
        },
    )

    assert response.status_code == 200
    assert DAMAGED in response.content.decode()
    assert (Topic.objects.count(), _media_files(settings)) == (0, [])


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_logo_is_refused_on_the_sponsor_form(member_client, settings, fmt):
    topic = TopicFactory()

    response = member_client.post(
        reverse("sponsorship:interest_create", args=[topic.slug]),
        {
            "organisation": "Lumen Labs",
            "contact_name": "Lu",
            "contact_email": "lu@example.com",
            "support_kind": "in_kind",
            "budget_band": "undisclosed",
            "message": "Studio lights",
            "logo_upload": truncated_upload(fmt),
        },
    )

    assert response.status_code == 400  # the form again, with its errors
    assert DAMAGED in response.content.decode()
    assert (SponsorshipInterest.objects.count(), _media_files(settings)) == (0, [])


def test_camera_photo_of_24_megapixels_is_kept_at_the_stored_size():
    clean = image_reencode(image_upload("JPEG", size=(6000, 4000)))

    with Image.open(clean.image) as stored:
        assert (stored.format, stored.size) == ("WEBP", (MAX_EDGE, MAX_EDGE * 2 // 3))
