"""A channel's studios, managed by its organizers from the workspace."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import User
from topics.models import Channel, Studio
from topics.rules import can

STUDIO_FIELDS = ("name", "address", "city", "notes", "is_active", "order")


@transaction.atomic
def studio_create(*, channel: Channel, actor: User, data: dict) -> Studio:
    if not can(actor, "topics.manage_studios", channel):
        raise PermissionDenied
    studio = Studio(channel=channel, **{f: data[f] for f in STUDIO_FIELDS if f in data})
    studio.full_clean()
    studio.save()
    return studio


@transaction.atomic
def studio_update(*, studio: Studio, actor: User, data: dict) -> Studio:
    """Change a studio; the topic pages that show it show the change (topics/versions.py)."""
    if not can(actor, "topics.manage_studios", studio.channel):
        raise PermissionDenied
    for field in STUDIO_FIELDS:
        if field in data:
            setattr(studio, field, data[field])
    studio.full_clean()
    studio.save()
    return studio


@transaction.atomic
def studio_remove(*, studio: Studio, actor: User) -> bool:
    """Delete a studio no recording used; one that served a recording is deactivated
    instead, so the topic still says where it was recorded. Returns whether it went."""
    if not can(actor, "topics.manage_studios", studio.channel):
        raise PermissionDenied
    if studio.topics.exists():
        studio.is_active = False
        studio.save(update_fields=["is_active"])
        return False
    studio.delete()
    return True
