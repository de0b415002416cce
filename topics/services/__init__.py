"""Writes on topics and what members give them; each part is a module of its own.

Comments are written by the comments app (comments/services.py), above this one."""

from topics.services.co_proposers import (
    co_proposer_invitation_accept,
    co_proposer_invitation_decline,
    co_proposer_invitations_attach,
    co_proposer_invitations_set,
)
from topics.services.contributions import (
    PARTICIPATION_DECISIONS,
    DuplicateRequestError,
    feedback_create,
    opinion_set,
    participation_request_create,
    participation_request_decide,
    participation_request_withdraw,
)
from topics.services.decisions import (
    topic_decide,
    topic_publish,
    topic_schedule,
)
from topics.services.lifecycle import (
    EDIT_NOTICE_CHARACTERS,
    EDIT_WATCHED_STATUSES,
    NOT_OPEN_MESSAGE,
    OWN_TOPIC_MESSAGE,
    PAST_RECORDING_MESSAGE,
    REQUESTS_CLOSED_MESSAGE,
    SLUG_ATTEMPTS,
    SLUG_NUMBERED_ATTEMPTS,
    WATCHED_AFTER_ACCEPTANCE,
    TransitionError,
    topic_admin_add,
    topic_closed_listen,
    topic_create,
    topic_transition,
    topic_update,
)
from topics.services.people import (
    decision_record,
    organizers_notify,
    topic_follow,
    topic_followers,
    topic_team,
    topic_unfollow,
)

__all__ = [
    "EDIT_NOTICE_CHARACTERS",
    "EDIT_WATCHED_STATUSES",
    "NOT_OPEN_MESSAGE",
    "OWN_TOPIC_MESSAGE",
    "PARTICIPATION_DECISIONS",
    "PAST_RECORDING_MESSAGE",
    "REQUESTS_CLOSED_MESSAGE",
    "SLUG_ATTEMPTS",
    "SLUG_NUMBERED_ATTEMPTS",
    "WATCHED_AFTER_ACCEPTANCE",
    "DuplicateRequestError",
    "TransitionError",
    "co_proposer_invitation_accept",
    "co_proposer_invitation_decline",
    "co_proposer_invitations_attach",
    "co_proposer_invitations_set",
    "decision_record",
    "feedback_create",
    "opinion_set",
    "organizers_notify",
    "participation_request_create",
    "participation_request_decide",
    "participation_request_withdraw",
    "topic_admin_add",
    "topic_closed_listen",
    "topic_create",
    "topic_decide",
    "topic_follow",
    "topic_followers",
    "topic_publish",
    "topic_schedule",
    "topic_team",
    "topic_transition",
    "topic_unfollow",
    "topic_update",
]
