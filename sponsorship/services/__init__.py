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

__all__ = [
    "INTEREST_TRANSITIONS",
    "OPTION_MAX_LENGTH",
    "TOPIC_CLOSED_LABEL",
    "DuplicateInterestError",
    "RetirementNotConfirmed",
    "options_parse",
    "questionnaire_copy_template",
    "questionnaire_save",
    "response_submit",
    "sponsorship_interest_decide",
    "sponsorship_interest_record",
    "sponsorship_interest_withdraw",
    "sponsorship_interests_tell_topic_closed",
]
