from django.urls import path

from webhooks import views

app_name = "webhooks"

urlpatterns = [
    path(
        "workspace/channels/<slug:slug>/webhooks/",
        views.EndpointListView.as_view(),
        name="endpoint_list",
    ),
    path(
        "workspace/webhooks/<int:pk>/", views.EndpointDetailView.as_view(), name="endpoint_detail"
    ),
    path(
        "workspace/webhooks/<int:pk>/rotate/",
        views.EndpointRotateView.as_view(),
        name="endpoint_rotate",
    ),
    path(
        "workspace/webhooks/<int:pk>/resume/",
        views.EndpointResumeView.as_view(),
        name="endpoint_resume",
    ),
    path(
        "workspace/webhooks/<int:pk>/test/", views.EndpointTestView.as_view(), name="endpoint_test"
    ),
    path(
        "workspace/webhooks/<int:pk>/delete/",
        views.EndpointDeleteView.as_view(),
        name="endpoint_delete",
    ),
]
