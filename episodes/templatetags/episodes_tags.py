"""Blocks the topics app's pages load by name: topics never imports this app."""

from functools import partial

from django import template

from core import versions
from core.versions import LISTS
from episodes import selectors
from topics.rules import can

register = template.Library()


@register.inclusion_tag("episodes/includes/topic_episode.html", takes_context=True)
def topic_episode(context, topic, page_versions):
    """The topic page's "Watch the episode" block, once the episode is on the site.

    A fragment cached under the topic's version (`page_versions.topic`), which every
    write to the episode, its chapters or its host moves (episodes/versions.py); its
    rows are read only when the fragment is missing."""
    return {
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
        "topic": topic,
        "v": page_versions,
        "shown": topic.is_published,
        "block": partial(selectors.episode_for_topic_block, topic=topic),
    }


@register.inclusion_tag("episodes/includes/workspace_episode_link.html", takes_context=True)
def workspace_episode_link(context, topic):
    """The workspace topic page's link to the episode form, for who may use it."""
    user = context["request"].user
    return {"topic": topic, "can_edit": can(user, "episodes.edit_episode", topic)}


@register.inclusion_tag("episodes/includes/transcript_results.html")
def transcript_results(query):
    """The search page's "In the episodes" results: moments of published transcripts."""
    # Read before the rows: the visitors' page cache keeps the page under this version,
    # which every transcript written moves.
    versions.read(LISTS)
    return {"query": query, "cues": selectors.transcript_search(query=query) if query else []}


@register.inclusion_tag("episodes/includes/latest_episodes.html")
def latest_episodes():
    """The home page's latest episodes, each with its picture (home loads it by name)."""
    return {"cards": selectors.episodes_latest()}
