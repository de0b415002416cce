from django.apps import AppConfig
from django.db.models.signals import pre_delete
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts.versions import watch_accounts

        watch_accounts()
        pre_delete.connect(
            member_erase_before_delete,
            sender=self.get_model("User"),
            dispatch_uid="accounts.member_erase_before_delete",
        )


def member_erase_before_delete(sender, instance, **kwargs) -> None:
    """Deleting an account's row outright (``user.delete()`` in a shell) erases
    its data first, as account_delete does: cascades alone would leave the
    member's name and words in others' notifications, the decision history and
    the search index, and their files on disk. The site and the admin keep the
    row and call account_delete directly."""
    from accounts.services import account_delete

    if instance.deleted_at is None:
        account_delete(user=instance)
