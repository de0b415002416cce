"""From an event (core.events) to deliveries: one row per endpoint that hears it.

The payload is built once per event, only when an endpoint of the topic's channel
subscribed to it, and written with the event's own transaction: an event rolled back
sends nothing. Once it commits, a task asks the worker to send (webhooks.delivery);
the worker's minute tick sends anyway.

What a payload holds: ids, public addresses and fields anyone may read on the site
(or, for a declined topic, an organizer in the workspace). Never an exact recording
address, an e-mail, a feedback or decision text, a motivation or a member's name: the
endpoint is the organizers' own, but a payload travels and is kept by a third party,
and the delivery log keeps nothing an account deletion would have to erase.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from secrets import token_hex
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from core.tasks import enqueue_coalesced_on_commit
from webhooks.models import TEST_EVENT, Delivery, Endpoint


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def topic_data(topic) -> dict[str, Any]:
    return {
        "id": topic.pk,
        "slug": topic.slug,
        "title": topic.title,
        "status": topic.status,
        "url": absolute(topic.get_absolute_url()),
        "channel": {"id": topic.channel_id, "slug": topic.channel.slug},
    }


def _scheduled(topic, **_data) -> dict[str, Any]:
    return {
        "recording_at": _iso(topic.recording_at),
        "duration_minutes": topic.recording_duration,
        # The kind of place, and a studio's public name and city: never the address.
        "location": topic.location,
        "studio": topic.studio.public_label if topic.studio_id else None,
    }


def _published(topic, first_publication: bool = True, **_data) -> dict[str, Any]:
    return {
        "video_url": topic.video_url,
        "published_at": _iso(topic.published_at),
        "first_publication": first_publication,
    }


def _decided(topic, status: str, **_data) -> dict[str, Any]:
    return {"decision": status}


def _participation(topic, request, **_data) -> dict[str, Any]:
    # The decision and the role: not who asked, nor why (their motivation).
    return {"participation": {"id": request.pk, "status": request.status, "role": request.role}}


def _sponsor_interest(topic, interest, **_data) -> dict[str, Any]:
    # The organisation's name: not its contact, budget or message.
    return {"sponsor_interest": {"id": interest.pk, "organisation": interest.organisation}}


def _comment(topic, comment, **_data) -> dict[str, Any]:
    # Where to read it: its words and author stay on the site (moderation may hide them).
    return {
        "comment": {
            "id": comment.pk,
            "url": absolute(comment.get_absolute_url()),
            "is_reply": comment.parent_id is not None,
            "created_at": _iso(comment.created_at),
        }
    }


EXTRA = {
    "topic.proposed": lambda topic, **_data: {},
    "topic.decided": _decided,
    "topic.scheduled": _scheduled,
    "episode.published": _published,
    "participation.decided": _participation,
    "sponsor_interest.created": _sponsor_interest,
    "comment.created": _comment,
}


def payload_render(event: str, data: dict[str, Any], *, at: datetime | None = None) -> str:
    """The body as sent: {"type", "timestamp", "data"}, compact JSON."""
    body = {"type": event, "timestamp": _iso(at or timezone.now()), "data": data}
    return json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def message_id() -> str:
    return f"msg_{token_hex(16)}"


def deliveries_send_soon() -> None:
    from webhooks.tasks import webhook_deliveries_send  # the task imports this module

    enqueue_coalesced_on_commit(webhook_deliveries_send, key="webhook-deliveries")


def deliveries_record(name: str, *, topic, **data) -> list[Delivery]:
    """core.events' listener: a pending delivery for each endpoint of the topic's
    channel that subscribed to `name` (paused ones too: they wait for the resume)."""
    endpoints = [
        endpoint
        for endpoint in Endpoint.objects.filter(channel_id=topic.channel_id)
        if name in endpoint.events
    ]
    if not endpoints:
        return []
    payload = payload_render(name, {"topic": topic_data(topic), **EXTRA[name](topic, **data)})
    moment = timezone.now()
    deliveries = Delivery.objects.bulk_create(
        [
            Delivery(
                endpoint=endpoint,
                event=name,
                topic=topic,
                message_id=message_id(),
                payload=payload,
                due_at=moment,
                created_at=moment,
            )
            for endpoint in endpoints
        ]
    )
    deliveries_send_soon()
    return deliveries


def trial_delivery_record(*, endpoint: Endpoint) -> Delivery:
    """The "Send a test event" button: one delivery, sent even while the endpoint is
    paused (to check it works again), tried once."""
    channel = endpoint.channel
    data = {
        "message": "A test event from Webcastory: your endpoint receives and verifies.",
        "channel": {
            "id": channel.pk,
            "slug": channel.slug,
            "url": absolute(channel.get_absolute_url()),
        },
    }
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event=TEST_EVENT,
        message_id=message_id(),
        payload=payload_render(TEST_EVENT, data),
        due_at=timezone.now(),
    )
    deliveries_send_soon()
    return delivery
