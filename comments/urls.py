from django.urls import path

from comments import feeds, views

app_name = "comments"

# The addresses are those the comments had in the topics app: links in mails and
# feeds outlive the move.
urlpatterns = [
    path(
        "topics/<slug:slug>/comments.atom",
        feeds.TopicCommentsFeed(),
        name="topic_comments_feed",
    ),
    path("topics/<slug:slug>/comments/", views.CommentCreateView.as_view(), name="comment_create"),
    path("comments/<int:pk>/", views.CommentDetailView.as_view(), name="comment_detail"),
    path(
        "comments/<int:pk>/conversation/",
        views.ConversationView.as_view(),
        name="comment_conversation",
    ),
    path("comments/<int:pk>/edit/", views.CommentEditView.as_view(), name="comment_edit"),
    path("comments/<int:pk>/delete/", views.CommentDeleteView.as_view(), name="comment_delete"),
    path("comments/<int:pk>/useful/", views.CommentUsefulView.as_view(), name="comment_useful"),
    path("comments/<int:pk>/report/", views.CommentReportView.as_view(), name="comment_report"),
    path(
        "workspace/comments/<int:pk>/moderate/",
        views.CommentModerateView.as_view(),
        name="workspace_comment_moderate",
    ),
]
