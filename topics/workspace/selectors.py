"""What the organizers' workspace reads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from topics.models import (
    Channel,
    ParticipationRequest,
    ParticipationStatus,
    Studio,
    Topic,
    TopicStatus,
)
from topics.rules import (
    organized_channel_ids,
    organizes_all_channels,
)
from topics.selectors.members import feedback_for_topic


def channels_organized_by(*, user: User) -> list[Channel]:
    channels = Channel.objects.order_by("order", "name")
    if organizes_all_channels(user):
        return list(channels)
    return list(channels.filter(pk__in=organized_channel_ids(user)))


def overdue(channels: list[Channel], *, now: datetime | None = None) -> Q:
    """Proposals still waiting for a decision after their channel's decision_days."""
    now = now or timezone.now()
    waiting = Q(pk__in=[])
    for channel in channels:
        waiting |= Q(channel=channel, proposed_at__lt=now - timedelta(days=channel.decision_days))
    return Q(status=TopicStatus.PROPOSED) & waiting


def workspace_topics(*, user: User) -> QuerySet[Topic]:
    """Every topic of the channels the organizer runs, drafts aside (a draft is its
    proposers' until they submit it), each with `is_overdue`."""
    channels = channels_organized_by(user=user)
    return (
        Topic.objects.filter(channel__in=channels)
        .exclude(status=TopicStatus.DRAFT)
        .annotate(is_overdue=ExpressionWrapper(overdue(channels), output_field=BooleanField()))
    )


@dataclass
class ChannelDesk:
    channel: Channel
    proposals: list[Topic] = field(default_factory=list)
    to_schedule: list[Topic] = field(default_factory=list)
    scheduled: list[Topic] = field(default_factory=list)
    requests: list[ParticipationRequest] = field(default_factory=list)
    # Topics per state, and the proposals overdue, for the counts and their links.
    counts: Counter = field(default_factory=Counter)
    overdue: int = 0

    @property
    def state_counts(self) -> list[tuple[str, str, int]]:
        """(state, its label, how many topics), for every state but draft."""
        return [
            (state.value, state.label, self.counts[state.value])
            for state in TopicStatus
            if state != TopicStatus.DRAFT
        ]

    @property
    def waiting(self) -> int:
        """Proposals and requests; the dashboard adds the reported comments (the comments
        app's block)."""
        return len(self.proposals) + len(self.requests)


def workspace_desks(*, user: User) -> list[ChannelDesk]:
    """What waits for a decision, and the topics per state, per channel the organizer
    runs (six queries; the reported comments are the comments app's block)."""
    desks = {c.pk: ChannelDesk(channel=c) for c in channels_organized_by(user=user)}
    topics = Topic.objects.filter(
        channel__in=desks,
        status__in=[
            TopicStatus.PROPOSED,
            TopicStatus.ACCEPTED,
            TopicStatus.SCHEDULED,
            TopicStatus.RECORDED,
            TopicStatus.POST_PRODUCTION,
        ],
    ).select_related("proposer", "handled_by")
    for topic in topics.order_by("submitted_at", "created_at"):
        desk = desks[topic.channel_id]
        if topic.status == TopicStatus.PROPOSED:
            desk.proposals.append(topic)
        elif topic.status == TopicStatus.ACCEPTED:
            desk.to_schedule.append(topic)
        else:
            desk.scheduled.append(topic)
    for request in (
        ParticipationRequest.objects.filter(
            topic__channel__in=desks, status=ParticipationStatus.PENDING
        )
        .select_related("topic__handled_by", "applicant")
        .order_by("created_at")
    ):
        desks[request.topic.channel_id].requests.append(request)
    channels = [desk.channel for desk in desks.values()]
    counted = (
        Topic.objects.filter(channel__in=desks)
        .exclude(status=TopicStatus.DRAFT)
        .values("channel_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in counted:
        desks[row["channel_id"]].counts[row["status"]] = row["n"]
    for row in (
        Topic.objects.filter(overdue(channels))
        .values("channel_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        desks[row["channel_id"]].overdue = row["n"]
    return list(desks.values())


def workspace_topic(*, topic: Topic) -> dict[str, Any]:
    return {
        "requests": list(
            ParticipationRequest.objects.filter(topic=topic)
            .select_related("applicant")
            .prefetch_related("messages__author")
            .order_by("status", "created_at")
        ),
        "feedback": feedback_for_topic(topic=topic),
        "decisions": list(topic.transitions.select_related("actor")),
        "follow_ups": list(topic.follow_ups.order_by("created_at")),
    }


def studios_for_scheduling(*, topic: Topic) -> list[Studio]:
    """The active studios of the topic's channel, and the one it books if retired since."""
    return list(
        Studio.objects.filter(Q(channel_id=topic.channel_id, is_active=True) | Q(topics=topic))
        .distinct()
        .order_by("order", "name")
    )


def studios_of(*, channel: Channel) -> list[Studio]:
    """A channel's studios, active first, each with how many recordings booked it."""
    return list(
        Studio.objects.filter(channel=channel)
        .annotate(recordings=Count("topics"))
        .order_by("-is_active", "order", "name")
    )
