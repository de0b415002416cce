"""The member data episodes holds: its part of the data download and of account
deletion (see accounts/privacy.py for the contract every app follows)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from accounts.privacy import Archive, MemberField, Treatment
from episodes.models import Episode

MEMBER_DATA = {
    "episodes.Episode.host_member": MemberField(
        Treatment.ERASE,
        "The episodes the member hosted stay on the site, no longer crediting them.",
        export="episodes_hosted",
    ),
    "episodes.Episode.host_name": MemberField(
        Treatment.ERASE,
        "The host's name written beside the member's link goes with the link.",
        export="episodes_hosted",
    ),
}


def member_data_export(*, user: User, archive: Archive) -> dict[str, Any]:
    return {
        "episodes_hosted": [
            {"topic": episode.topic.slug, "host_name": episode.host_name}
            for episode in Episode.objects.filter(host_member=user)
            .select_related("topic")
            .order_by("created_at", "pk")
        ]
    }


def member_data_erase(
    *, user: User, former_name: str, former_addresses: frozenset[str]
) -> list[str]:
    """The episodes stay; their credits no longer name the member (the pages' versions
    move with the update: episodes/versions.py)."""
    Episode.objects.filter(host_member=user).update(host_member=None, host_name="")
    return []
