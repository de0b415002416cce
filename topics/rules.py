"""Who may do what with topics. Views and templates ask these, nothing else."""

import rules
from django.core.cache import caches
from django.db.models import F, Value

from accounts.models import User
from core import versions
from core.requestscope import memo
from topics.models import (
    PUBLIC_STATUSES,
    TOPIC_TRANSITIONS,
    Channel,
    CoProposerInvitation,
    GuestAnswer,
    InvitationStatus,
    ParticipationRequest,
    ParticipationStatus,
    Topic,
    TopicStatus,
)

ORGANIZERS_GROUP = "Organizers"


def _is_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


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
    """(organizes every channel, ids of the channels they organize): one query, kept for
    the rest of the request (core.requestscope)."""
    roles = memo("organizer-roles")
    role = roles.get(user.pk)
    if role is None:
        if user.is_staff or user.is_superuser:
            role = (True, frozenset())
        else:
            # One round trip: a row for the group, a row per channel organized.
            group = User.groups.through.objects.filter(
                user_id=user.pk, group__name=ORGANIZERS_GROUP
            ).annotate(kind=Value("group"), channel_pk=Value(0))
            channels = Channel.organizers.through.objects.filter(user_id=user.pk).annotate(
                kind=Value("channel"), channel_pk=F("channel_id")
            )
            rows = group.values_list("kind", "channel_pk").union(
                channels.values_list("kind", "channel_pk"), all=True
            )
            rows = list(rows)
            role = (
                any(kind == "group" for kind, _channel in rows),
                frozenset(channel for kind, channel in rows if kind == "channel"),
            )
        roles[user.pk] = role
    return role


def organizer_role_known(user, *, in_organizers_group: bool) -> None:
    """Record the role of a member read with other data (see topics.selectors
    .topic_member_state), who organizes no single channel: no query left to ask."""
    if not (user.is_staff or user.is_superuser):
        memo("organizer-roles")[user.pk] = (in_organizers_group, frozenset())


def organizes_all_channels(user) -> bool:
    """Staff, superusers and members of the Organizers group."""
    return _is_member(user) and _organizer_role(user)[0]


def organized_channel_ids(user) -> frozenset[int]:
    return _organizer_role(user)[1] if _is_member(user) else frozenset()


def _topic_people(topic: Topic) -> tuple[frozenset[int], frozenset[int]]:
    """(co-proposer ids, accepted participant ids): kept in the worker's memory while
    the topic's version holds, and for the rest of the request."""
    people = memo("topic-people")
    found = people.get(topic.pk)
    if found is None:
        key = f"topic-people:{topic.pk}:{versions.token(versions.topic(topic.pk))}"
        found = caches["local"].get(key)
        if found is None:
            found = (
                frozenset(
                    Topic.co_proposers.through.objects.filter(topic_id=topic.pk).values_list(
                        "user_id", flat=True
                    )
                ),
                # A guest who declined the invitation is no longer on the set.
                frozenset(
                    ParticipationRequest.objects.filter(
                        topic_id=topic.pk, status=ParticipationStatus.ACCEPTED
                    )
                    .exclude(guest_answer=GuestAnswer.DECLINED)
                    .values_list("applicant_id", flat=True)
                ),
            )
            caches["local"].set(key, found)
        people[topic.pk] = found
    return found


def co_proposer_ids(topic: Topic) -> frozenset[int]:
    return _topic_people(topic)[0]


def accepted_participant_ids(topic: Topic) -> frozenset[int]:
    return _topic_people(topic)[1]


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
def is_channel_organizer(user, channel: Channel) -> bool:
    if not _is_member(user) or channel is None:
        return False
    return organizes_all_channels(user) or channel.pk in organized_channel_ids(user)


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
def is_recording_over(user, topic: Topic) -> bool:
    """The recording took place: requests to take part are closed."""
    return topic is not None and topic.is_recording_over


@rules.predicate
def was_published(user, topic: Topic) -> bool:
    """Published, or published once: sponsor offers are closed."""
    return topic is not None and topic.was_published


@rules.predicate
def is_on_the_site(user, topic: Topic) -> bool:
    """The episode is published, on the site now."""
    return topic is not None and topic.status == TopicStatus.PUBLISHED


def _may_become(status: str):
    """The topic's state allows the move to `status` (the life cycle in topics.models)."""

    @rules.predicate(name=f"may_become_{status}")
    def predicate(user, topic: Topic) -> bool:
        return topic is not None and status in TOPIC_TRANSITIONS[topic.status]

    return predicate


may_be_submitted = _may_become(TopicStatus.PROPOSED)
may_be_withdrawn = _may_become(TopicStatus.WITHDRAWN)
may_be_published = _may_become(TopicStatus.PUBLISHED)
may_be_marked_recorded = _may_become(TopicStatus.RECORDED)
may_go_to_post_production = _may_become(TopicStatus.POST_PRODUCTION)


@rules.predicate
def is_scheduled(user, topic: Topic) -> bool:
    return topic is not None and topic.status == TopicStatus.SCHEDULED


@rules.predicate
def may_have_follow_up(user, topic: Topic) -> bool:
    """The recording took place: a follow-up episode may be planned."""
    return topic is not None and topic.is_recorded


@rules.predicate
def is_awaiting_decision(user, topic: Topic) -> bool:
    return topic is not None and topic.status == TopicStatus.PROPOSED


@rules.predicate
def may_be_scheduled(user, topic: Topic) -> bool:
    """Accepted, or scheduled already (a new date is a reschedule)."""
    return topic is not None and topic.status in (TopicStatus.ACCEPTED, TopicStatus.SCHEDULED)


@rules.predicate
def is_authenticated_member(user) -> bool:
    return _is_member(user)


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
# What the workspace offers on a topic, by its state.
rules.add_perm("topics.decide_proposal", is_topic_organizer & is_awaiting_decision)
rules.add_perm("topics.schedule_topic", is_topic_organizer & may_be_scheduled)
rules.add_perm("topics.cancel_recording", is_topic_organizer & is_scheduled)
rules.add_perm("topics.mark_recorded", is_topic_organizer & may_be_marked_recorded)
rules.add_perm(
    "topics.start_post_production",
    is_topic_organizer & may_go_to_post_production & ~is_on_the_site,
)
rules.add_perm("topics.publish_topic", is_topic_organizer & may_be_published)
rules.add_perm("topics.plan_follow_up", is_topic_organizer & may_have_follow_up)
rules.add_perm("topics.replace_video", is_topic_organizer & is_on_the_site)
rules.add_perm("topics.unpublish_topic", is_topic_organizer & is_on_the_site)
rules.add_perm("topics.view_preparation_notes", is_topic_insider | is_accepted_participant)
# The exact address of the recording: for the people on the set and those who run it;
# everyone else reads the kind of place only ("In the Webcastory studios").
rules.add_perm("topics.view_address", is_topic_insider | is_accepted_participant)
rules.add_perm("topics.view_feedback", is_topic_insider)
rules.add_perm("topics.view_participation_requests", is_topic_insider)
rules.add_perm("topics.give_opinion", may_contribute)
rules.add_perm("topics.give_feedback", may_contribute)
rules.add_perm("topics.take_part", may_contribute & ~is_recording_over)
rules.add_perm("topics.access_workspace", is_organizer)
rules.add_perm("topics.handle_topic", is_topic_organizer)
# A channel's studios (topics.Studio): added, edited and retired by its organizers.
rules.add_perm("topics.manage_studios", is_channel_organizer)
