from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path(
        "notifications/settings/",
        views.NotificationPreferenceView.as_view(),
        name="notification_preferences",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.NotificationUnsubscribeView.as_view(),
        name="notification_unsubscribe",
    ),
]
