from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Infrastructure every app builds on: cache versions, rate limits, Markdown,
    images, the content security policy. No models; it imports no other app."""

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import checks  # noqa: F401  (registers the system checks)
