import pytest
from django.urls import reverse
from django.utils import timezone

from episodes.services import ChapterData, chapters_set, transcript_upload
from tests.episodes.conftest import client_for, vtt_upload
from tests.factories import (
    CommentFactory,
    EpisodeFactory,
    OrganizerFactory,
    ParticipationRequestFactory,
    SponsorshipInterestFactory,
    TopicFactory,
    UserFactory,
)
from topics.models import ParticipationStatus, TopicStatus

pytestmark = pytest.mark.django_db


def _url(topic, **query):
    url = reverse("episodes:episode_detail", kwargs={"slug": topic.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_an_unpublished_episode_is_a_404_for_visitors_and_members():
    episode = EpisodeFactory(topic=TopicFactory(status=TopicStatus.SCHEDULED))
    for who in (None, UserFactory()):
        assert client_for(who).get(_url(episode.topic)).status_code == 404


def test_organizers_preview_an_unpublished_episode():
    episode = EpisodeFactory(topic=TopicFactory(status=TopicStatus.SCHEDULED))
    response = client_for(OrganizerFactory()).get(_url(episode.topic))
    assert response.status_code == 200
    assert "Preview: the episode is not on the site yet" in response.content.decode()


@pytest.mark.parametrize(
    ("video_url", "expected_src"),
    [
        (
            "https://www.youtube.com/watch?v=abcdefghijk",
            "https://www.youtube-nocookie.com/embed/abcdefghijk?start=125",
        ),
        ("https://vimeo.com/123456", "https://player.vimeo.com/video/123456#t=125s"),
        (
            "https://framatube.org/w/abcdefgh12",
            "https://framatube.org/videos/embed/abcdefgh12?start=125",
        ),
        ("https://cdn.example.com/show.mp4", "https://cdn.example.com/show.mp4#t=125"),
    ],
)
def test_the_video_starts_at_the_second_asked_per_provider(video_url, expected_src):
    episode = EpisodeFactory()
    episode.topic.video_url = video_url
    episode.topic.save()
    page = client_for(None).get(_url(episode.topic, t=125)).content.decode()
    assert f'src="{expected_src}"' in page


def test_a_bad_start_parameter_plays_from_the_start():
    episode = EpisodeFactory()
    page = client_for(None).get(_url(episode.topic, t="soon")).content.decode()
    assert 'src="https://www.youtube-nocookie.com/embed/abcdefghijk"' in page


def test_chapters_and_cues_link_to_their_second(episode):
    comment = CommentFactory(topic=episode.topic)
    chapters_set(
        episode=episode, chapters=[ChapterData(start=65, title="Storage", comment=comment)]
    )
    transcript_upload(topic=episode.topic, file=vtt_upload())
    page = client_for(None).get(_url(episode.topic)).content.decode()
    assert '<a href="?t=65#video"><span class="font-monospace">1:05</span> Storage</a>' in page
    assert f'href="{comment.get_absolute_url()}"' in page
    assert '<a class="font-monospace" href="?t=65#video">1:05</a> Batteries are the BACKBONE' in (
        page
    )


def test_credits_name_consenting_guests_host_proposers_and_public_sponsors(episode):
    topic = episode.topic
    co = UserFactory(full_name="Cora Coproposer")
    topic.co_proposers.add(co)
    ParticipationRequestFactory(
        topic=topic,
        applicant=UserFactory(full_name="Gina Guest"),
        status=ParticipationStatus.ACCEPTED,
        credits_bio="Engineer at the grid.",
        consent_at=timezone.now(),
    )
    ParticipationRequestFactory(
        topic=topic,
        applicant=UserFactory(full_name="Nora Noconsent"),
        status=ParticipationStatus.ACCEPTED,
    )
    SponsorshipInterestFactory(
        topic=topic, organisation="Volta", status="confirmed", may_name_publicly=True
    )
    SponsorshipInterestFactory(
        topic=topic, organisation="Hidden Inc", status="confirmed", may_name_publicly=False
    )
    page = client_for(None).get(_url(topic)).content.decode()
    for shown in ("Gina Guest", "Engineer at the grid.", "Harriet Host", "Cora Coproposer",
                  topic.proposer.display_name, "Volta"):  # fmt: skip
        assert shown in page, shown
    assert "Nora Noconsent" not in page
    assert "Hidden Inc" not in page


@pytest.mark.parametrize(
    ("video_url", "thumbnail"),
    [
        ("https://www.youtube.com/watch?v=abcdefghijk", "https://i.ytimg.com/vi/abcdefghijk/hqdefault.jpg"),
        ("https://vimeo.com/123456", "/static/episodes/placeholder.svg"),
    ],
)  # fmt: skip
def test_the_topic_page_shows_the_episode_block_with_a_thumbnail(video_url, thumbnail):
    episode = EpisodeFactory()
    episode.topic.video_url = video_url
    episode.topic.save()
    page = client_for(None).get(episode.topic.get_absolute_url()).content.decode()
    assert f'href="{_url(episode.topic)}">Watch the episode</a>' in page
    assert f'src="{thumbnail}"' in page


def test_the_csp_allows_youtube_stills():
    episode = EpisodeFactory()
    response = client_for(None).get(_url(episode.topic))
    assert "https://i.ytimg.com" in response["Content-Security-Policy"]


def test_deleting_the_host_member_keeps_the_page(episode):
    from accounts.services import account_delete

    host = UserFactory(full_name="Henry Host")
    episode.host_member = host
    episode.save()
    assert "Henry Host" in client_for(None).get(_url(episode.topic)).content.decode()
    account_delete(user=host)
    response = client_for(None).get(_url(episode.topic))
    assert response.status_code == 200
    assert "Henry Host" not in response.content.decode()
    episode.refresh_from_db()
    assert (episode.host_member, episode.host_name) == (None, "")


@pytest.mark.parametrize("count", [1, 40])
def test_the_episode_page_costs_the_same_queries_for_1_or_many(django_assert_num_queries, count):
    from tests.factories import ChapterFactory, TranscriptCueFactory

    episode = EpisodeFactory()
    for n in range(count):
        ChapterFactory(episode=episode, start=n * 10)
        TranscriptCueFactory(episode=episode, start_ms=n * 10_000)
    url = _url(episode.topic)
    client = client_for(None)
    client.get(url)  # the topic's ids and row come from the worker's memory after this
    # The same five (the episode, its chapters, its cues, the guests, the sponsors)
    # however many chapters and cues.
    with django_assert_num_queries(5):
        page = client.get(url).content.decode()
    assert page.count('class="font-monospace" href="?t=') == count
