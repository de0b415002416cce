"""Home, channels, search: the lists of public topics."""

import re

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView

from core import ratelimit, versions
from core.pagecache import visitor_page_cache
from core.versions import LISTS
from topics import selectors
from topics.filters import TopicFilter
from topics.models import (
    Channel,
    Topic,
)
from topics.search import snippet_for, topic_search

TOPICS_PER_PAGE = 12
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
RATE_LIMITED_MESSAGE = ratelimit.LIMITED_MESSAGE


def _page(request, queryset):
    return Paginator(queryset, TOPICS_PER_PAGE).get_page(request.GET.get("page"))


def _filtered(request, queryset, **filter_kwargs):
    """Apply the URL's filters and sort; a bad value is ignored with its error shown."""
    topic_filter = TopicFilter(request.GET or None, queryset=queryset, **filter_kwargs)
    topics = topic_filter.qs if topic_filter.is_bound and topic_filter.is_valid() else queryset
    return topic_filter, topics


@method_decorator(visitor_page_cache, name="dispatch")
class HomeView(TemplateView):
    template_name = "topics/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["channels"] = list(selectors.channel_list_active())
        context["recordings"] = selectors.recordings_upcoming()
        topic_filter, topics = _filtered(self.request, selectors.topics_gathering_support())
        context["filter"] = topic_filter
        context["page_obj"] = _page(self.request, topics)
        return context


@method_decorator(visitor_page_cache, name="dispatch")
class ChannelDetailView(TemplateView):
    template_name = "topics/channel_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The versions before the rows: a write in between retires what is made here.
        versions.read(LISTS)
        channel = get_object_or_404(Channel, slug=kwargs["slug"], is_active=True)
        context["channel"] = channel
        topic_filter, topics = _filtered(
            self.request, selectors.topic_list_public(channel=channel), fixed_channel=channel
        )
        context["filter"] = topic_filter
        context["page_obj"] = _page(self.request, topics)
        return context


@method_decorator(visitor_page_cache, name="dispatch")
class SearchView(TemplateView):
    template_name = "topics/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:200]
        topic_filter, topics = _filtered(self.request, selectors.topic_list_public())
        results = topic_search(query=query, queryset=topics) if query else Topic.objects.none()
        page = _page(self.request, results)
        context.update(
            query=query,
            filter=topic_filter,
            page_obj=page,
            results=[(topic, snippet_for(topic, query)) for topic in page.object_list],
        )
        return context


@cache_control(max_age=300, public=True)
def channel_styles(request):
    """Each channel's accent colour as a CSS class: colours without inline styles."""
    rules = [
        f".channel-{channel.pk} {{ --channel-color: {channel.accent_color}; }}"
        for channel in Channel.objects.only("pk", "accent_color")
        if HEX_COLOUR.fullmatch(channel.accent_color)
    ]
    return HttpResponse("\n".join(rules), content_type="text/css; charset=utf-8")
