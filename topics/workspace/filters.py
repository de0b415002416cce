"""The workspace's list of topics: filters whose whole state lives in the URL."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from topics.models import Topic, TopicStatus
from topics.workspace.selectors import overdue

OVERDUE = "overdue"


class WorkspaceTopicFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title or proposer")}),
    )
    channel = django_filters.ModelChoiceFilter(
        label=_("Channel"),
        field_name="channel",
        to_field_name="slug",
        queryset=None,  # the organizer's channels, set in __init__
        empty_label=_("All my channels"),
    )
    status = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[
            *((s.value, s.label) for s in TopicStatus if s != TopicStatus.DRAFT),
            (OVERDUE, _("Overdue: waiting for a decision too long")),
        ],
        method="in_state",
        empty_label=_("Every state"),
    )

    class Meta:
        model = Topic
        fields = ["q", "channel", "status"]

    def __init__(self, *args, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.channels = channels
        self.filters["channel"].queryset = channels

    def search(self, queryset, name, value):
        words = value.strip()
        if not words:
            return queryset
        return queryset.filter(
            Q(title__icontains=words)
            | Q(proposer__full_name__icontains=words)
            | Q(slug__icontains=words)
        )

    def in_state(self, queryset, name, value):
        if value == OVERDUE:
            return queryset.filter(overdue(list(self.channels))).order_by("submitted_at")
        return queryset.filter(status=value)
