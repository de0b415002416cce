"""Blocks the topic page loads by name: the topics app never imports this one."""

from django import template

from sponsorship import selectors
from sponsorship.models import Response

register = template.Library()


@register.inclusion_tag("sponsorship/includes/topic_sponsorship.html", takes_context=True)
def topic_sponsorship(context, topic):
    request = context["request"]
    user = request.user
    my_interest = selectors.interest_of(topic=topic, user=user)
    can_express = user.has_perm("sponsorship.express_interest", topic)
    # The form itself is on its own page: the topic page stays light for members.
    can_offer = can_express and not (my_interest and my_interest.is_open)
    return {
        "request": request,
        "user": user,
        "topic": topic,
        "sponsors": selectors.sponsors_public(topic=topic),
        "my_interest": my_interest,
        "can_view_leads": user.has_perm("sponsorship.view_leads", topic),
        "can_offer": can_offer,
    }


@register.inclusion_tag("sponsorship/includes/topic_audience.html", takes_context=True)
def topic_audience(context, topic):
    request = context["request"]
    user = request.user
    questionnaire = selectors.questionnaire_of(topic=topic)
    answered = (
        questionnaire is not None
        and user.is_authenticated
        and Response.objects.filter(questionnaire=questionnaire, respondent=user).exists()
    )
    return {
        "request": request,
        "user": user,
        "topic": topic,
        "questionnaire": questionnaire,
        "answered": answered,
        "audience": selectors.audience_summary(topic=topic),
        "can_edit_questionnaire": user.has_perm("sponsorship.edit_questionnaire", topic),
        "can_view_results": user.has_perm("sponsorship.view_results", topic),
    }


@register.inclusion_tag("sponsorship/includes/workspace_leads.html")
def workspace_leads(channel_ids):
    return {"leads": selectors.open_leads_in_channels(channel_ids=channel_ids)}
