from django import template

from core import when

register = template.Library()


@register.filter
def with_zone(value) -> str:
    """{{ topic.recording_at|with_zone }}: "Tue 8 Dec 2026, 14:00 (Europe/Paris)"."""
    return when.with_zone(value)
