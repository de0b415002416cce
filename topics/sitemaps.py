from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from topics.models import PUBLIC_STATUSES, Channel, Topic


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["home", "topics:search"]

    def location(self, item):
        return reverse(item)


class ChannelSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return Channel.objects.filter(is_active=True).order_by("order")


class TopicSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return (
            Topic.objects.filter(status__in=PUBLIC_STATUSES, channel__is_active=True)
            .only("slug", "updated_at")
            .order_by("-created_at", "pk")
        )

    def lastmod(self, topic):
        return topic.updated_at


SITEMAPS = {"static": StaticSitemap, "channels": ChannelSitemap, "topics": TopicSitemap}
