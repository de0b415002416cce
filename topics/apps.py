from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _invitations_attach(sender, request, user, **kwargs) -> None:
    """allauth's sign-up: invitations sent to the new member's address reach them."""
    from topics.services import co_proposer_invitations_attach

    co_proposer_invitations_attach(member=user)


class TopicsConfig(AppConfig):
    name = "topics"
    verbose_name = _("Topics")

    def ready(self) -> None:
        from allauth.account.signals import user_signed_up

        from topics.search import search_index_watch
        from topics.versions import watch_topics

        watch_topics()
        search_index_watch()

        user_signed_up.connect(_invitations_attach, dispatch_uid="topics.invitations_attach")
