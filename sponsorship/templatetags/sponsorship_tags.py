"""Blocks the topic page loads by name: the topics app never imports this one."""

from django import template

from sponsorship import selectors
from topics.personal import SHELL_FLAG
from topics.rules import can

register = template.Library()


def _base(context, topic) -> dict:
    request = context["request"]
    # The shell flag travels into the block, whose personal parts then stay markers.
    return {
        "request": request,
        "user": request.user,
        "topic": topic,
        SHELL_FLAG: context.get(SHELL_FLAG),
    }


@register.inclusion_tag("sponsorship/includes/topic_sponsorship.html", takes_context=True)
def topic_sponsorship(context, topic):
    return {
        **_base(context, topic),
        "sponsors": selectors.topic_sponsorship_public(topic=topic).sponsors,
    }


@register.inclusion_tag("sponsorship/includes/sponsorship_mine.html", takes_context=True)
def topic_sponsorship_mine(context, topic):
    user = context["request"].user
    my_interest = selectors.sponsorship_member_state(topic=topic, user=user).interest
    can_express = can(user, "sponsorship.express_interest", topic)
    # The form itself is on its own page: the topic page stays light for members.
    can_offer = can_express and not (my_interest and my_interest.is_open)
    return {
        **_base(context, topic),
        "my_interest": my_interest,
        "can_view_leads": can(user, "sponsorship.view_leads", topic),
        "can_view_report": can(user, "sponsorship.view_report", topic),
        "can_offer": can_offer,
    }


@register.inclusion_tag("sponsorship/includes/topic_audience.html", takes_context=True)
def topic_audience(context, topic):
    return {
        **_base(context, topic),
        "audience": selectors.topic_sponsorship_public(topic=topic).audience,
    }


@register.inclusion_tag("sponsorship/includes/audience_mine.html", takes_context=True)
def topic_audience_mine(context, topic):
    user = context["request"].user
    questionnaire = selectors.topic_sponsorship_public(topic=topic).questionnaire
    return {
        **_base(context, topic),
        "questionnaire": questionnaire,
        "answered": questionnaire is not None
        and selectors.sponsorship_member_state(topic=topic, user=user).answered,
        "can_edit_questionnaire": can(user, "sponsorship.edit_questionnaire", topic),
        "can_view_results": can(user, "sponsorship.view_results", topic),
    }


@register.inclusion_tag("sponsorship/includes/workspace_leads.html")
def workspace_leads(channel_ids):
    return {"leads": selectors.open_leads_in_channels(channel_ids=channel_ids)}


@register.inclusion_tag("sponsorship/includes/workspace_topic_links.html", takes_context=True)
def workspace_topic_links(context, topic):
    """The workspace's links to a topic's sponsor leads, questionnaire and episode report:
    the results where there is a questionnaire, else an offer to add one."""
    user = context["request"].user
    return {
        "topic": topic,
        "has_questionnaire": selectors.questionnaire_exists(topic=topic),
        "can_view_leads": can(user, "sponsorship.view_leads", topic),
        "can_view_results": can(user, "sponsorship.view_results", topic),
        "can_edit_questionnaire": can(user, "sponsorship.edit_questionnaire", topic),
        "can_view_report": can(user, "sponsorship.view_report", topic),
    }
