from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from api import pages, views

app_name = "api"

urlpatterns = [
    path("api/v1/channels/", views.ChannelListView.as_view(), name="channel_list"),
    path("api/v1/channels/<slug:slug>/", views.ChannelDetailView.as_view(), name="channel_detail"),
    path("api/v1/topics/", views.TopicListView.as_view(), name="topic_list"),
    path("api/v1/topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path(
        "api/v1/topics/<slug:slug>/opinions/",
        views.TopicOpinionsView.as_view(),
        name="topic_opinions",
    ),
    path(
        "api/v1/topics/<slug:slug>/connected/",
        views.ConnectedTopicListView.as_view(),
        name="topic_connected",
    ),
    path(
        "api/v1/topics/<slug:slug>/comments/",
        views.TopicCommentCreateView.as_view(),
        name="topic_comment_create",
    ),
    path("api/v1/episodes/", views.EpisodeListView.as_view(), name="episode_list"),
    path("api/v1/episodes/<slug:slug>/", views.EpisodeDetailView.as_view(), name="episode_detail"),
    path("api/v1/schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("api/v1/me/token/", views.TokenView.as_view(), name="my_token"),
    path("api/v1/me/topics/", views.MyTopicListView.as_view(), name="my_topics"),
    path(
        "api/v1/me/participation-requests/",
        views.MyParticipationRequestListView.as_view(),
        name="my_participation_requests",
    ),
    path(
        "api/v1/me/notifications/",
        views.MyNotificationListView.as_view(),
        name="my_notifications",
    ),
    path(
        "api/v1/organizer/proposals/",
        views.OrganizerProposalListView.as_view(),
        name="organizer_proposals",
    ),
    path(
        "api/v1/organizer/participation-requests/",
        views.OrganizerRequestListView.as_view(),
        name="organizer_requests",
    ),
    path(
        "api/v1/participation-requests/<int:pk>/decision/",
        views.ParticipationDecisionView.as_view(),
        name="participation_decide",
    ),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", pages.ApiDocsView.as_view(), name="docs"),
    path("me/api-tokens/", pages.TokenListView.as_view(), name="token_list"),
    path("me/api-tokens/<int:pk>/revoke/", pages.TokenRevokeView.as_view(), name="token_revoke"),
    re_path(r"^api/", views.NotFoundView.as_view(), name="not_found"),
]
