"""The day-before reminder of a recording, sent by the worker's tick.

"The day before" means: at the first tick less than 24 hours (REMINDER_AHEAD) before
the start. A recording scheduled less than 24 hours ahead gets none: its schedule's own
notice went just now (topic_schedule marks it reminded). The reminder goes once per
schedule: `Topic.recording_reminded_sequence` keeps the `recording_sequence` it went
for, and a reschedule moves the sequence, which arms it again. Two ticks at once (or one
run twice) send it once: each claims the topic by a conditional update, and only the one
whose update changed the row writes the notices, in the same transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from notifications.models import NotificationKind
from notifications.services import notify
from topics.invitations import recording_people
from topics.models import Topic
from topics.selectors.recordings import recordings_to_remind


def _remind(topic: Topic) -> int:
    with transaction.atomic():
        claimed = (
            Topic.objects.filter(pk=topic.pk, recording_sequence=topic.recording_sequence)
            .exclude(recording_reminded_sequence=topic.recording_sequence)
            .update(recording_reminded_sequence=topic.recording_sequence)
        )
        if not claimed:
            return 0
        # The people on the set, who may all read the exact address.
        notify(
            recipients=recording_people(topic),
            kind=NotificationKind.RECORDING_REMINDER,
            topic=topic,
            message=topic.recording_address,
            event_at=topic.recording_at,
        )
    return 1


def recording_reminders_send() -> int:
    """Remind the people of each recording starting within a day; returns how many
    recordings were reminded."""
    due = recordings_to_remind(now=timezone.now()).select_related("studio", "handled_by")
    return sum(_remind(topic) for topic in due)
