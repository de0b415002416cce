import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import User
from tests.factories import CommentFactory, TopicFactory, UserFactory
from tests.images import bomb_upload, image_upload, truncated_upload

pytestmark = pytest.mark.django_db

DAMAGED = (
    "This image is damaged or incomplete and cannot be read. "
    "Save it again or export it from another program, then upload it again."
)

PROFILE = {
    "full_name": "Claire Dupont",
    "headline": "Chief people officer",
    "company": "Atelier RH",
    "bio": "Twenty years in HR.",
    "website": "https://example.com",
    "preferred_language": "en",
}


def _media_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_profile_page_shows_public_fields(client):
    person = UserFactory(full_name="Claire Dupont", headline="CPO", company="Atelier RH")

    page = client.get(person.get_absolute_url()).content.decode()

    assert '<h1 class="h2 mb-1">Claire Dupont</h1>' in page
    assert "CPO · Atelier RH" in page
    assert person.email not in page


def test_profile_edit_saves_fields(member_client, member):
    response = member_client.post(reverse("accounts:profile_edit"), PROFILE)

    assert response.status_code == 302
    member.refresh_from_db()
    assert {k: getattr(member, k) for k in PROFILE} == PROFILE


def test_profile_edit_requires_login(client):
    response = client.get(reverse("accounts:profile_edit"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_avatar_is_reencoded_without_metadata_under_server_name(member_client, member, settings):
    upload = image_upload("JPEG", size=(800, 600), name="my-holiday.jpg", exif=True)

    response = member_client.post(
        reverse("accounts:profile_edit"), {**PROFILE, "avatar_upload": upload}
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert "my-holiday" not in member.avatar.name
    assert member.avatar.name.endswith(".webp")
    with Image.open(member.avatar.path) as stored:
        assert stored.format == "WEBP"
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info
    with Image.open(member.avatar_thumbnail.path) as thumbnail:
        assert thumbnail.size == (256, 256)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("notes.png", b"just some text, not a picture", "image/png"),
            "This file is not an image we accept. Upload a JPEG, PNG or WebP picture.",
        ),
        (
            SimpleUploadedFile(
                "logo.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                "image/svg+xml",
            ),
            "This file is not an image we accept. Upload a JPEG, PNG or WebP picture.",
        ),
        (
            image_upload("GIF"),
            "This file is not an image we accept. Upload a JPEG, PNG or WebP picture.",
        ),
        (bomb_upload(), "This image has too many pixels to be processed safely."),
        (
            image_upload("PNG", size=(8000, 5000)),
            "This image has too many pixels (40.0 million). The limit is 16 million.",
        ),
        (
            image_upload("JPEG", size=(9000, 6000)),
            "This image has too many pixels (54.0 million). The limit is 50 million.",
        ),
        (truncated_upload("PNG"), DAMAGED),
        (truncated_upload("JPEG"), DAMAGED),
    ],
    ids=[
        "text-named-png",
        "svg",
        "gif",
        "decompression-bomb",
        "png-over-16-megapixels",
        "jpeg-over-50-megapixels",
        "truncated-png",
        "truncated-jpeg",
    ],
)
def test_bad_avatar_is_refused_with_message_and_nothing_stored(
    member_client, member, settings, upload, message
):
    original_name = member.full_name

    response = member_client.post(
        reverse("accounts:profile_edit"), {**PROFILE, "avatar_upload": upload}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    member.refresh_from_db()
    assert (member.avatar.name, member.full_name) == ("", original_name)
    assert _media_files(settings) == []


def test_oversized_avatar_is_refused(member_client, member, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000

    response = member_client.post(
        reverse("accounts:profile_edit"), {**PROFILE, "avatar_upload": image_upload("PNG")}
    )

    assert "This image is too large" in response.content.decode()
    assert _media_files(settings) == []


def test_data_export_holds_the_members_data(member_client, member):
    topic = TopicFactory(proposer=member, title="My big idea")
    CommentFactory(topic=topic, author=member, body="My own words")

    response = member_client.get(reverse("accounts:data_export"))

    assert response["Content-Disposition"].startswith('attachment; filename="webcastory-my-data-')
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(bundle.read("data.json"))
    assert data["account"]["email"] == member.email
    assert [t["title"] for t in data["topics_proposed"]] == ["My big idea"]
    assert [c["body"] for c in data["comments"]] == ["My own words"]


def test_account_delete_needs_the_password(member_client, member):
    response = member_client.post(reverse("accounts:account_delete"), {"password": "wrong"})

    assert "This password is not correct." in response.content.decode()
    member.refresh_from_db()
    assert member.deleted_at is None


def test_account_delete_erases_personal_data_and_keeps_comments(
    member_client, member, password, client
):
    comment = CommentFactory(author=member, body="Still here")
    email = member.email

    response = member_client.post(reverse("accounts:account_delete"), {"password": password})

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.full_name, member.company, member.is_active) == ("", "", False)
    assert member.email != email
    assert not User.objects.filter(email=email).exists()
    page = client.get(comment.topic.get_absolute_url()).content.decode()
    assert "Comment from Former member" in page
    assert "Still here" in page
    assert client.post(
        reverse("account_login"), {"login": email, "password": password}
    ).wsgi_request.user.is_anonymous
