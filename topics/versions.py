"""Which cache versions a write to a topics model moves (see core/versions.py).

Read by `TopicsConfig.ready()`. A model missing here is shown on no cached
page; tests/core/test_staleness.py fails for a model registered in the admin
that is neither watched nor listed there as uncached.
"""

from django.db.models import Q

from accounts.models import User
from core import versions
from core.versions import CHANNELS, LISTS, watch
from topics.models import Channel, Opinion, ParticipationRequest, Studio, Topic


def _topic(topic: Topic):
    return (versions.topic(topic.pk), LISTS)


def _channel(channel: Channel):
    return (versions.channel(channel.pk), CHANNELS, LISTS)


def _studio(studio: Studio):
    """The topic pages that show where their recording is."""
    if studio.pk is None:
        return ()
    return tuple(
        versions.topic(pk)
        for pk in Topic.objects.filter(studio=studio).values_list("pk", flat=True)
    )


def _opinion(opinion: Opinion):
    return (versions.topic_activity(opinion.topic_id), LISTS)


def _participation(request: ParticipationRequest):
    # Accepted participants are on the topic page, and the rules read them with the topic.
    return (versions.topic(request.topic_id), versions.topic_activity(request.topic_id))


def _member_appearances(member: User):
    """Every topic that shows this member's name or picture (their comments' threads:
    comments/versions.py)."""
    if member.pk is None:
        return ()
    brought = Topic.objects.filter(
        Q(proposer=member) | Q(co_proposers=member) | Q(participation_requests__applicant=member)
    ).values_list("pk", flat=True)
    return tuple(versions.topic(pk) for pk in set(brought))


def watch_topics() -> None:
    watch(Topic, _topic, m2m=("co_proposers", "connected_topics"))
    watch(Channel, _channel)
    watch(Studio, _studio)
    watch(Opinion, _opinion, needs=("topic_id",))
    watch(ParticipationRequest, _participation, needs=("topic_id",))
    watch(User, _member_appearances, shown=User.DISPLAY_FIELDS)
