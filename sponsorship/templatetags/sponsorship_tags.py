"""Blocks the topic page loads by name: the topics app never imports this one."""

from django import template

from sponsorship import selectors

register = template.Library()


@register.inclusion_tag("sponsorship/includes/topic_sponsorship.html", takes_context=True)
def topic_sponsorship(context, topic):
    request = context["request"]
    user = request.user
    public = selectors.topic_sponsorship_public(topic=topic)
    my_interest = selectors.sponsorship_member_state(topic=topic, user=user).interest
    can_express = user.has_perm("sponsorship.express_interest", topic)
    # The form itself is on its own page: the topic page stays light for members.
    can_offer = can_express and not (my_interest and my_interest.is_open)
    return {
        "request": request,
        "user": user,
        "topic": topic,
        "sponsors": public.sponsors,
        "my_interest": my_interest,
        "can_view_leads": user.has_perm("sponsorship.view_leads", topic),
        "can_offer": can_offer,
    }


@register.inclusion_tag("sponsorship/includes/topic_audience.html", takes_context=True)
def topic_audience(context, topic):
    request = context["request"]
    user = request.user
    public = selectors.topic_sponsorship_public(topic=topic)
    return {
        "request": request,
        "user": user,
        "topic": topic,
        "questionnaire": public.questionnaire,
        "answered": public.questionnaire is not None
        and selectors.sponsorship_member_state(topic=topic, user=user).answered,
        "audience": public.audience,
        "can_edit_questionnaire": user.has_perm("sponsorship.edit_questionnaire", topic),
        "can_view_results": user.has_perm("sponsorship.view_results", topic),
    }


@register.inclusion_tag("sponsorship/includes/workspace_leads.html")
def workspace_leads(channel_ids):
    return {"leads": selectors.open_leads_in_channels(channel_ids=channel_ids)}
