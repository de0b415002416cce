from django.urls import path

from topics import feeds, views

app_name = "topics"

urlpatterns = [
    path("channels.css", views.channel_styles, name="channel_styles"),
    path("calendar.ics", views.CalendarFeedView.as_view(), name="calendar"),
    path("channels/<slug:slug>/", views.ChannelDetailView.as_view(), name="channel_detail"),
    path(
        "channels/<slug:slug>/calendar.ics",
        views.CalendarFeedView.as_view(),
        name="channel_calendar",
    ),
    path("feeds/topics.rss", feeds.TopicFeed(), name="feed_rss"),
    path("feeds/topics.atom", feeds.TopicAtomFeed(), name="feed_atom"),
    path("channels/<slug:slug>/topics.rss", feeds.TopicFeed(), name="channel_feed_rss"),
    path("channels/<slug:slug>/topics.atom", feeds.TopicAtomFeed(), name="channel_feed_atom"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("topics/propose/", views.TopicProposeView.as_view(), name="topic_propose"),
    path("t/<slug:slug>/", views.TopicShareView.as_view(), name="topic_share"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("topics/<slug:slug>/edit/", views.TopicEditView.as_view(), name="topic_edit"),
    path("topics/<slug:slug>/submit/", views.TopicSubmitView.as_view(), name="topic_submit"),
    path("topics/<slug:slug>/withdraw/", views.TopicWithdrawView.as_view(), name="topic_withdraw"),
    path("topics/<slug:slug>/follow/", views.TopicFollowView.as_view(), name="topic_follow"),
    path("topics/<slug:slug>/opinion/", views.OpinionSetView.as_view(), name="opinion_set"),
    path(
        "topics/<slug:slug>/feedback/", views.FeedbackCreateView.as_view(), name="feedback_create"
    ),
    path(
        "topics/<slug:slug>/take-part/",
        views.ParticipationRequestCreateView.as_view(),
        name="participation_request_create",
    ),
    path(
        "participation/<int:pk>/withdraw/",
        views.ParticipationRequestWithdrawView.as_view(),
        name="participation_request_withdraw",
    ),
    path("participation/<int:pk>/answer/", views.GuestAnswerView.as_view(), name="guest_answer"),
    path("me/", views.MySpaceView.as_view(), name="my_space"),
    path(
        "me/invitations/<int:pk>/",
        views.CoProposerInvitationAnswerView.as_view(),
        name="co_proposer_invitation_answer",
    ),
    path("workspace/", views.WorkspaceDashboardView.as_view(), name="workspace_dashboard"),
    path("workspace/topics/", views.WorkspaceTopicListView.as_view(), name="workspace_topic_list"),
    path(
        "workspace/topics/<slug:slug>/",
        views.WorkspaceTopicView.as_view(),
        name="workspace_topic",
    ),
    path(
        "workspace/topics/<slug:slug>/decide/",
        views.TopicDecideView.as_view(),
        name="workspace_topic_decide",
    ),
    path(
        "workspace/topics/<slug:slug>/handle/",
        views.TopicHandleView.as_view(),
        name="workspace_topic_handle",
    ),
    path(
        "workspace/topics/<slug:slug>/video/",
        views.TopicVideoReplaceView.as_view(),
        name="workspace_topic_video",
    ),
    path(
        "workspace/topics/<slug:slug>/unpublish/",
        views.TopicUnpublishView.as_view(),
        name="workspace_topic_unpublish",
    ),
    path(
        "workspace/topics/<slug:slug>/schedule/",
        views.TopicScheduleView.as_view(),
        name="workspace_topic_schedule",
    ),
    path(
        "workspace/topics/<slug:slug>/cancel-recording/",
        views.TopicRecordingCancelView.as_view(),
        name="workspace_topic_cancel_recording",
    ),
    path(
        "workspace/topics/<slug:slug>/progress/",
        views.TopicRecordingProgressView.as_view(),
        name="workspace_topic_progress",
    ),
    path(
        "workspace/topics/<slug:slug>/follow-up/",
        views.TopicFollowUpView.as_view(),
        name="workspace_topic_follow_up",
    ),
    path(
        "workspace/topics/<slug:slug>/publish/",
        views.TopicPublishView.as_view(),
        name="workspace_topic_publish",
    ),
    path(
        "workspace/channels/<slug:slug>/studios/",
        views.StudioListView.as_view(),
        name="workspace_studio_list",
    ),
    path(
        "workspace/studios/<int:pk>/edit/",
        views.StudioEditView.as_view(),
        name="workspace_studio_edit",
    ),
    path(
        "workspace/studios/<int:pk>/remove/",
        views.StudioRemoveView.as_view(),
        name="workspace_studio_remove",
    ),
    path("calendar/<str:token>.ics", views.MemberCalendarView.as_view(), name="member_calendar"),
    path(
        "me/calendar/reset/",
        views.MemberCalendarResetView.as_view(),
        name="member_calendar_reset",
    ),
    path(
        "workspace/participation/<int:pk>/decide/",
        views.ParticipationDecideView.as_view(),
        name="workspace_participation_decide",
    ),
    path(
        "workspace/participation/<int:pk>/message/",
        views.GuestMessageView.as_view(),
        name="workspace_guest_message",
    ),
]
