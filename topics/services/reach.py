"""Counting the clicks on a topic's share address."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from topics.models import Topic, TopicShareClicks


@transaction.atomic
def topic_share_click_record(*, topic: Topic, day: date | None = None) -> None:
    """Count one click on the topic's share address, on its day's row.

    Race-safe on SQLite and PostgreSQL alike: an increment in the database (F()) of
    the day's row; the day's first click inserts it, and when another click inserted
    it meanwhile (the unique (topic, day) constraint refuses the second insert) the
    increment runs on that row instead. No click is lost and no day has two rows.
    """
    day = day or timezone.localdate()
    rows = TopicShareClicks.objects.filter(topic=topic, day=day)
    if rows.update(clicks=F("clicks") + 1):
        return
    try:
        with transaction.atomic():
            TopicShareClicks.objects.create(topic=topic, day=day, clicks=1)
    except IntegrityError:
        rows.update(clicks=F("clicks") + 1)
