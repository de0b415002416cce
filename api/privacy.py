"""The member data api holds: its part of the data download and of account deletion
(see accounts/privacy.py for the contract every app follows)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from accounts.privacy import Archive, MemberField, Treatment
from api.models import ApiToken

MEMBER_DATA = {
    "api.ApiToken.member": MemberField(
        Treatment.ERASE,
        "The member's API tokens go with the account (they could do nothing after).",
        export="api_tokens",
    ),
}


def member_data_export(*, user: User, archive: Archive) -> dict[str, Any]:
    """Each token's name, scope and dates; never its digest."""
    return {
        "api_tokens": [
            {
                "name": token.name,
                "prefix": token.prefix,
                "scope": token.scope,
                "created_at": token.created_at,
                "expires_at": token.expires_at,
                "last_used_at": token.last_used_at,
                "revoked_at": token.revoked_at,
            }
            for token in ApiToken.objects.filter(member=user).order_by("created_at", "pk")
        ]
    }


def member_data_erase(
    *, user: User, former_name: str, former_addresses: frozenset[str]
) -> list[str]:
    ApiToken.objects.filter(member=user).delete()
    return []
