"""How far a topic travels: the clicks on the address members share."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from topics.models.topics import Topic


class TopicShareClicks(models.Model):
    """The clicks on a topic's share address (``/t/<slug>/``) in one day.

    One row per topic and day, counted up by ``topics.services.topic_share_click_record``
    (an update of the row, or its insert by the first click of the day). Clicks are
    not people: a person clicking twice an hour apart counts twice.
    """

    # Lookups by topic use the (topic, day) unique index.
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="share_clicks", db_index=False
    )
    day = models.DateField(_("day"))
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        ordering = ["topic", "day"]
        verbose_name = _("share-link clicks")
        verbose_name_plural = _("share-link clicks")
        constraints = [
            models.UniqueConstraint(fields=["topic", "day"], name="topic_share_clicks_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.topic_id} {self.day}: {self.clicks}"
