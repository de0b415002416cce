from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from comments import services as comment_services
from sponsorship import services as sponsorship_services
from tests.factories import ChannelFactory, CommentFactory, TopicFactory
from topics import services
from topics.models import TopicStatus, TopicTransition

pytestmark = pytest.mark.django_db


def _trail(topic):
    return list(
        TopicTransition.objects.filter(topic=topic)
        .order_by("pk")
        .values_list("subject", "from_status", "to_status", "reason", "actor")
    )


def test_every_decision_is_in_the_audit_trail(desk):
    organizer = desk["channel_organizer"]
    topic = desk["topic"]

    services.topic_decide(topic=topic, to_status=TopicStatus.ACCEPTED, actor=organizer)
    services.participation_request_decide(
        request=desk["request"], status="declined", actor=organizer, message="Full"
    )
    sponsorship_services.sponsorship_interest_decide(
        interest=desk["lead"], status="in_discussion", actor=organizer
    )
    comment_services.comment_moderate(
        comment=desk["comment"], actor=organizer, hide=True, reason="Spam"
    )
    services.topic_schedule(
        topic=topic, actor=organizer, recording_at=datetime(2030, 1, 1, 9, tzinfo=ZoneInfo("UTC"))
    )
    services.topic_mark_recorded(topic=topic, actor=organizer)
    services.topic_publish(topic=topic, actor=organizer, video_url="https://vimeo.com/1234567")

    assert _trail(topic) == [
        ("topic", "proposed", "accepted", "", organizer.pk),
        ("participation", "pending", "declined", "Full", organizer.pk),
        ("sponsorship", "new", "in_discussion", "", organizer.pk),
        ("comment", "visible", "hidden", "Spam", organizer.pk),
        ("topic", "accepted", "scheduled", "", organizer.pk),
        ("topic", "scheduled", "recorded", "", organizer.pk),
        ("topic", "recorded", "published", "", organizer.pk),
    ]


def test_workspace_page_shows_the_audit_trail(client, desk):
    services.topic_decide(
        topic=desk["topic"],
        to_status=TopicStatus.DRAFT,
        actor=desk["admin"],
        reason="Sharper title",
    )
    client.force_login(desk["channel_organizer"])

    page = client.get(reverse("topics:workspace_topic", args=[desk["topic"].slug])).content.decode()

    assert "Sharper title" in page
    assert "proposed → draft" in page


def test_decline_needs_a_reason(client, desk):
    client.force_login(desk["channel_organizer"])

    response = client.post(
        reverse("topics:workspace_topic_decide", args=[desk["topic"].slug]),
        {"decision": "declined", "reason": ""},
    )

    assert response.status_code == 400
    assert "Tell the proposer why, in a few words." in response.content.decode()
    desk["topic"].refresh_from_db()
    assert desk["topic"].status == TopicStatus.PROPOSED


def test_publish_refuses_unknown_video_hosts(client, desk):
    topic = desk["topic"]
    topic.status = TopicStatus.RECORDED
    topic.save()
    client.force_login(desk["channel_organizer"])

    response = client.post(
        reverse("topics:workspace_topic_publish", args=[topic.slug]),
        {"video_url": "https://evil.example/watch?v=1"},
    )

    assert response.status_code == 400
    assert "Use a YouTube, Vimeo or PeerTube link" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "directive", "origin", "src"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "frame-src", "https://www.youtube-nocookie.com", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "frame-src", "https://player.vimeo.com", "https://player.vimeo.com/video/76979871"),
        ("https://framatube.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d", "frame-src", "https://framatube.org", "https://framatube.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d"),
        ("https://media.example.org/episodes/42.mp4", "media-src", "https://media.example.org", "https://media.example.org/episodes/42.mp4"),
    ],
)  # fmt: skip
def test_published_episode_is_embedded_with_exactly_its_host_allowed(
    client, url, directive, origin, src
):
    topic = TopicFactory(status=TopicStatus.PUBLISHED, video_url=url)

    response = client.get(topic.get_absolute_url())

    csp = response["Content-Security-Policy"]
    assert f"{directive} {origin}" in csp
    other = "media-src" if directive == "frame-src" else "frame-src"
    assert f"{other} " not in csp or f"{other} 'none'" in csp
    assert f'src="{src}"' in response.content.decode()


def test_pages_without_video_frame_nothing(client):
    topic = TopicFactory()

    assert "frame-src 'none'" in client.get(topic.get_absolute_url())["Content-Security-Policy"]


def test_calendar_feeds_parse_and_hold_the_scheduled_shows(client):
    channel, other = ChannelFactory(slug="it"), ChannelFactory(slug="hr")
    when = datetime(2030, 5, 6, 14, 0, tzinfo=ZoneInfo("Europe/Paris"))
    shown = TopicFactory(
        channel=channel, title="Recorded soon", status=TopicStatus.SCHEDULED, recording_at=when,
        location_detail="Studio A", recording_duration=90,
    )  # fmt: skip
    TopicFactory(
        channel=other, title="Other channel", status=TopicStatus.SCHEDULED, recording_at=when
    )
    TopicFactory(channel=channel, title="Not scheduled", status=TopicStatus.ACCEPTED)

    overall = Calendar.from_ical(client.get(reverse("topics:calendar")).content)
    per_channel = Calendar.from_ical(
        client.get(reverse("topics:channel_calendar", args=["it"])).content
    )

    assert sorted(str(e["summary"]) for e in overall.walk("VEVENT")) == [
        "Other channel",
        "Recorded soon",
    ]
    (event,) = per_channel.walk("VEVENT")
    assert str(event["summary"]) == "Recorded soon"
    assert event.decoded("dtstart") == when
    assert (event.decoded("dtend") - event.decoded("dtstart")).total_seconds() == 90 * 60
    # The kind of place only: the address ("Studio A") is for the participants.
    assert str(event["location"]) == "In the Webcastory studios"
    assert str(event["url"]).endswith(shown.get_absolute_url())


def test_member_reports_and_organizer_hides_a_comment_keeping_replies(client, desk):
    comment = desk["comment"]
    reply = CommentFactory(topic=comment.topic, parent=comment, body="A reply stays")
    client.force_login(desk["member"])
    client.post(reverse("comments:comment_report", args=[comment.pk]), {"reason": "Advertising"})

    client.force_login(desk["channel_organizer"])
    workspace = client.get(reverse("topics:workspace_topic", args=[comment.topic.slug]))
    assert "Advertising" in workspace.content.decode()
    client.post(
        reverse("comments:workspace_comment_moderate", args=[comment.pk]),
        {"action": "hide", "next": "https://evil.example/"},
    )

    page = client.get(comment.topic.get_absolute_url()).content.decode()
    assert "This comment was removed by moderation." in page
    assert "Buy my product!" not in page
    assert "A reply stays" in page
    assert comment.reports.get().resolved_at is not None
    reply.refresh_from_db()
    assert reply.parent_id == comment.pk

    client.post(
        reverse("comments:workspace_comment_moderate", args=[comment.pk]), {"action": "restore"}
    )
    assert "Buy my product!" in client.get(comment.topic.get_absolute_url()).content.decode()


def test_schedule_form_errors_are_shown(client, desk):
    topic = desk["topic"]
    topic.status = TopicStatus.ACCEPTED
    topic.save()
    client.force_login(desk["channel_organizer"])

    response = client.post(
        reverse("topics:workspace_topic_schedule", args=[topic.slug]),
        {"recording_at": "not a date", "duration": 5},
    )

    page = response.content.decode()
    assert "Enter a valid date/time." in page
    assert "Ensure this value is greater than or equal to 10." in page
