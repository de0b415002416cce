"""Writes on webhook endpoints: register, edit, rotate the secret, pause, resume,
delete, send a test event. The channel's organizers call them from the workspace;
the worker pauses (webhooks.delivery)."""

from __future__ import annotations

import base64
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.models import NotificationKind
from notifications.services import notify
from topics.models import Channel, Topic
from topics.services.people import channel_organizers
from webhooks.addresses import AddressError, url_check
from webhooks.events import deliveries_send_soon, trial_delivery_record
from webhooks.models import TEST_EVENT, Delivery, DeliveryState, Endpoint, WebhookEvent

# How long the previous secret still signs after a rotation, beside the new one.
ROTATION_OVERLAP = timedelta(hours=24)
MAX_ENDPOINTS_PER_CHANNEL = 10


def secret_generate() -> str:
    """A Standard Webhooks secret: "whsec_" and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _url_check(url: str) -> str:
    """Public http(s) addresses only, whoever registers it (the form, the admin, the
    shell); the sender checks again at every send."""
    try:
        url_check(url)
    except AddressError as error:
        raise ValidationError(str(error), code="address") from error
    return url


def _events_check(events: list[str]) -> list[str]:
    unknown = sorted(set(events) - set(WebhookEvent.values))
    if unknown or not events:
        raise ValidationError(_("Choose at least one event from the list."), code="events")
    return [e for e in WebhookEvent.values if e in events]  # in the list's order


@transaction.atomic
def endpoint_create(
    *, channel: Channel, actor: User, url: str, events: list[str], description: str = ""
) -> Endpoint:
    """Register an endpoint; its secret is on the returned row (show it once)."""
    locked = Channel.objects.select_for_update().get(pk=channel.pk)
    if Endpoint.objects.filter(channel=locked).count() >= MAX_ENDPOINTS_PER_CHANNEL:
        raise ValidationError(
            _("A channel has at most %(n)s endpoints: remove one first."),
            code="too_many",
            params={"n": MAX_ENDPOINTS_PER_CHANNEL},
        )
    return Endpoint.objects.create(
        channel=channel,
        url=_url_check(url),
        description=description,
        events=_events_check(events),
        secret=secret_generate(),
        created_by=actor,
    )


@transaction.atomic
def endpoint_update(
    *, endpoint: Endpoint, url: str, events: list[str], description: str = ""
) -> Endpoint:
    endpoint.url, endpoint.description = _url_check(url), description
    endpoint.events = _events_check(events)
    endpoint.save(update_fields=["url", "description", "events"])
    return endpoint


@transaction.atomic
def endpoint_secret_rotate(*, endpoint: Endpoint) -> Endpoint:
    """A new secret; the current one still signs, beside it, for ROTATION_OVERLAP (the
    receiver switches meanwhile). Rotating again within the overlap drops the oldest."""
    locked = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    locked.previous_secret = locked.secret
    locked.previous_secret_until = timezone.now() + ROTATION_OVERLAP
    locked.secret = secret_generate()
    locked.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
    return locked


@transaction.atomic
def endpoint_pause(*, endpoint: Endpoint, delivery: Delivery, at: datetime) -> bool:
    """Deliveries failed through the retry schedule: the endpoint stops receiving (its
    new events wait), and its owner (or, if their account is gone, the channel's
    organizers) is told, with a link to the page that resumes it. False if it was
    paused already."""
    if not Endpoint.objects.filter(pk=endpoint.pk, paused_at__isnull=True).update(paused_at=at):
        return False
    endpoint.paused_at = at
    topic = (
        Topic.objects.filter(
            pk__in=Delivery.objects.filter(endpoint=endpoint, topic__isnull=False)
            .order_by("-pk")
            .values("topic")[:1]
        )
        .select_related("channel")
        .first()
        if delivery.topic_id is None
        else Topic.objects.select_related("channel").get(pk=delivery.topic_id)
    )
    if topic is not None:
        owner = User.objects.filter(pk=endpoint.created_by_id).first()
        notify(
            recipients=[owner] if owner else channel_organizers(topic),
            kind=NotificationKind.WEBHOOK_PAUSED,
            topic=topic,
            message=endpoint.url,
            url=endpoint.get_absolute_url(),
        )
    return True


@transaction.atomic
def endpoint_resume(*, endpoint: Endpoint) -> int:
    """Send again: what waited goes now, and so do the deliveries given up when it was
    paused, from their first try. Returns how many are queued."""
    locked = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    if locked.paused_at is None:
        return 0
    paused_at = locked.paused_at
    locked.paused_at = endpoint.paused_at = None
    locked.save(update_fields=["paused_at"])
    moment = timezone.now()
    queued = (
        Delivery.objects.filter(endpoint=locked, state=DeliveryState.FAILED)
        .filter(finished_at__gte=paused_at)
        .exclude(event=TEST_EVENT)
        .update(state=DeliveryState.PENDING, attempts=0, due_at=moment, finished_at=None)
    )
    queued += Delivery.objects.filter(endpoint=locked, state=DeliveryState.PENDING).update(
        due_at=moment
    )
    deliveries_send_soon()
    return queued


@transaction.atomic
def endpoint_delete(*, endpoint: Endpoint) -> None:
    endpoint.delete()


@transaction.atomic
def endpoint_test_send(*, endpoint: Endpoint) -> Delivery:
    return trial_delivery_record(endpoint=endpoint)
