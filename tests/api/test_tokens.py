"""Tokens: made, scoped and revoked from My space; a bad token is a 401 problem."""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from tests.factories import ChannelFactory, OrganizerFactory, TopicFactory, UserFactory
from topics.models import TopicStatus

pytestmark = pytest.mark.django_db


def test_my_space_links_to_the_tokens_page(member_client):
    response = member_client.get(reverse("topics:my_space"))

    assert reverse("api:token_list") in response.content.decode()


def test_tokens_page_needs_a_member(client):
    response = client.get(reverse("api:token_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_token_is_shown_once_and_stored_hashed(member_client, member):
    response = member_client.post(
        reverse("api:token_list"), {"name": "My script", "scope": "read", "lifetime": "30"}
    )

    # Made, then shown on the page the browser is sent to: a reload of that page posts
    # nothing again (no second token) and no longer shows the secret.
    assert (response.status_code, response["Location"]) == (302, reverse("api:token_list"))
    shown = member_client.get(reverse("api:token_list"))
    assert shown["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(member=member)
    secret = shown.context["made"]["secret"]
    assert shown.context["made"]["token"] == token
    assert secret.startswith(f"wct_{token.prefix}_")
    assert secret in shown.content.decode()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.digest, token.prefix, token.name}
    assert token.expires_at.date() == (timezone.now() + timedelta(days=30)).date()
    again = member_client.get(reverse("api:token_list"))
    assert again.context["made"] is None
    assert secret not in again.content.decode()
    assert f"wct_{token.prefix}_" in again.content.decode()
    assert ApiToken.objects.filter(member=member).count() == 1


def test_a_token_made_is_shown_only_to_the_session_that_made_it(client, member):
    client.force_login(member)
    client.post(reverse("api:token_list"), {"name": "Mine", "scope": "read", "lifetime": ""})
    elsewhere = type(client)()
    elsewhere.force_login(member)

    response = elsewhere.get(reverse("api:token_list"))

    assert response.context["made"] is None
    assert "wct_" in response.content.decode()  # the listed prefix only
    assert client.get(reverse("api:token_list")).context["made"] is not None


def test_a_token_reads_the_members_own_data(client, member_client, member):
    response = member_client.post(
        reverse("api:token_list"), {"name": "Mine", "scope": "read", "lifetime": ""}, follow=True
    )
    secret = response.context["made"]["secret"]
    draft = TopicFactory(proposer=member, status=TopicStatus.DRAFT)
    TopicFactory()

    body = client.get("/api/v1/me/topics/", HTTP_AUTHORIZATION=f"Bearer {secret}").json()

    assert [t["slug"] for t in body["results"]] == [draft.slug]


def test_channels_are_offered_to_their_organizers_only(client):
    organizer, channel = UserFactory(), ChannelFactory()
    ChannelFactory()
    channel.organizers.add(organizer)
    client.force_login(organizer)

    form = client.get(reverse("api:token_list")).context["form"]

    assert list(form.fields["channels"].queryset) == [channel]
    client.force_login(UserFactory())
    assert "channels" not in client.get(reverse("api:token_list")).context["form"].fields


def test_a_member_cannot_scope_a_token_to_a_channel_they_do_not_organize(member_client, member):
    channel = ChannelFactory()

    response = member_client.post(
        reverse("api:token_list"),
        {"name": "Sneaky", "scope": "write", "lifetime": "30", "channels": [channel.pk]},
    )

    assert response.status_code == 302  # the field is not there: the choice is ignored
    assert list(ApiToken.objects.get(member=member).channels.all()) == []


def test_revoking_a_token_makes_it_a_401(client, member_client, member, make_token):
    header = make_token(member)
    token = ApiToken.objects.get(member=member)
    assert client.get("/api/v1/me/topics/", HTTP_AUTHORIZATION=header).status_code == 200

    member_client.post(reverse("api:token_revoke", args=[token.pk]))

    response = client.get("/api/v1/me/topics/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json() == {
        "type": "urn:webcastory:problem:unauthenticated",
        "title": "A valid token is needed.",
        "status": 401,
        "detail": "This token is unknown, revoked or expired.",
    }
    # Not read as a visitor either, even where visitors may read.
    assert client.get("/api/v1/topics/", HTTP_AUTHORIZATION=header).status_code == 401


def test_only_its_member_revokes_a_token(client, member, make_token):
    make_token(member)
    token = ApiToken.objects.get(member=member)
    client.force_login(UserFactory())

    response = client.post(reverse("api:token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_expired_token_is_a_401(client, member, make_token):
    header = make_token(member, expires_at=timezone.now() - timedelta(minutes=1))

    response = client.get("/api/v1/me/notifications/", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401


@pytest.mark.parametrize(
    "header",
    [
        "Bearer wct_nothing_here",
        "Bearer",
        "Bearer a b",
        "Bearer not-ours",
        # A NUL byte would make PostgreSQL refuse the query: a 500, not a 401.
        "Bearer wct_\x00_x",
        "Bearer wct_ab12_\x00",
    ],
)
def test_a_malformed_or_unknown_token_is_a_401(client, header):
    response = client.get("/api/v1/topics/", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_members_data_needs_a_token(client):
    response = client.get("/api/v1/me/participation-requests/")

    assert response.status_code == 401
    assert response.json()["type"] == "urn:webcastory:problem:unauthenticated"


def test_a_suspended_members_token_is_refused(client, member, make_token):
    header = make_token(member)
    member.is_active = False
    member.save()

    assert client.get("/api/v1/me/topics/", HTTP_AUTHORIZATION=header).status_code == 401


def test_the_token_says_its_scope_and_channels(client, make_token):
    organizer = OrganizerFactory()
    channel = ChannelFactory(slug="tech")

    header = make_token(organizer, scope="write", channels=[channel])

    assert client.get("/api/v1/me/token/", HTTP_AUTHORIZATION=header).json() == {
        "name": "Script",
        "prefix": ApiToken.objects.get().prefix,
        "scope": "write",
        "channels": ["tech"],
        "expires_at": None,
    }
