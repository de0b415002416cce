"""RSS and Atom feeds of new public topics (overall and per channel); a topic's comments
have theirs in comments/feeds.py."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from topics.models import Channel
from topics.selectors import topic_list_public

FEED_ITEMS = 30


class TopicFeed(Feed):
    description = _("New topics proposed on Webcastory.")

    def get_object(self, request, slug=None):
        if slug is None:
            return None
        return get_object_or_404(Channel, slug=slug, is_active=True)

    def title(self, channel):
        return f"Webcastory · {channel.localized_name}" if channel else "Webcastory"

    def link(self, channel):
        return channel.get_absolute_url() if channel else reverse("home")

    def items(self, channel):
        return topic_list_public(channel=channel)[:FEED_ITEMS]

    def item_title(self, topic):
        return topic.title

    def item_description(self, topic):
        # A feed's description is HTML: the summary is plain text, escaped once here
        # so that readers show it as written (the XML escapes it once more).
        return escape(topic.summary)

    def item_author_name(self, topic):
        return topic.proposer.display_name

    def item_pubdate(self, topic):
        return topic.submitted_at or topic.created_at

    def item_updateddate(self, topic):
        return topic.updated_at

    def item_categories(self, topic):
        return [topic.channel.name]


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed
    subtitle = TopicFeed.description
