from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _invitations_attach(sender, request, user, **kwargs) -> None:
    """allauth's sign-up: invitations sent to the new member's address reach them."""
    from topics.services import co_proposer_invitations_attach

    co_proposer_invitations_attach(member=user)


def _organizer_mails_guard() -> None:
    """A mail to a channel's organizers goes only to those who still organize it."""
    from notifications.models import NOTIFICATION_CATEGORY, NotificationCategory
    from notifications.services import still_entitled_register
    from topics.rules import can

    still_entitled_register(
        [k for k, c in NOTIFICATION_CATEGORY.items() if c == NotificationCategory.ORGANIZING],
        lambda member, topic: can(member, "topics.handle_topic", topic),
    )


def _reminder_mails_guard() -> None:
    """A recording's reminder carries the exact address: its mail goes only to those
    who may still read it (a guest who declined since does not get it)."""
    from notifications.models import NotificationKind
    from notifications.services import still_entitled_register
    from topics.rules import can

    still_entitled_register(
        [NotificationKind.RECORDING_REMINDER],
        lambda member, topic: can(member, "topics.view_address", topic),
    )


class TopicsConfig(AppConfig):
    name = "topics"
    verbose_name = _("Topics")

    def ready(self) -> None:
        from allauth.account.signals import user_signed_up

        from topics.search import search_index_watch
        from topics.versions import watch_topics

        watch_topics()
        search_index_watch()
        _organizer_mails_guard()
        _reminder_mails_guard()

        user_signed_up.connect(_invitations_attach, dispatch_uid="topics.invitations_attach")
