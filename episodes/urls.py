from django.urls import path

from episodes import views
from episodes.feeds import ChannelPodcastFeed

app_name = "episodes"

urlpatterns = [
    path("episodes/<slug:slug>/", views.EpisodeDetailView.as_view(), name="episode_detail"),
    path(
        "episodes/<slug:slug>/chapters.json",
        views.EpisodeChaptersView.as_view(),
        name="episode_chapters",
    ),
    path(
        "episodes/<slug:slug>/transcript.vtt",
        views.EpisodeTranscriptView.as_view(),
        name="episode_transcript",
    ),
    path("channels/<slug:slug>/podcast.xml", ChannelPodcastFeed(), name="channel_podcast"),
    path(
        "workspace/topics/<slug:slug>/episode/",
        views.EpisodeWorkspaceView.as_view(),
        name="workspace_episode",
    ),
    path(
        "workspace/topics/<slug:slug>/episode/transcript/",
        views.TranscriptUploadView.as_view(),
        name="workspace_transcript",
    ),
]
