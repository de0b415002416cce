"""Reads about recordings: who and what they book, whose calendar they are in, which
are due for their reminder."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import F, Max, Q, QuerySet

from accounts.models import User
from topics.models import (
    NO_RECORDING_STATUSES,
    GuestAnswer,
    ParticipationRequest,
    ParticipationStatus,
    Studio,
    Topic,
    TopicStatus,
)
from topics.rules import organized_channel_ids, organizes_all_channels

# The day-before reminder goes at the first tick less than this before the start.
REMINDER_AHEAD = timedelta(hours=24)


@dataclass(frozen=True)
class Conflict:
    """Another recording booking the same studio or person at overlapping times."""

    other: Topic
    studio: Studio | None = None
    person: User | None = None


def recordings_standing() -> QuerySet[Topic]:
    """Topics with a recording that stands: scheduled, or recorded since."""
    return Topic.objects.exclude(status__in=NO_RECORDING_STATUSES).filter(
        recording_at__isnull=False
    )


def recording_people_ids(topic_ids) -> dict[int, set[int]]:
    """Who is expected on each recording's set: proposers, co-proposers and the
    accepted participants who have not declined."""
    people: dict[int, set[int]] = defaultdict(set)
    topic_ids = list(topic_ids)
    for pk, proposer_id in Topic.objects.filter(pk__in=topic_ids).values_list("pk", "proposer_id"):
        people[pk].add(proposer_id)
    for topic_id, user_id in Topic.co_proposers.through.objects.filter(
        topic_id__in=topic_ids
    ).values_list("topic_id", "user_id"):
        people[topic_id].add(user_id)
    for topic_id, user_id in (
        ParticipationRequest.objects.filter(
            topic_id__in=topic_ids, status=ParticipationStatus.ACCEPTED
        )
        .exclude(guest_answer=GuestAnswer.DECLINED)
        .values_list("topic_id", "applicant_id")
    ):
        people[topic_id].add(user_id)
    return people


def recording_conflicts(
    *, topic: Topic, start: datetime, duration: int, studio: Studio | None
) -> list[Conflict]:
    """The other recordings, in any channel, overlapping [start, start + duration) that
    book the same studio or one of this recording's people. Back to back is fine."""
    # In UTC: minutes added to a local time would follow the wall clock, an hour off
    # across a change to or from summer time.
    start = start.astimezone(UTC)
    end = start + timedelta(minutes=duration)
    others = recordings_standing().exclude(pk=topic.pk).filter(recording_at__lt=end)
    longest = others.aggregate(longest=Max("recording_duration"))["longest"]
    if longest is None:
        return []
    overlapping = [
        other
        for other in others.filter(
            recording_at__gt=start - timedelta(minutes=longest)
        ).select_related("channel", "studio")
        if other.recording_ends_at > start
    ]
    if not overlapping:
        return []
    conflicts = [
        Conflict(other=other, studio=studio)
        for other in overlapping
        if studio is not None and other.studio_id == studio.pk
    ]
    people = recording_people_ids([topic.pk, *(other.pk for other in overlapping)])
    mine = people[topic.pk]
    shared = {other.pk: sorted(mine & people[other.pk]) for other in overlapping}
    members = User.objects.in_bulk({pk for pks in shared.values() for pk in pks})
    for other in overlapping:
        conflicts += [Conflict(other=other, person=members[pk]) for pk in shared[other.pk]]
    return conflicts


def member_recordings(*, member: User) -> QuerySet[Topic]:
    """The recordings in a member's own calendar: the topics they bring, those they are
    a confirmed guest of, and those of the channels they organize or that they handle."""
    mine = (
        Q(proposer=member)
        | Q(co_proposers=member)
        | Q(handled_by=member)
        | Q(
            participation_requests__applicant=member,
            participation_requests__status=ParticipationStatus.ACCEPTED,
            participation_requests__guest_answer=GuestAnswer.CONFIRMED,
        )
    )
    if organizes_all_channels(member):
        mine = Q(pk__isnull=False)
    elif channels := organized_channel_ids(member):
        mine |= Q(channel_id__in=channels)
    ids = recordings_standing().filter(mine).values("pk")
    return (
        Topic.objects.filter(pk__in=ids)
        .select_related("channel", "studio")
        .order_by("recording_at", "pk")
    )


def recordings_to_remind(*, now: datetime) -> QuerySet[Topic]:
    """Scheduled recordings starting within REMINDER_AHEAD whose reminder has not gone
    for their current schedule."""
    return (
        Topic.objects.filter(
            status=TopicStatus.SCHEDULED,
            recording_at__gt=now,
            recording_at__lte=now + REMINDER_AHEAD,
        )
        .exclude(recording_reminded_sequence=F("recording_sequence"))
        .order_by("recording_at", "pk")
    )
