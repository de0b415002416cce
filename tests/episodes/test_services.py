import pytest
from django.core.exceptions import ValidationError

from episodes.models import Chapter, Episode, TranscriptCue
from episodes.services import ChapterData, chapters_set, episode_update, transcript_upload
from tests.episodes.conftest import vtt_upload
from tests.factories import (
    CommentFactory,
    EpisodeFactory,
    QuestionnaireFactory,
    TopicFactory,
    UserFactory,
)
from topics.models import TopicStatus

pytestmark = pytest.mark.django_db


def test_episode_update_makes_the_episode_on_first_use():
    topic = TopicFactory(status=TopicStatus.SCHEDULED)
    host = UserFactory(full_name="Hana Host")
    episode = episode_update(topic=topic, duration=1800, host_member=host, host_name="")
    assert (episode.topic, episode.duration, episode.host_display) == (topic, 1800, "Hana Host")
    assert Episode.objects.count() == 1


def test_a_chapter_must_start_within_the_duration(episode):
    with pytest.raises(ValidationError) as error:
        chapters_set(episode=episode, chapters=[ChapterData(start=3601, title="Too late")])
    assert error.value.messages == [
        "Chapter 1 (Too late): The chapter starts at 1:00:01, after the end of the "
        "episode (1:00:00)."
    ]
    assert Chapter.objects.count() == 0


def test_chapters_are_kept_in_time_order(episode):
    chapters_set(
        episode=episode,
        chapters=[ChapterData(start=600, title="Second"), ChapterData(start=0, title="First")],
    )
    assert list(episode.chapters.values_list("start", "title")) == [(0, "First"), (600, "Second")]


def test_a_chapter_links_only_its_own_topics_comment_and_question(episode):
    elsewhere = CommentFactory()
    question = QuestionnaireFactory().questions.create(text="Elsewhere?", kind="short_text")
    with pytest.raises(ValidationError) as error:
        chapters_set(
            episode=episode,
            chapters=[ChapterData(start=10, title="Linked", comment=elsewhere, question=question)],
        )
    assert sorted(error.value.messages) == [
        "Chapter 1 (Linked): This comment is not on this episode's topic.",
        "Chapter 1 (Linked): This question is not in this topic's questionnaire.",
    ]


def test_a_shorter_duration_than_a_chapter_is_refused(episode):
    chapters_set(episode=episode, chapters=[ChapterData(start=1200, title="Late")])
    with pytest.raises(ValidationError):
        episode_update(topic=episode.topic, duration=600, host_name="Harriet Host")
    episode.refresh_from_db()
    assert episode.duration == 3600


def test_transcript_upload_keeps_the_file_and_its_cues(episode):
    upload = vtt_upload()
    transcript_upload(topic=episode.topic, file=upload)
    episode.refresh_from_db()
    assert episode.transcript == upload.open().read().decode()
    assert list(TranscriptCue.objects.values_list("start_ms", flat=True)) == [1000, 65500, 120000]


def test_a_malformed_transcript_changes_nothing(episode):
    transcript_upload(topic=episode.topic, file=vtt_upload())
    with pytest.raises(ValidationError):
        transcript_upload(topic=episode.topic, file=vtt_upload("not a transcript"))
    assert TranscriptCue.objects.count() == 3


def test_a_huge_transcript_is_refused_with_the_limit(settings):
    settings.TRANSCRIPT_MAX_BYTES = 1024
    episode = EpisodeFactory()
    with pytest.raises(ValidationError) as error:
        transcript_upload(topic=episode.topic, file=vtt_upload("WEBVTT\n\n" + "x" * 2000))
    assert error.value.messages == [
        "This transcript is too large (2.0\xa0KB). The limit is 1.0\xa0KB."
    ]
