from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.urls import include, path
from django.views.decorators.cache import cache_page

from topics.sitemaps import SITEMAPS
from topics.views import HomeView
from webcastory import views

handler500 = "webcastory.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        cache_page(3600)(sitemap_view),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("", HomeView.as_view(), name="home"),
    path("about/", views.FooterPageView.as_view(template_name="pages/about.html"), name="about"),
    path(
        "contact/", views.FooterPageView.as_view(template_name="pages/contact.html"), name="contact"
    ),
    path(
        "privacy/", views.FooterPageView.as_view(template_name="pages/privacy.html"), name="privacy"
    ),
    path("terms/", views.FooterPageView.as_view(template_name="pages/terms.html"), name="terms"),
    path(
        "legal-notice/",
        views.FooterPageView.as_view(template_name="pages/legal_notice.html"),
        name="legal_notice",
    ),
    path("", include("topics.urls")),
    path("", include("comments.urls")),
    path("", include("notifications.urls")),
    path("", include("sponsorship.urls")),
    path("", include("episodes.urls")),
    path("", include("api.urls")),
    path("", include("webhooks.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
