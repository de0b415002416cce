"""Writes on channels beyond the admin's plain fields: the banner picture."""

from __future__ import annotations

from django.db import transaction

from core.images import image_reencode
from topics.models import Channel


@transaction.atomic
def channel_banner_set(*, channel: Channel, banner=None, remove: bool = False) -> Channel:
    """Store a new banner (checked and re-encoded, metadata dropped) or remove it; the
    former file goes. Saving the channel moves its versions (topics/versions.py)."""
    if banner is None and not remove:
        return channel
    if channel.banner:
        channel.banner.delete(save=False)
    if banner is not None:
        clean = image_reencode(banner)
        channel.banner.save(clean.image.name, clean.image, save=False)
    channel.save(update_fields=["banner"])
    return channel
