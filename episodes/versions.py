"""Which cache versions a write to an episodes model moves (see core/versions.py).

An episode shows on its topic's page ("Watch the episode", keyed by the topic's
version), on its own page, in the search (transcripts) and in the channel's podcast:
a write moves the topic's version and the lists'.
"""

from accounts.models import User
from core import versions
from core.versions import LISTS, watch
from episodes.models import Chapter, Episode


def _episode(episode: Episode):
    return (versions.topic(episode.topic_id), LISTS)


def _chapter(chapter: Chapter):
    topic_id = (
        Episode.objects.filter(pk=chapter.episode_id).values_list("topic_id", flat=True).first()
    )
    return () if topic_id is None else (versions.topic(topic_id), LISTS)


def _host_appearances(member: User):
    """The episodes that credit this member as their host."""
    if member.pk is None:
        return ()
    topic_ids = Episode.objects.filter(host_member=member).values_list("topic_id", flat=True)
    return [versions.topic(pk) for pk in set(topic_ids)]


def watch_episodes() -> None:
    watch(Episode, _episode, needs=("topic_id",))
    watch(Chapter, _chapter, needs=("episode_id",))
    watch(User, _host_appearances, shown=User.DISPLAY_FIELDS)
