"""Who may see sponsor leads and audience results, and who may answer."""

import rules

from sponsorship.models import Questionnaire, SponsorshipInterest
from sponsorship.selectors import confirmed_sponsor_ids
from topics.models import TopicStatus
from topics.rules import (
    is_authenticated_member,
    is_proposer,
    is_public_topic,
    is_topic_organizer,
    was_published,
)


@rules.predicate
def is_confirmed_sponsor(user, topic) -> bool:
    if not (user and user.is_authenticated) or topic is None:
        return False
    return user.pk in confirmed_sponsor_ids(topic)


# Before the episode is scheduled there is nothing to report; declined and withdrawn
# topics never get one. Every later step (scheduled, recorded, published…) has it.
NO_REPORT_STATUSES = frozenset(
    {
        TopicStatus.DRAFT,
        TopicStatus.PROPOSED,
        TopicStatus.ACCEPTED,
        TopicStatus.DECLINED,
        TopicStatus.WITHDRAWN,
    }
)


@rules.predicate
def is_report_ready(user, topic) -> bool:
    """The episode is scheduled, or further along: its report exists."""
    return topic is not None and topic.status not in NO_REPORT_STATUSES


@rules.predicate
def is_questionnaire_open(user, questionnaire: Questionnaire) -> bool:
    return questionnaire is not None and questionnaire.is_open


@rules.predicate
def is_questionnaire_topic_public(user, questionnaire: Questionnaire) -> bool:
    return questionnaire is not None and is_public_topic(user, questionnaire.topic)


@rules.predicate
def is_interest_owner(user, interest: SponsorshipInterest) -> bool:
    return bool(user and user.is_authenticated and interest and interest.member_id == user.pk)


# Object: a topic.
# Sponsor offers close once the episode is published (the service says so too).
rules.add_perm(
    "sponsorship.express_interest",
    is_authenticated_member & is_public_topic & ~was_published,
)
rules.add_perm("sponsorship.view_leads", is_proposer | is_topic_organizer)
rules.add_perm("sponsorship.decide_leads", is_topic_organizer)
rules.add_perm("sponsorship.edit_questionnaire", is_proposer | is_topic_organizer)
rules.add_perm("sponsorship.view_results", is_proposer | is_topic_organizer | is_confirmed_sponsor)
# The episode report: its confirmed sponsors and the channel's organizers (staff
# included) read it, no one else; organizers enter the views once it is published.
rules.add_perm(
    "sponsorship.view_report", is_report_ready & (is_confirmed_sponsor | is_topic_organizer)
)
rules.add_perm("sponsorship.enter_views", is_report_ready & was_published & is_topic_organizer)
# Object: a questionnaire.
rules.add_perm(
    "sponsorship.answer_questionnaire",
    is_authenticated_member & is_questionnaire_open & is_questionnaire_topic_public,
)
# Object: an interest.
rules.add_perm("sponsorship.withdraw_interest", is_interest_owner)
