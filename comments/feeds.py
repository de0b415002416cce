"""The Atom feed of a topic's comments."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from comments.models import Comment
from core.names import from_name
from topics.feeds import FEED_ITEMS
from topics.models import PUBLIC_STATUSES, Topic


class TopicCommentsFeed(Feed):
    """The visible comments of one public topic, newest first (Atom)."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug, status__in=PUBLIC_STATUSES)

    def title(self, topic):
        return f"Webcastory · {topic.title}"

    def link(self, topic):
        return topic.get_absolute_url()

    def subtitle(self, topic):
        return topic.summary

    def items(self, topic):
        return (
            Comment.objects.filter(topic=topic, deleted_at__isnull=True, hidden_at__isnull=True)
            .select_related("author", "topic")
            .order_by("-created_at")[:FEED_ITEMS]
        )

    def item_title(self, comment):
        return _("Comment %(from_name)s") % {"from_name": from_name(comment.author.display_name)}

    def item_description(self, comment):
        return comment.body_html

    def item_link(self, comment):
        # The comment's own page: a permalink, whatever page of the thread it is on.
        return reverse("comments:comment_detail", args=[comment.pk])

    def item_author_name(self, comment):
        return comment.author.display_name

    def item_pubdate(self, comment):
        return comment.created_at
