"""What the organizers' workspace reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accounts.models import User
from topics.models import (
    Channel,
    ParticipationRequest,
    ParticipationStatus,
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


@dataclass
class ChannelDesk:
    channel: Channel
    proposals: list[Topic] = field(default_factory=list)
    to_schedule: list[Topic] = field(default_factory=list)
    scheduled: list[Topic] = field(default_factory=list)
    requests: list[ParticipationRequest] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        """Proposals and requests; the dashboard adds the reported comments (the comments
        app's block)."""
        return len(self.proposals) + len(self.requests)


def workspace_desks(*, user: User) -> list[ChannelDesk]:
    """What waits for a decision, per channel the organizer runs (four queries; the
    reported comments are the comments app's block)."""
    desks = {c.pk: ChannelDesk(channel=c) for c in channels_organized_by(user=user)}
    topics = Topic.objects.filter(
        channel__in=desks,
        status__in=[TopicStatus.PROPOSED, TopicStatus.ACCEPTED, TopicStatus.SCHEDULED],
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
    return list(desks.values())


def workspace_topic(*, topic: Topic) -> dict[str, Any]:
    return {
        "requests": list(
            ParticipationRequest.objects.filter(topic=topic)
            .select_related("applicant")
            .order_by("status", "created_at")
        ),
        "feedback": feedback_for_topic(topic=topic),
        "decisions": list(topic.transitions.select_related("actor")),
    }
