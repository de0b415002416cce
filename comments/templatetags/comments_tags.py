"""Blocks the topic page and the workspace load by name: the topics app never imports this one."""

from functools import partial

from django import template

from comments import selectors
from comments.forms import CommentForm
from comments.models import CommentReport

register = template.Library()


def comment_page_number(request) -> int:
    """The page of the comment thread asked for (?comments=N); anything else is page 1."""
    try:
        return max(1, int(request.GET.get("comments", "1")))
    except ValueError:
        return 1


@register.inclusion_tag("comments/includes/topic_comments.html", takes_context=True)
def topic_comments(context, topic, page_versions):
    """The topic page's thread, a page of conversations at a time, and the form to post.

    The thread is a fragment cached under the topic's comments version
    (`page_versions.comments`, see topics.selectors.TopicPageVersions), read only when
    it is missing; a comment form sent back with errors comes in the page's context."""
    request = context["request"]
    number = comment_page_number(request)
    return {
        "request": request,
        "user": request.user,
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
        "topic": topic,
        "v": page_versions,
        "comment_page_number": number,
        "comment_page": partial(selectors.comment_page, topic=topic, number=number),
        "comment_form": context.get("comment_form"),
        # Built only when its cached rendering is missing.
        "blank_comment_form": partial(CommentForm, topic=topic),
    }


@register.simple_tag(takes_context=True)
def channel_reported_comments(context, channel_id: int, channel_ids) -> list[CommentReport]:
    """The open reports on a channel's comments, for its desk in the workspace: those of
    every channel on the page are read once, in one query."""
    key = ("channel_reported_comments", tuple(channel_ids))
    by_channel = context.render_context.get(key)
    if by_channel is None:
        by_channel = selectors.reports_open_by_channel(channel_ids=list(channel_ids))
        context.render_context[key] = by_channel
    return by_channel.get(channel_id, [])


@register.inclusion_tag("comments/includes/workspace_topic_reports.html", takes_context=True)
def topic_reported_comments(context, topic):
    """The workspace's card of a topic's reported comments, each with its decision."""
    return {
        "request": context["request"],
        "topic": topic,
        "reports": selectors.reports_open_for_topic(topic=topic),
    }
