from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from topics.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("topics.urls")),
    path("", include("sponsorship.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
