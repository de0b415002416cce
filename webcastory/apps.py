from urllib.parse import urlsplit

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def site_sync(sender, **kwargs) -> None:
    """Keep the sites framework's record (used by feeds, sitemaps, allauth) on SITE_URL."""
    from django.conf import settings
    from django.contrib.sites.models import Site

    domain = urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": "Webcastory"}
    )


class WebcastoryConfig(AppConfig):
    name = "webcastory"
    verbose_name = "Webcastory"

    def ready(self) -> None:
        # This app has no models, so it gets no post_migrate of its own.
        post_migrate.connect(site_sync, sender=apps.get_app_config("sites"))
