"""Filters for showing what members write and name: Markdown, stored files, a name after
"de" with French elision. ``{% load presentation %}``."""

from django import template
from django.core.files.storage import default_storage
from django.utils.safestring import mark_safe

from core import names
from core.markdown import markdown_render

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Markdown rendered and sanitised (core/markdown.py): bios, channel descriptions."""
    return mark_safe(markdown_render(text))  # noqa: S308 (sanitised by nh3)


@register.filter
def storage_url(name: str) -> str:
    """The address of a stored file known by its name (an annotated path)."""
    return default_storage.url(name) if name else ""


@register.filter
def from_name(name) -> str:
    """``{{ member.display_name|from_name }}``: "from Alice"; "d'Alice" in French."""
    return names.from_name(name)


@register.filter
def of_name(name) -> str:
    """``{{ channel.localized_name|of_name }}``: "of Energy"; "d'Énergie" in French."""
    return names.of_name(name)
