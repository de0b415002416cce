"""Reads for the webhooks pages."""

from django.db.models import QuerySet

from topics.models import Channel
from webhooks.models import Delivery, Endpoint

LOG_LENGTH = 50


def endpoints_of(*, channel: Channel) -> QuerySet[Endpoint]:
    return Endpoint.objects.filter(channel=channel).order_by("created_at", "pk")


def deliveries_of(*, endpoint: Endpoint, limit: int = LOG_LENGTH) -> list[Delivery]:
    """The endpoint's delivery log, newest first."""
    return list(
        Delivery.objects.filter(endpoint=endpoint)
        .defer("payload")
        .order_by("-created_at", "-pk")[:limit]
    )
