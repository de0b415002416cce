import pytest
from django.urls import reverse

from episodes.models import TranscriptCue
from tests.adminforms import _FormReader, _superuser_client, admin_change
from tests.episodes.conftest import vtt_upload

pytestmark = pytest.mark.django_db


def _post_refused(episode, **fields) -> str:
    """The change form posted with `fields`, expected back with its errors."""
    url = reverse("admin:episodes_episode_change", args=[episode.pk])
    client = _superuser_client()
    reader = _FormReader()
    reader.feed(client.get(url).content.decode())
    response = client.post(url, {**reader.data, **fields})
    assert response.status_code == 200
    return response.content.decode()


def test_the_admin_writes_a_transcript_through_the_service(episode):
    admin_change(episode, transcript_file=vtt_upload())
    assert list(TranscriptCue.objects.values_list("start_ms", flat=True)) == [1000, 65500, 120000]


def test_the_admin_says_what_is_wrong_with_a_transcript(episode):
    page = _post_refused(episode, transcript_file=vtt_upload("no header"))
    assert "This is not a WebVTT file: it must start with a line that says WEBVTT." in page
    assert TranscriptCue.objects.count() == 0


def test_the_admin_refuses_a_chapter_after_the_end(episode):
    page = _post_refused(
        episode,
        **{"chapters-TOTAL_FORMS": "1", "chapters-0-start": "4000", "chapters-0-title": "Late"},
    )
    assert "The chapter starts at 1:06:40, after the end of the episode (1:00:00)." in page
    assert episode.chapters.count() == 0


def test_the_admin_adds_chapters_through_the_service(episode):
    admin_change(
        episode,
        **{"chapters-TOTAL_FORMS": "1", "chapters-0-start": "90", "chapters-0-title": "Intro"},
    )
    assert list(episode.chapters.values_list("start", "title")) == [(90, "Intro")]
