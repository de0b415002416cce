from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from core.events import event_listen
        from webhooks.events import deliveries_record

        # The explicit seam of core.events: the services below announce, this app
        # records a delivery per subscribed endpoint.
        event_listen(deliveries_record)
