"""The channel's studios in the workspace, and the schedule form: a studio or remote,
the time zone beside the time, conflicts and "Schedule anyway"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import TopicFactory
from tests.workspace.conftest import ROLES
from topics.models import Studio, TopicStatus, TopicTransition

pytestmark = pytest.mark.django_db

ALLOWED = {"channel_organizer", "admin"}
# The same six queries however many studios and recordings.
QUERIES = 6


@pytest.fixture
def studio(desk):
    return Studio.objects.create(
        channel=desk["topic"].channel, name="Studio Ampere", city="Lyon", address="3 quai Perrache"
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_the_channels_organizers_manage_its_studios(as_desk_role, desk, studio, role):
    client = as_desk_role(role)
    slug = desk["topic"].channel.slug

    listed = client.get(reverse("topics:workspace_studio_list", args=[slug]))
    added = client.post(
        reverse("topics:workspace_studio_list", args=[slug]),
        {"name": "Studio B", "address": "1 rue B", "city": "", "notes": "", "order": 0,
         "is_active": "on"},
    )  # fmt: skip
    edited = client.post(
        reverse("topics:workspace_studio_edit", args=[studio.pk]),
        {"name": "Studio Volta", "address": "3 quai Perrache", "city": "Lyon", "order": 1},
    )

    names = sorted(Studio.objects.values_list("name", "is_active"))
    if role in ALLOWED:
        assert "3 quai Perrache" in listed.content.decode()
        assert (added.status_code, edited.status_code) == (302, 302)
        # Unticked "active": the edited studio is retired.
        assert names == [("Studio B", True), ("Studio Volta", False)]
    else:
        expected = 302 if role == "anonymous" else 403
        assert (listed.status_code, added.status_code, edited.status_code) == (expected,) * 3
        assert names == [("Studio Ampere", True)]


def test_a_studio_form_with_errors_says_so(client, desk):
    client.force_login(desk["channel_organizer"])

    response = client.post(
        reverse("topics:workspace_studio_list", args=[desk["topic"].channel.slug]),
        {"name": "", "address": "", "order": 0},
    )

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Studio.objects.count() == 0


def test_removing_a_studio_that_booked_a_recording_deactivates_it(client, desk, studio):
    TopicFactory(channel=studio.channel, status=TopicStatus.SCHEDULED, studio=studio)
    client.force_login(desk["channel_organizer"])

    response = client.post(reverse("topics:workspace_studio_remove", args=[studio.pk]), follow=True)

    studio.refresh_from_db()
    assert studio.is_active is False
    assert "it is kept for their history and deactivated" in response.content.decode()


def _schedule(client, topic, **data):
    when = (timezone.localtime() + timedelta(days=10)).replace(hour=14, minute=0)
    return client.post(
        reverse("topics:workspace_topic_schedule", args=[topic.slug]),
        {"recording_at": when.strftime("%Y-%m-%dT%H:%M"), "duration": 60, **data},
    )


def test_the_form_offers_the_channels_studios_and_shows_the_time_zone(client, desk, studio):
    Studio.objects.create(channel=studio.channel, name="Retired", address="x", is_active=False)
    topic = desk["topic"]
    topic.status = TopicStatus.ACCEPTED
    topic.save()
    client.force_login(desk["channel_organizer"])

    page = client.get(reverse("topics:workspace_topic", args=[topic.slug])).content.decode()

    assert "Recording date and time (Europe/Paris)" in page
    assert f'<option value="studio:{studio.pk}">Studio Ampere, Lyon</option>' in page
    assert "Retired" not in page
    assert "Schedule anyway" not in page


def test_remote_needs_its_link(client, desk):
    topic = desk["topic"]
    topic.status = TopicStatus.ACCEPTED
    topic.save()
    client.force_login(desk["channel_organizer"])

    refused = _schedule(client, topic, place="remote", location_detail="")
    done = _schedule(client, topic, place="remote", location_detail="https://meet.example/x")

    assert refused.status_code == 400
    assert "Give the link to join remotely." in refused.content.decode()
    assert done.status_code == 302
    topic.refresh_from_db()
    assert (topic.location, topic.location_detail, topic.studio) == (
        "remote",
        "https://meet.example/x",
        None,
    )


def test_a_conflict_is_shown_and_scheduling_anyway_is_explicit(client, desk, studio):
    first = TopicFactory(channel=studio.channel, status=TopicStatus.ACCEPTED, title="First")
    topic = desk["topic"]
    topic.status = TopicStatus.ACCEPTED
    topic.save()
    client.force_login(desk["channel_organizer"])
    _schedule(client, first, place=f"studio:{studio.pk}")

    warned = _schedule(client, topic, place=f"studio:{studio.pk}")
    unticked = _schedule(client, topic, place=f"studio:{studio.pk}", override="")
    ticked = _schedule(client, topic, place=f"studio:{studio.pk}", override="on")

    page = warned.content.decode()
    assert warned.status_code == 400
    assert "Studio Ampere is booked for “First” at " in page
    assert "Schedule anyway, despite the conflicts above" in page
    assert unticked.status_code == 400
    assert ticked.status_code == 302
    topic.refresh_from_db()
    assert (topic.status, topic.studio) == (TopicStatus.SCHEDULED, studio)
    reason = TopicTransition.objects.get(topic=topic, to_status=TopicStatus.SCHEDULED).reason
    assert reason.startswith("Scheduled despite conflicts: Studio Ampere is booked for “First”")


@pytest.mark.parametrize("count", [1, 30])
def test_the_studio_list_costs_the_same_for_one_or_many(
    client, desk, django_assert_num_queries, count
):
    channel = desk["topic"].channel
    for number in range(count):
        studio = Studio.objects.create(channel=channel, name=f"S{number}", address="a")
        TopicFactory(channel=channel, status=TopicStatus.SCHEDULED, studio=studio)
    client.force_login(desk["channel_organizer"])
    url = reverse("topics:workspace_studio_list", args=[channel.slug])
    client.get(url)

    with django_assert_num_queries(QUERIES):
        response = client.get(url)

    assert response.content.decode().count("1 recording") == count


def test_keep_as_it_is_keeps_the_studio_of_a_rescheduled_recording(client, desk, studio):
    topic = desk["topic"]
    topic.status = TopicStatus.ACCEPTED
    topic.save()
    client.force_login(desk["channel_organizer"])
    _schedule(client, topic, place=f"studio:{studio.pk}")

    moved = _schedule(client, topic, place="", location_detail="")

    topic.refresh_from_db()
    assert moved.status_code == 302
    assert (topic.studio, topic.location, topic.recording_address) == (
        studio,
        "studio",
        "Studio Ampere\n3 quai Perrache",
    )
