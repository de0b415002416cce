from django import template

from topics.rules import can

register = template.Library()


@register.inclusion_tag("webhooks/includes/channel_link.html", takes_context=True)
def channel_webhooks_link(context, channel):
    """The dashboard's link to a channel's webhooks, for those who manage them."""
    user = context["request"].user
    return {"channel": channel, "allowed": can(user, "webhooks.manage_endpoints", channel)}
