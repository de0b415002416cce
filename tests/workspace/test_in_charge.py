"""Who handles what: an organizer takes charge of a topic; the channel's others see it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.factories import UserFactory
from topics import services

pytestmark = pytest.mark.django_db


def _handle(client, topic, action, current=None):
    """The button, from a page that showed `current` in charge."""
    data = {"action": action, "current": "" if current is None else current.pk}
    return client.post(
        reverse("topics:workspace_topic_handle", args=[topic.slug]), data, follow=True
    )


def test_an_organizer_takes_charge_and_the_others_see_who(client, desk):
    topic, organizer = desk["topic"], desk["channel_organizer"]
    colleague = UserFactory(full_name="Cole League")
    topic.channel.organizers.add(colleague)
    client.force_login(colleague)
    dashboard = client.get(reverse("topics:workspace_dashboard")).content.decode()
    assert "No one in charge" in dashboard

    client.force_login(organizer)
    page = _handle(client, topic, "take").content.decode()

    assert "You are in charge of this topic" in page
    topic.refresh_from_db()
    assert topic.handled_by == organizer and topic.handled_since is not None
    client.force_login(colleague)
    dashboard = client.get(reverse("topics:workspace_dashboard")).content.decode()
    assert "In charge: Chan Organizer" in dashboard
    # Next to the proposal and next to its request to take part.
    assert dashboard.count("In charge: Chan Organizer") == 2
    page = client.get(reverse("topics:workspace_topic", args=[topic.slug])).content.decode()
    assert "Take over from Chan Organizer" in page


def test_a_colleague_takes_over_or_lets_go(client, desk):
    topic, organizer = desk["topic"], desk["channel_organizer"]
    colleague = UserFactory(full_name="Cole League")
    topic.channel.organizers.add(colleague)
    services.topic_take(topic=topic, organizer=organizer)
    client.force_login(colleague)

    _handle(client, topic, "take", current=organizer)
    topic.refresh_from_db()
    assert topic.handled_by == colleague

    page = _handle(client, topic, "let_go", current=colleague).content.decode()
    topic.refresh_from_db()
    assert topic.handled_by is None
    assert "No one is in charge of this topic now." in page


@pytest.mark.parametrize("role", ["member", "proposer", "other_organizer"])
def test_only_the_channels_organizers_take_charge(client, desk, role):
    topic = desk["topic"]
    client.force_login(desk[role])

    response = client.post(
        reverse("topics:workspace_topic_handle", args=[topic.slug]), {"action": "take"}
    )

    assert response.status_code == 403
    topic.refresh_from_db()
    assert topic.handled_by is None
    with pytest.raises(PermissionDenied):
        services.topic_take(topic=topic, organizer=desk[role])


def test_two_organizers_on_the_same_page_the_second_is_told_who_took_it(client, desk):
    topic, organizer = desk["topic"], desk["channel_organizer"]
    colleague = UserFactory(full_name="Cole League")
    topic.channel.organizers.add(colleague)
    client.force_login(organizer)
    _handle(client, topic, "take")  # from a page that showed no one in charge
    client.force_login(colleague)

    page = _handle(client, topic, "take").content.decode()  # the same, older page

    assert "Chan Organizer took charge of this topic meanwhile." in page
    topic.refresh_from_db()
    assert topic.handled_by == organizer


def test_a_made_up_action_changes_nothing(client, desk):
    topic = desk["topic"]
    client.force_login(desk["channel_organizer"])

    response = client.post(
        reverse("topics:workspace_topic_handle", args=[topic.slug]), {"action": "bogus"}
    )

    assert response.status_code == 400
    topic.refresh_from_db()
    assert topic.handled_by is None
