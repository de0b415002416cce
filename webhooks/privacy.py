"""The member data webhooks holds: its part of the data download and of account
deletion (see accounts/privacy.py for the contract every app follows)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from accounts.privacy import Archive, MemberField, Treatment
from webhooks.models import Endpoint

MEMBER_DATA = {
    "webhooks.Endpoint.created_by": MemberField(
        Treatment.ANONYMISE,
        "The channel's endpoint stays for its organizers; a pause is then told to them all.",
        export="webhook_endpoints",
    ),
}


def member_data_export(*, user: User, archive: Archive) -> dict[str, Any]:
    # The address and events, not the secret: it signs for the channel, not the member.
    return {
        "webhook_endpoints": [
            {"channel": channel, "url": url, "events": events, "created_at": created_at}
            for channel, url, events, created_at in Endpoint.objects.filter(created_by=user)
            .order_by("created_at", "pk")
            .values_list("channel__slug", "url", "events", "created_at")
        ]
    }


def member_data_erase(
    *, user: User, former_name: str, former_addresses: frozenset[str]
) -> list[str]:
    Endpoint.objects.filter(created_by=user).update(created_by=None)
    return []
