"""A member's own space, and what proposers receive."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Q,
    QuerySet,
)

from accounts.models import User
from topics.models import (
    PUBLIC_STATUSES,
    CoProposerInvitation,
    Feedback,
    InvitationStatus,
    ParticipationRequest,
    Topic,
)
from topics.selectors.lists import related_rows, topic_cards, topic_list_public


def feedback_for_topic(*, topic: Topic) -> list[Feedback]:
    return list(Feedback.objects.filter(topic=topic).select_related("author"))


def participation_requests_for_topic(*, topic: Topic) -> list[ParticipationRequest]:
    return list(ParticipationRequest.objects.filter(topic=topic).select_related("applicant"))


def my_space(*, user: User) -> dict[str, Any]:
    """Everything that concerns a member, for their own page."""
    mine = Q(proposer=user) | Q(co_proposers=user)
    my_topics = list(
        topic_cards(Topic.objects.filter(pk__in=Topic.objects.filter(mine).values("pk"))).order_by(
            "-updated_at"
        )
    )
    my_topic_ids = [t.pk for t in my_topics]
    return {
        "my_topics": my_topics,
        "invitations": list(
            CoProposerInvitation.objects.filter(invitee=user, status=InvitationStatus.PENDING)
            .select_related("topic", "invited_by")
            .order_by("-created_at")
        ),
        "my_requests": list(
            ParticipationRequest.objects.filter(applicant=user)
            .select_related("topic")
            .order_by("-created_at")
        ),
        "my_feedback_sent": list(
            Feedback.objects.filter(author=user).select_related("topic").order_by("-created_at")
        ),
        "commented_topics": list(
            topic_cards(
                Topic.objects.filter(
                    pk__in=related_rows("comments").filter(author=user).values("topic_id"),
                    status__in=PUBLIC_STATUSES,
                )
            ).order_by("-created_at")[:50]
        ),
        "feedback_received": list(
            Feedback.objects.filter(topic_id__in=my_topic_ids)
            .select_related("topic", "author")
            .order_by("-created_at")
        ),
        "requests_received": list(
            ParticipationRequest.objects.filter(topic_id__in=my_topic_ids)
            .select_related("topic", "applicant")
            .order_by("-created_at")
        ),
    }


def co_proposer_invitations_for_topic(*, topic: Topic) -> list[CoProposerInvitation]:
    """The invitations sent for a topic, as those who invite see them: address and state."""
    return list(topic.co_proposer_invitations.order_by("-created_at", "-pk"))


def topics_brought_by(*, member: User) -> QuerySet[Topic]:
    return topic_list_public().filter(proposer=member)
