"""Who may do what with topics. Views and templates ask these, nothing else."""

import rules
from django.utils import timezone

from topics.models import PUBLIC_STATUSES, Comment, ParticipationStatus, Topic

ORGANIZERS_GROUP = "Organizers"
COMMENT_EDIT_MINUTES = 15


def _is_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def organizes_all_channels(user) -> bool:
    """Staff, superusers and members of the Organizers group (memoised per request)."""
    if not _is_member(user):
        return False
    cached = getattr(user, "_webcastory_global_organizer", None)
    if cached is None:
        cached = (
            user.is_staff
            or user.is_superuser
            or (user.groups.filter(name=ORGANIZERS_GROUP).exists())
        )
        user._webcastory_global_organizer = cached
    return cached


def organized_channel_ids(user) -> frozenset[int]:
    cached = getattr(user, "_webcastory_channel_ids", None)
    if cached is None:
        cached = frozenset(user.organized_channels.values_list("pk", flat=True))
        user._webcastory_channel_ids = cached
    return cached


@rules.predicate
def is_organizer(user) -> bool:
    """Organizes at least one channel (for the workspace entry point)."""
    return organizes_all_channels(user) or (_is_member(user) and bool(organized_channel_ids(user)))


@rules.predicate
def is_topic_organizer(user, topic: Topic) -> bool:
    if not _is_member(user) or topic is None:
        return False
    return organizes_all_channels(user) or topic.channel_id in organized_channel_ids(user)


@rules.predicate
def is_proposer(user, topic: Topic) -> bool:
    return _is_member(user) and topic is not None and topic.proposer_id == user.pk


@rules.predicate
def is_co_proposer(user, topic: Topic) -> bool:
    if not _is_member(user) or topic is None:
        return False
    ids = getattr(topic, "_co_proposer_ids", None)
    if ids is None:
        ids = frozenset(topic.co_proposers.values_list("pk", flat=True))
        topic._co_proposer_ids = ids
    return user.pk in ids


@rules.predicate
def is_accepted_participant(user, topic: Topic) -> bool:
    if not _is_member(user) or topic is None:
        return False
    ids = getattr(topic, "_accepted_participant_ids", None)
    if ids is None:
        ids = frozenset(
            topic.participation_requests.filter(status=ParticipationStatus.ACCEPTED).values_list(
                "applicant_id", flat=True
            )
        )
        topic._accepted_participant_ids = ids
    return user.pk in ids


@rules.predicate
def is_public_topic(user, topic: Topic) -> bool:
    return topic is not None and topic.status in PUBLIC_STATUSES


@rules.predicate
def is_authenticated_member(user) -> bool:
    return _is_member(user)


@rules.predicate
def is_comment_author(user, comment: Comment) -> bool:
    return _is_member(user) and comment is not None and comment.author_id == user.pk


@rules.predicate
def is_comment_fresh(user, comment: Comment) -> bool:
    if comment is None or comment.is_deleted:
        return False
    age = timezone.now() - comment.created_at
    return age.total_seconds() <= COMMENT_EDIT_MINUTES * 60


is_topic_team = is_proposer | is_co_proposer
is_topic_insider = is_topic_team | is_topic_organizer

rules.add_perm("topics.propose_topic", is_authenticated_member)
rules.add_perm("topics.read_topic", is_public_topic | is_topic_insider)
rules.add_perm("topics.edit_topic", is_topic_insider)
rules.add_perm("topics.submit_topic", is_topic_team)
rules.add_perm("topics.withdraw_topic", is_topic_team)
rules.add_perm("topics.decide_topic", is_topic_organizer)
rules.add_perm("topics.view_preparation_notes", is_topic_insider | is_accepted_participant)
rules.add_perm("topics.view_feedback", is_topic_insider)
rules.add_perm("topics.view_participation_requests", is_topic_insider)
rules.add_perm("topics.take_part", is_authenticated_member & is_public_topic)
rules.add_perm("topics.edit_comment", is_comment_author & is_comment_fresh)
rules.add_perm("topics.delete_comment", is_comment_author)
rules.add_perm("topics.access_workspace", is_organizer)
