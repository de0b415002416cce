"""Who may do what with topics. Views and templates ask these, nothing else."""

import rules
from django.db import connection
from django.utils import timezone

from topics.models import (
    PUBLIC_STATUSES,
    TOPIC_TRANSITIONS,
    Comment,
    CoProposerInvitation,
    InvitationStatus,
    ParticipationStatus,
    Topic,
    TopicStatus,
)

ORGANIZERS_GROUP = "Organizers"
COMMENT_EDIT_MINUTES = 15


def _is_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


# Asked on most pages a member sees, hence hand-written: one round trip.
_ORGANIZER_ROLE_SQL = """
SELECT 'group', 0 FROM accounts_user_groups ug JOIN auth_group g ON g.id = ug.group_id
  WHERE ug.user_id = %(member)s AND g.name = %(group)s
UNION ALL
SELECT 'channel', channel_id FROM topics_channel_organizers WHERE user_id = %(member)s
"""


def can(user, perm: str, obj=None) -> bool:
    """Whether `user` may do `perm` (on `obj`): the one question views, templates and
    tags ask, answered by the rules alone.

    Superusers follow one rule: they organize every channel (see
    `organizes_all_channels`), and nothing more. They decide on any topic, but are
    not offered feedback on a topic they bring, nor a button for a transition the
    topic's state does not allow. Django's `user.has_perm` (which grants superusers
    everything) stays the admin's business."""
    return rules.has_perm(perm, user, obj)


def _organizer_role(user) -> tuple[bool, frozenset[int]]:
    """(organizes every channel, ids of the channels they organize): one query, memoised
    on the user object for the rest of the request."""
    role = getattr(user, "_webcastory_organizer_role", None)
    if role is None:
        if user.is_staff or user.is_superuser:
            role = (True, frozenset())
        else:
            with connection.cursor() as cursor:
                cursor.execute(_ORGANIZER_ROLE_SQL, {"member": user.pk, "group": ORGANIZERS_GROUP})
                rows = cursor.fetchall()
            role = (
                any(kind == "group" for kind, _channel in rows),
                frozenset(channel for kind, channel in rows if kind == "channel"),
            )
        user._webcastory_organizer_role = role
    return role


def organizer_role_known(user, *, in_organizers_group: bool) -> None:
    """Record the role of a member read with other data (see topics.selectors
    .topic_member_state), who organizes no single channel: no query left to ask."""
    if not (user.is_staff or user.is_superuser):
        user._webcastory_organizer_role = (in_organizers_group, frozenset())


def organizes_all_channels(user) -> bool:
    """Staff, superusers and members of the Organizers group."""
    return _is_member(user) and _organizer_role(user)[0]


def organized_channel_ids(user) -> frozenset[int]:
    return _organizer_role(user)[1] if _is_member(user) else frozenset()


def co_proposer_ids(topic: Topic) -> frozenset[int]:
    """Memoised on the topic, which keeps it when cached (topics.selectors.topic_for_reading)."""
    ids = getattr(topic, "_co_proposer_ids", None)
    if ids is None:
        ids = frozenset(member.pk for member in topic.co_proposers.all())
        topic._co_proposer_ids = ids
    return ids


def accepted_participant_ids(topic: Topic) -> frozenset[int]:
    ids = getattr(topic, "_accepted_participant_ids", None)
    if ids is None:
        ids = frozenset(
            topic.participation_requests.filter(status=ParticipationStatus.ACCEPTED).values_list(
                "applicant_id", flat=True
            )
        )
        topic._accepted_participant_ids = ids
    return ids


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
    return _is_member(user) and topic is not None and user.pk in co_proposer_ids(topic)


@rules.predicate
def is_accepted_participant(user, topic: Topic) -> bool:
    return _is_member(user) and topic is not None and user.pk in accepted_participant_ids(topic)


@rules.predicate
def is_public_topic(user, topic: Topic) -> bool:
    return topic is not None and topic.status in PUBLIC_STATUSES


@rules.predicate
def is_episode_published(user, topic: Topic) -> bool:
    """The recording is over: requests to take part (and sponsor offers) are closed."""
    return topic is not None and topic.status == TopicStatus.PUBLISHED


def _may_become(status: str):
    """The topic's state allows the move to `status` (the life cycle in topics.models)."""

    @rules.predicate(name=f"may_become_{status}")
    def predicate(user, topic: Topic) -> bool:
        return topic is not None and status in TOPIC_TRANSITIONS[topic.status]

    return predicate


may_be_submitted = _may_become(TopicStatus.PROPOSED)
may_be_withdrawn = _may_become(TopicStatus.WITHDRAWN)


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


@rules.predicate
def is_invitee(user, invitation: CoProposerInvitation) -> bool:
    return _is_member(user) and invitation is not None and invitation.invitee_id == user.pk


@rules.predicate
def is_invitation_open(user, invitation: CoProposerInvitation) -> bool:
    return invitation is not None and invitation.status == InvitationStatus.PENDING


is_topic_team = is_proposer | is_co_proposer
is_topic_insider = is_topic_team | is_topic_organizer
# Opinions, feedback and requests to take part come from members who do not bring
# the topic: its proposers and co-proposers are not offered them.
may_contribute = is_authenticated_member & is_public_topic & ~is_topic_team

rules.add_perm("topics.propose_topic", is_authenticated_member)
rules.add_perm("topics.read_topic", is_public_topic | is_topic_insider)
rules.add_perm("topics.edit_topic", is_topic_insider)
rules.add_perm("topics.submit_topic", is_topic_team & may_be_submitted)
rules.add_perm("topics.withdraw_topic", is_topic_team & may_be_withdrawn)
# Co-proposers are invited (and removed) by the proposer or the organizers; an
# invitation is answered by its invitee alone.
rules.add_perm("topics.invite_co_proposers", is_proposer | is_topic_organizer)
rules.add_perm("topics.answer_co_proposer_invitation", is_invitee & is_invitation_open)
rules.add_perm("topics.decide_topic", is_topic_organizer)
rules.add_perm("topics.view_preparation_notes", is_topic_insider | is_accepted_participant)
# The exact address of the recording: for the people on the set and those who run it;
# everyone else reads the kind of place only ("In the Webcastory studios").
rules.add_perm("topics.view_address", is_topic_insider | is_accepted_participant)
rules.add_perm("topics.view_feedback", is_topic_insider)
rules.add_perm("topics.view_participation_requests", is_topic_insider)
rules.add_perm("topics.give_opinion", may_contribute)
rules.add_perm("topics.give_feedback", may_contribute)
rules.add_perm("topics.take_part", may_contribute & ~is_episode_published)
rules.add_perm("topics.edit_comment", is_comment_author & is_comment_fresh)
rules.add_perm("topics.delete_comment", is_comment_author)
rules.add_perm("topics.access_workspace", is_organizer)
