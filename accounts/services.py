"""Writes on members: profile, avatar, language, data export and deletion."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import User
from accounts.privacy import files_delete_on_commit, member_data_modules
from core.images import image_reencode

PROFILE_FIELDS = ("full_name", "headline", "company", "bio", "website", "preferred_language")


def _avatar_delete(user: User) -> None:
    for field in (user.avatar, user.avatar_thumbnail):
        if field:
            field.delete(save=False)


@transaction.atomic
def profile_update(
    *, user: User, data: dict[str, Any], avatar=None, avatar_remove: bool = False
) -> User:
    """Save profile fields; replace or remove the avatar when asked."""
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(user, name, data[name])
    if avatar is not None:
        clean = image_reencode(avatar)
        _avatar_delete(user)
        user.avatar.save(clean.image.name, clean.image, save=False)
        user.avatar_thumbnail.save(clean.thumbnail.name, clean.thumbnail, save=False)
    elif avatar_remove:
        _avatar_delete(user)
        user.avatar = ""
        user.avatar_thumbnail = ""
    user.save()
    return user


@transaction.atomic
def language_set(*, user: User, language: str) -> None:
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erase a member's personal data everywhere and keep their public contributions.

    Each app erases or anonymises what it holds (see accounts.privacy and the
    privacy module of each app); the account row stays so that comments and
    topics keep their author, shown as "Former member". The page, the admin and
    the shell all delete through here. Files go once the deletion commits.
    """
    former_name = user.display_name
    former_addresses = frozenset(
        address.lower()
        for address in [
            user.email,
            *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
        ]
    )
    files: list[str] = []
    for module in member_data_modules():
        files += module.member_data_erase(
            user=user, former_name=former_name, former_addresses=former_addresses
        )
    files_delete_on_commit(files)
