"""Reads on members."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils.module_loading import import_string

from accounts.models import User


def member_data(*, user: User) -> dict[str, Any]:
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "headline": user.headline,
            "company": user.company,
            "bio": user.bio,
            "website": user.website,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "avatar": user.avatar.url if user.avatar else None,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
        }
    }


def member_data_export(*, user: User) -> dict[str, Any]:
    """Everything the site holds about a member, gathered from every app."""
    export: dict[str, Any] = {"format": "webcastory-member-data/1"}
    for path in settings.MEMBER_DATA_EXPORTERS:
        export.update(import_string(path)(user=user))
    return export
