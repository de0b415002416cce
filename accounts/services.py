"""Writes on members: profile, avatar, language, data export and deletion."""

from __future__ import annotations

import uuid
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.images import image_reencode
from accounts.models import User

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
    """Erase a member's personal data and keep their public contributions.

    The row stays so that comments and topics keep their author, shown as
    "Former member"; the email, name, profile, avatar and password go.
    """
    _avatar_delete(user)
    EmailAddress.objects.filter(user=user).delete()
    user.email = f"former-{uuid.uuid4().hex}@deleted.invalid"
    user.full_name = ""
    user.headline = ""
    user.company = ""
    user.bio = ""
    user.website = ""
    user.avatar = ""
    user.avatar_thumbnail = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = timezone.now()
    # A new (unusable) password also ends every other session of the member,
    # since Django checks the session's password hash on each request.
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
