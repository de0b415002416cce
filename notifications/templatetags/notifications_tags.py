from django import template

from notifications import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """For the member menu: a page that read the count with other data (the topic page)
    passes it as `unread_notifications`, saving the query."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    known = context.get("unread_notifications")
    if known is not None:
        return known
    return selectors.unread_notification_count(user=user)
