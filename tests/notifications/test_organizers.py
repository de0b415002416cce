"""A channel's organizers hear of what waits for them: on the site, and by mail."""

import pytest
from django.core import mail
from django.urls import reverse

from comments import services as comment_services
from notifications.models import Notification, NotificationPreference
from sponsorship import services as sponsorship_services
from tests.factories import (
    ChannelFactory,
    CommentFactory,
    OrganizerFactory,
    TopicFactory,
    UserFactory,
)
from topics import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel_team():
    channel = ChannelFactory()
    organizer = UserFactory(full_name="Olivia Organizer", preferred_language="fr")
    channel.organizers.add(organizer)
    elsewhere = UserFactory()
    ChannelFactory().organizers.add(elsewhere)
    return channel, organizer, elsewhere


def _told(member):
    return list(Notification.objects.filter(recipient=member).values_list("kind", flat=True))


def test_a_proposal_tells_the_channels_organizers_and_no_one_else(
    client, channel_team, django_capture_on_commit_callbacks
):
    channel, organizer, elsewhere = channel_team
    network = OrganizerFactory()  # an organizer of every channel

    with django_capture_on_commit_callbacks(execute=True):
        topic = services.topic_create(
            proposer=UserFactory(full_name="Paula Proposer"),
            channel=channel,
            title="Remote teams",
            summary="s",
            body="b",
            submit=True,
        )

    assert _told(organizer) == _told(network) == ["topic_proposed"]
    assert _told(elsewhere) == []
    mailed = {m.to[0]: m for m in mail.outbox}
    assert set(mailed) == {organizer.email, network.email}
    assert mailed[organizer.email].subject == (
        "[Webcastory] Paula Proposer a proposé « Remote teams » : il attend la décision des "
        "organisateurs."
    )
    assert f"/workspace/topics/{topic.slug}/" in mailed[organizer.email].body
    client.force_login(organizer)
    page = client.get(reverse("notifications:notification_list")).content.decode()
    assert "Remote teams" in page and "Nothing new for now" not in page


def test_requests_sponsors_and_reports_reach_the_organizers(channel_team):
    channel, organizer, elsewhere = channel_team
    topic = TopicFactory(channel=channel)
    comment = CommentFactory(topic=topic)

    services.participation_request_create(
        topic=topic, applicant=UserFactory(), role="guest", motivation="I know this"
    )
    sponsorship_services.sponsorship_interest_record(
        topic=topic,
        member=UserFactory(),
        organisation="Acme",
        contact_name="A",
        contact_email="a@example.com",
    )
    comment_services.comment_report(comment=comment, reporter=UserFactory(), reason="Off topic")

    assert _told(organizer) == ["comment_reported", "sponsor_to_review", "participation_to_review"]
    assert _told(elsewhere) == []
    assert _told(topic.proposer) == ["sponsor_new", "participation_new"]


def test_an_organizer_who_proposed_hears_as_the_proposer_only(channel_team):
    channel, organizer, _elsewhere = channel_team
    topic = TopicFactory(channel=channel, proposer=organizer)

    services.participation_request_create(
        topic=topic, applicant=UserFactory(), role="guest", motivation="Me"
    )

    assert _told(organizer) == ["participation_new"]


def test_organizers_choose_how_they_hear(channel_team):
    channel, organizer, _elsewhere = channel_team
    NotificationPreference.objects.create(member=organizer, organizing_mail="daily")

    services.participation_request_create(
        topic=TopicFactory(channel=channel), applicant=UserFactory(), role="guest", motivation="x"
    )

    assert Notification.objects.get(recipient=organizer).mail_state == "daily"


def test_an_organizer_removed_before_the_mail_goes_does_not_get_it(channel_team, settings):
    from notifications.mails import notification_mails_send_due

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    channel, organizer, _elsewhere = channel_team
    services.participation_request_create(
        topic=TopicFactory(channel=channel),
        applicant=UserFactory(),
        role="guest",
        motivation="motivation-secret",
    )
    channel.organizers.remove(organizer)

    notification_mails_send_due()

    assert organizer.email not in [m.to[0] for m in mail.outbox]
    assert Notification.objects.get(recipient=organizer).mail_state == ""


def test_an_organizer_who_proposed_the_topic_hears_of_reports_on_it(channel_team):
    channel, organizer, _elsewhere = channel_team
    topic = TopicFactory(channel=channel, proposer=organizer)

    comment_services.comment_report(
        comment=CommentFactory(topic=topic), reporter=UserFactory(), reason="Spam"
    )

    assert _told(organizer) == ["comment_reported"]
