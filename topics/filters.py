"""List filters and sorts whose whole state lives in the URL (django-filter)."""

from datetime import timedelta

import django_filters
from django import forms
from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from topics.models import (
    PUBLIC_STATUSES,
    Topic,
    TopicFormat,
    TopicStatus,
    TopicTreatment,
)
from topics.selectors import channel_list_active, related_count

TRENDING_DAYS = 14

SORTS = [
    ("newest", _("Newest")),
    ("discussed", _("Most discussed")),
    ("supported", _("Most supported")),
    ("trending", _("Trending")),
]


class TopicFilter(django_filters.FilterSet):
    channel = django_filters.ModelChoiceFilter(
        label=_("Channel"),
        field_name="channel",
        to_field_name="slug",
        queryset=channel_list_active(),
        empty_label=_("All channels"),
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=TopicFormat.choices, empty_label=_("All formats")
    )
    treatment = django_filters.ChoiceFilter(
        label=_("Treatment"), choices=TopicTreatment.choices, empty_label=_("All treatments")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(s.value, s.label) for s in TopicStatus if s in PUBLIC_STATUSES],
        empty_label=_("All statuses"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES, empty_label=_("All languages")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORTS,
        method="sort_by",
        empty_label=None,
        null_label=None,
    )

    class Meta:
        model = Topic
        fields = ["channel", "format", "treatment", "status", "language"]

    def __init__(self, *args, fixed_channel=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["channel"].field.label_from_instance = lambda c: c.localized_name
        if fixed_channel is not None:
            del self.filters["channel"]
        for field in self.form.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else ""
            field.widget.attrs["class"] = css

    def sort_by(self, queryset, name, value):
        if value == "discussed":
            return queryset.order_by(F("comment_count").desc(), "-created_at")
        if value == "supported":
            return queryset.order_by(F("opinion_count").desc(), "-created_at")
        if value == "trending":
            since = timezone.now() - timedelta(days=TRENDING_DAYS)
            return queryset.annotate(
                # Comments are counted by the topic's relation: their app is above this one.
                activity=related_count("comments", created_at__gte=since)
                + related_count("opinions", created_at__gte=since)
            ).order_by("-activity", "-created_at")
        return queryset.order_by("-created_at", "-pk")
