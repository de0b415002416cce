import pytest
from django.urls import reverse

from episodes.models import Episode
from tests.episodes.conftest import client_for, vtt_upload
from tests.factories import CommentFactory, TopicFactory, UserFactory
from topics.models import TopicStatus

pytestmark = pytest.mark.django_db


def _url(topic):
    return reverse("episodes:workspace_episode", kwargs={"slug": topic.slug})


def _post(**fields):
    data = {
        "duration": "1:00:00",
        "host_name": "Harriet Host",
        "chapters-TOTAL_FORMS": "2",
        "chapters-INITIAL_FORMS": "0",
        "chapters-MIN_NUM_FORMS": "0",
        "chapters-MAX_NUM_FORMS": "100",
        "chapters-0-start": "",
        "chapters-0-title": "",
        "chapters-1-start": "",
        "chapters-1-title": "",
    }
    data.update(fields)
    return data


@pytest.mark.parametrize(("who", "status"), [("visitor", 302), ("member", 403), ("proposer", 403)])
def test_only_organizers_open_the_episode_form(episode, who, status):
    member = {"visitor": None, "member": UserFactory(), "proposer": episode.topic.proposer}[who]
    assert client_for(member).get(_url(episode.topic)).status_code == status


def test_a_draft_topics_episode_form_is_a_404_for_members():
    topic = TopicFactory(status=TopicStatus.DRAFT)
    assert client_for(UserFactory()).get(_url(topic)).status_code == 404


def test_the_episode_form_waits_for_the_schedule(organizer):
    topic = TopicFactory(status=TopicStatus.ACCEPTED)
    assert client_for(organizer).get(_url(topic)).status_code == 403


def test_channel_organizers_save_details_and_chapters(episode, channel_organizer):
    comment = CommentFactory(topic=episode.topic)
    response = client_for(channel_organizer).post(
        _url(episode.topic),
        _post(
            duration="45:30",
            **{
                "chapters-0-start": "1:05",
                "chapters-0-title": "Storage",
                "chapters-0-comment": str(comment.pk),
            },
        ),
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.duration == 2730
    assert list(episode.chapters.values_list("start", "title", "comment")) == [
        (65, "Storage", comment.pk)
    ]


def test_a_chapter_after_the_end_is_said_on_the_form(episode, channel_organizer):
    response = client_for(channel_organizer).post(
        _url(episode.topic),
        _post(duration="10:00", **{"chapters-0-start": "0:20:00", "chapters-0-title": "Late"}),
    )
    assert response.status_code == 400
    assert "after the end of the episode (10:00)" in response.content.decode()
    assert episode.chapters.count() == 0


def test_a_badly_written_duration_is_said_on_the_form(episode, channel_organizer):
    response = client_for(channel_organizer).post(_url(episode.topic), _post(duration="an hour"))
    assert response.status_code == 400
    assert "Enter a time such as 1:02:03 or 02:03" in response.content.decode()


def test_a_chapter_with_a_start_but_no_title_is_said_on_the_form(episode, channel_organizer):
    response = client_for(channel_organizer).post(
        _url(episode.topic), _post(**{"chapters-0-start": "1:05", "chapters-0-title": ""})
    )

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert episode.chapters.count() == 0


def test_a_hidden_comment_cannot_be_chosen(episode, channel_organizer):
    from django.utils import timezone

    hidden = CommentFactory(topic=episode.topic, hidden_at=timezone.now())
    response = client_for(channel_organizer).post(
        _url(episode.topic),
        _post(**{"chapters-0-start": "1:00", "chapters-0-title": "X",
                 "chapters-0-comment": str(hidden.pk)}),
    )  # fmt: skip
    assert response.status_code == 400


def test_the_transcript_upload_previews_its_first_cues(episode, channel_organizer):
    client = client_for(channel_organizer)
    url = reverse("episodes:workspace_transcript", kwargs={"slug": episode.topic.slug})
    response = client.post(url, {"file": vtt_upload()}, follow=True)
    page = response.content.decode()
    assert "The transcript is saved: 3 cues." in page
    assert '<span class="font-monospace">1:05</span> Batteries are the BACKBONE' in page


def test_a_malformed_transcript_is_a_form_error_not_a_500(episode, channel_organizer):
    url = reverse("episodes:workspace_transcript", kwargs={"slug": episode.topic.slug})
    bad = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n\n00:00:zz --> 00:00:03.000\nBad\n"
    response = client_for(channel_organizer).post(url, {"file": vtt_upload(bad)})
    assert response.status_code == 400
    assert "malformed cue at line 6" in response.content.decode()


def test_a_cue_after_a_hundred_hours_is_a_form_error_not_a_500(episode, channel_organizer):
    # WebVTT allows ten-digit hours; the cues' milliseconds are database integers.
    url = reverse("episodes:workspace_transcript", kwargs={"slug": episode.topic.slug})
    far = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n\n1000:00:00.000 --> 1000:00:01.000\nLate\n"

    response = client_for(channel_organizer).post(url, {"file": vtt_upload(far)})

    assert response.status_code == 400
    assert (
        "A cue ends after 100 hours, at 1000:00:01: “Late”. Check its time."
        in response.content.decode()
    )
    assert episode.cues.count() == 0


def test_a_huge_transcript_is_refused_on_the_form(episode, channel_organizer, settings):
    settings.TRANSCRIPT_MAX_BYTES = 100
    url = reverse("episodes:workspace_transcript", kwargs={"slug": episode.topic.slug})
    response = client_for(channel_organizer).post(url, {"file": vtt_upload()})
    assert response.status_code == 400
    assert "This transcript is too large" in response.content.decode()


def test_the_workspace_topic_page_links_to_the_episode_form(episode, channel_organizer):
    page = client_for(channel_organizer).get(
        reverse("topics:workspace_topic", kwargs={"slug": episode.topic.slug})
    )
    assert f'href="{_url(episode.topic)}"' in page.content.decode()


def test_first_save_makes_the_episode_for_a_scheduled_topic(organizer):
    topic = TopicFactory(status=TopicStatus.SCHEDULED)
    assert client_for(organizer).post(_url(topic), _post()).status_code == 302
    assert Episode.objects.get(topic=topic).host_name == "Harriet Host"


def test_the_thumbnail_is_reencoded(episode, channel_organizer):
    from tests.images import image_upload

    response = client_for(channel_organizer).post(
        _url(episode.topic), {**_post(), "thumbnail_upload": image_upload("PNG")}
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.thumbnail.name.endswith(".webp")
    page = client_for(None).get(episode.topic.get_absolute_url()).content.decode()
    assert f'src="{episode.thumbnail.url}"' in page
