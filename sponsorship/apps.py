from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SponsorshipConfig(AppConfig):
    name = "sponsorship"
    verbose_name = _("Sponsorship")

    def ready(self) -> None:
        from sponsorship.versions import watch_sponsorship

        watch_sponsorship()
        # Sponsors hear when a topic leaves the site, whoever takes the decision.
        from sponsorship.services import sponsorship_interests_tell_topic_closed
        from topics.services import topic_closed_listen

        topic_closed_listen(sponsorship_interests_tell_topic_closed)
