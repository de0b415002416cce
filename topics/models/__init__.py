"""The topics app's models, by subject; every one is importable from topics.models.

Comments are an app of their own (comments/), above this one."""

from topics.models.contributions import (
    OPEN_PARTICIPATION_STATUSES,
    Feedback,
    GuestAnswer,
    GuestMessage,
    Opinion,
    OpinionChoice,
    ParticipationRequest,
    ParticipationRole,
    ParticipationStatus,
    TopicFollow,
)
from topics.models.reach import TopicShareClicks
from topics.models.topics import (
    PUBLIC_STATUSES,
    RECORDED_STATUSES,
    TOPIC_CONTENT_FIELDS,
    TOPIC_TRANSITIONS,
    Channel,
    CoProposerInvitation,
    DecisionSubject,
    InvitationStatus,
    Topic,
    TopicFormat,
    TopicLocation,
    TopicStatus,
    TopicTransition,
    TopicTreatment,
    topic_cover_path,
)

__all__ = [
    "OPEN_PARTICIPATION_STATUSES",
    "PUBLIC_STATUSES",
    "RECORDED_STATUSES",
    "TOPIC_CONTENT_FIELDS",
    "TOPIC_TRANSITIONS",
    "Channel",
    "CoProposerInvitation",
    "DecisionSubject",
    "Feedback",
    "GuestAnswer",
    "GuestMessage",
    "InvitationStatus",
    "Opinion",
    "OpinionChoice",
    "ParticipationRequest",
    "ParticipationRole",
    "ParticipationStatus",
    "Topic",
    "TopicFollow",
    "TopicFormat",
    "TopicLocation",
    "TopicShareClicks",
    "TopicStatus",
    "TopicTransition",
    "TopicTreatment",
    "topic_cover_path",
]
