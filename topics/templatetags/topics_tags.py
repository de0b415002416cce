from django import template

from topics import selectors
from topics.personal import personal_block
from topics.rules import can

register = template.Library()


@register.inclusion_tag("topics/includes/channel_menu.html", takes_context=True)
def channel_menu(context):
    return {"channels": selectors.channel_menu(), "request": context.get("request")}


@register.inclusion_tag("topics/includes/profile_topics.html")
def topics_brought_by(member):
    return {"topics": selectors.topics_brought_by(member=member)[:24], "member": member}


@register.simple_tag(takes_context=True)
def has_topic_perm(context, perm: str, obj=None) -> bool:
    """``{% has_topic_perm "topics.edit_topic" topic as can_edit %}``.

    The same question views ask (topics.rules.can).
    """
    user = context.get("user")
    return bool(user and can(user, perm, obj))


@register.simple_tag(takes_context=True)
def personal(context, template_name: str) -> str:
    """``{% personal "includes/member_menu.html" %}``: a block that differs from one member
    to another, left as a marker when the page is rendered as a shared shell (see
    topics/personal.py). Never put one inside a ``{% cache %}`` block."""
    return personal_block(context, template_name)


@register.inclusion_tag("topics/includes/member_calendar.html", takes_context=True)
def member_calendar_feed(context):
    """The member's private calendar address, to copy or reset (the notification
    settings page loads it by name)."""
    from topics.calendar import calendar_url
    from topics.models import CalendarFeed

    user = context.get("user")
    feed = CalendarFeed.objects.filter(member=user).first() if user else None
    return {
        "calendar_url": calendar_url(feed=feed) if feed else "",
        "csrf_token": context.get("csrf_token"),
    }
