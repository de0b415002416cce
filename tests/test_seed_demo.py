import feedparser
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from comments.models import Comment
from topics.models import Channel, Opinion, Topic, TopicStatus

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(m.objects.count() for m in (Channel, User, Topic, Comment, Opinion))


def test_seed_demo_is_idempotent_and_fills_the_site(settings):
    settings.DEBUG = True

    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")

    assert _counts() == first
    assert first[:3] == (9, 11, 12)  # five demo accounts, six members around the episode
    assert list(Channel.objects.values_list("name", flat=True)[:2]) == [
        "IT & digital",
        "HR & management",
    ]
    assert User.objects.get(email="organizer@webcastory.local").check_password("webcastory-demo")


def test_the_demo_shows_the_whole_pipeline_to_a_newcomer(settings, client):
    """A confirmed guest, a scheduled recording, and a published episode with a thumbnail,
    chapters and a transcript in its channel's podcast feed; its sponsor reads the report."""
    settings.DEBUG = True
    call_command("seed_demo")

    scheduled = Topic.objects.get(status=TopicStatus.SCHEDULED)
    assert scheduled.recording_at > timezone.now() and scheduled.studio is not None
    assert scheduled.participation_requests.filter(
        status="accepted", guest_answer="confirmed", consent_at__isnull=False
    ).exists()

    topic = Topic.objects.get(status=TopicStatus.PUBLISHED)
    page = client.get(reverse("episodes:episode_detail", args=[topic.slug])).content.decode()
    assert (
        f'<meta property="og:image" content="http://testserver{topic.episode.thumbnail.url}">'
        in page
    )
    assert "Explicit bets and their premortem" in page  # a chapter
    assert "we run a premortem" in page  # the transcript beside the video
    feed = feedparser.parse(
        client.get(reverse("episodes:channel_podcast", args=[topic.channel.slug])).content
    )
    (entry,) = feed.entries
    assert entry.title == topic.title
    assert entry.podcast_transcript["url"].endswith("transcript.vtt")
    assert entry.podcast_chapters["url"].endswith("chapters.json")
    hits = client.get(reverse("topics:search"), {"q": "premortem"}).content.decode()
    assert f"/episodes/{topic.slug}/?t=" in hits

    client.force_login(User.objects.get(email="sponsor@webcastory.local"))
    report = client.get(reverse("sponsorship:report", args=[topic.slug]))
    assert report.status_code == 200


def test_seed_demo_refuses_known_passwords_in_production(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("seed_demo")

    assert User.objects.count() == 0
