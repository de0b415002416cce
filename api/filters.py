"""The site's list filters (django-filter), as the API offers them."""

import django_filters
import django_filters.rest_framework
from django.utils.translation import gettext_lazy as _

from topics.filters import TopicFilter
from topics.workspace.filters import OVERDUE, WorkspaceTopicFilter


class ApiTopicFilter(TopicFilter):
    """The lists' filters; the order is the cursor's (newest first), so no `sort`."""

    sort = None


class OrganizerProposalFilter(WorkspaceTopicFilter):
    """The workspace's search and channel filter; the queue holds proposals only, so
    the one state left to ask for is "overdue"."""

    status = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[(OVERDUE, _("Overdue: waiting for a decision too long"))],
        method="in_state",
    )

    def __init__(self, *args, channels=None, **kwargs):
        super().__init__(*args, channels=channels, **kwargs)


class ChannelsFromRequest(django_filters.rest_framework.DjangoFilterBackend):
    """Gives the workspace's filter set the channels the view allows (`filter_channels`)."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["channels"] = getattr(request, "filter_channels", None)
        return kwargs
