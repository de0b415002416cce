"""A channel's video podcast: RSS 2.0 with iTunes tags and the Podcasting 2.0 namespace
(chapters, transcript, people), for podcast apps."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext

from episodes import selectors
from topics.models import Channel, Topic
from topics.video import video_embed

ITUNES_NAMESPACE = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NAMESPACE = "https://podcastindex.org/namespace/1.0"
VIDEO_TYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/x-m4v",
    ".webm": "video/webm",
    ".ogv": "video/ogg",
    ".ogg": "video/ogg",
}


class PodcastFeedGenerator(Rss201rev2Feed):
    """RSS 2.0 with the iTunes and Podcasting 2.0 elements the feed's items carry."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:itunes": ITUNES_NAMESPACE,
            "xmlns:podcast": PODCAST_NAMESPACE,
        }

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("itunes:author", self.feed["itunes_author"])
        handler.addQuickElement("itunes:summary", self.feed["description"])
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:type", "episodic")
        handler.addQuickElement("itunes:image", "", {"href": self.feed["itunes_image"]})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("duration") is not None:
            handler.addQuickElement("itunes:duration", str(item["duration"]))
        handler.addQuickElement("itunes:image", "", {"href": item["image"]})
        if item.get("chapters_url"):
            handler.addQuickElement(
                "podcast:chapters",
                "",
                {"url": item["chapters_url"], "type": "application/json+chapters"},
            )
        if item.get("transcript_url"):
            handler.addQuickElement(
                "podcast:transcript", "", {"url": item["transcript_url"], "type": "text/vtt"}
            )
        for person in item.get("people", ()):
            attributes = {"role": person["role"], "group": person["group"]}
            if person.get("href"):
                attributes["href"] = person["href"]
            handler.addQuickElement("podcast:person", person["name"], attributes)


def _video_type(url: str) -> str:
    return VIDEO_TYPES.get(PurePosixPath(urlsplit(url).path).suffix.lower(), "video/mp4")


class ChannelPodcastFeed(Feed):
    feed_type = PodcastFeedGenerator

    def __call__(self, request, *args, **kwargs):
        # Links on the same domain as the ones Django's feed writes (the Sites framework).
        domain = get_current_site(request).domain
        secure = request.is_secure()
        self.absolute = lambda url: add_domain(domain, url, secure)
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, slug):
        return get_object_or_404(Channel, slug=slug, is_active=True)

    def title(self, channel):
        return f"Webcastory · {channel.localized_name}"

    def description(self, channel):
        return channel.localized_description or gettext("The episodes of this Webcastory channel.")

    def link(self, channel):
        return channel.get_absolute_url()

    def feed_extra_kwargs(self, channel):
        return {
            "itunes_author": "Webcastory",
            "itunes_image": self.absolute(
                selectors.thumbnail_url(topic=Topic(), episode=None, embed=None)
            ),
        }

    def items(self, channel):
        return selectors.podcast_episodes(channel=channel)

    def item_title(self, topic):
        return topic.title

    def item_description(self, topic):
        return escape(topic.summary)

    def item_link(self, topic):
        return reverse("episodes:episode_detail", kwargs={"slug": topic.slug})

    def item_guid(self, topic):
        return self.absolute(self.item_link(topic))

    def item_pubdate(self, topic):
        return topic.published_at

    def item_author_name(self, topic):
        return topic.proposer.display_name

    def item_enclosures(self, topic):
        embed = video_embed(topic.video_url)
        if embed is None or not embed.is_file:
            return []
        # The length is unknown without fetching the file; 0 says so.
        return [Enclosure(embed.src, "0", _video_type(embed.src))]

    def item_extra_kwargs(self, topic):
        episode = _episode_or_none(topic)
        absolute = self.absolute
        extra = {
            "duration": episode.duration if episode is not None else None,
            "image": absolute(
                selectors.thumbnail_url(
                    topic=topic, episode=episode, embed=video_embed(topic.video_url)
                )
            ),
            "people": _people(topic, episode, absolute),
        }
        if episode is not None and episode.chapters.all():  # prefetched
            extra["chapters_url"] = absolute(
                reverse("episodes:episode_chapters", kwargs={"slug": topic.slug})
            )
        if episode is not None and episode.transcript:
            extra["transcript_url"] = absolute(
                reverse("episodes:episode_transcript", kwargs={"slug": topic.slug})
            )
        return extra


def _episode_or_none(topic: Topic):
    try:
        return topic.episode
    except Topic.episode.RelatedObjectDoesNotExist:
        return None


def _people(topic: Topic, episode, absolute) -> list[dict]:
    """The podcast:person entries: the host, the guests, then who proposed the topic."""
    people = []
    if episode is not None and episode.host_display:
        member = episode.host_member
        people.append(
            {
                "name": episode.host_display,
                "role": "host",
                "group": "cast",
                "href": absolute(member.get_absolute_url()) if member else "",
            }
        )
    for participation in getattr(topic, "credited_guests", []):
        role = "host" if participation.role == "host" else "guest"
        people.append(
            {
                "name": participation.applicant.display_name,
                "role": role,
                "group": "cast",
                "href": absolute(participation.applicant.get_absolute_url()),
            }
        )
    for member in [topic.proposer, *topic.co_proposers.all()]:
        people.append(
            {
                "name": member.display_name,
                "role": "writer",
                "group": "writing",
                "href": absolute(member.get_absolute_url()),
            }
        )
    return people
