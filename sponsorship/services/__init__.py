"""Writes of the sponsorship app, by subject; every one is importable from here."""

from sponsorship.services.interests import (
    INTEREST_TRANSITIONS,
    TOPIC_CLOSED_LABEL,
    DuplicateInterestError,
    sponsorship_interest_decide,
    sponsorship_interest_record,
    sponsorship_interest_withdraw,
    sponsorship_interests_tell_topic_closed,
)
from sponsorship.services.questionnaires import (
    OPTION_MAX_LENGTH,
    RetirementNotConfirmed,
    options_parse,
    questionnaire_copy_template,
    questionnaire_save,
    response_submit,
)
from sponsorship.services.reach import (
    episode_reach_record,
    peertube_video,
    peertube_views_interval,
    peertube_views_read,
)

__all__ = [
    "INTEREST_TRANSITIONS",
    "OPTION_MAX_LENGTH",
    "TOPIC_CLOSED_LABEL",
    "DuplicateInterestError",
    "RetirementNotConfirmed",
    "episode_reach_record",
    "options_parse",
    "peertube_video",
    "peertube_views_interval",
    "peertube_views_read",
    "questionnaire_copy_template",
    "questionnaire_save",
    "response_submit",
    "sponsorship_interest_decide",
    "sponsorship_interest_record",
    "sponsorship_interest_withdraw",
    "sponsorship_interests_tell_topic_closed",
]
