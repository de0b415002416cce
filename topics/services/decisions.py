"""Organizers decide on topics: accept or decline, schedule, publish."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.events import event_emit
from core.when import with_zone
from notifications.models import NotificationKind
from notifications.services import Notice, notify, notify_all
from topics.invitations import REQUEST, recording_invitations_soon, recording_people
from topics.models import (
    DecisionSubject,
    GuestAnswer,
    ParticipationRequest,
    ParticipationStatus,
    Studio,
    Topic,
    TopicLocation,
    TopicStatus,
)
from topics.rules import can
from topics.selectors.recordings import REMINDER_AHEAD, Conflict, recording_conflicts
from topics.services.lifecycle import (
    PAST_RECORDING_MESSAGE,
    TransitionError,
    topic_create,
    topic_transition,
)
from topics.services.people import decision_record, topic_followers, topic_team
from topics.video import video_embed


@transaction.atomic
def topic_decide(*, topic: Topic, to_status: str, actor: User, reason: str = "") -> Topic:
    """Accept, decline or send back to draft ("ask for changes"), telling the proposers."""
    if to_status not in (TopicStatus.ACCEPTED, TopicStatus.DECLINED, TopicStatus.DRAFT):
        raise TransitionError(_("This is not a decision organizers take here."))
    if to_status != TopicStatus.ACCEPTED and not reason.strip():
        raise ValidationError(_("Tell the proposer why, in a few words."), code="reason")
    topic_transition(topic=topic, to_status=to_status, actor=actor, reason=reason)
    notify(
        recipients=topic_team(topic),
        kind=NotificationKind.TOPIC_DECISION,
        topic=topic,
        actor=actor,
        status_label=(
            gettext_lazy("changes requested")
            if to_status == TopicStatus.DRAFT
            else TopicStatus(to_status).label
        ),
        message=reason,
    )
    event_emit("topic.decided", topic=topic, status=to_status)
    return topic


class ScheduleConflictError(ValidationError):
    """The recording would book a studio or a person another recording holds at an
    overlapping time: `conflicts` says which, in words the organizer may read."""

    def __init__(self, conflicts: list[str]):
        self.conflicts = conflicts
        super().__init__(conflicts, code="conflict")


def _conflict_text(conflict: Conflict, *, viewer: User) -> str:
    """One conflict in words; the other recording's title only for its organizers."""
    other = conflict.other
    params = {"when": with_zone(other.recording_at)}
    shown = can(viewer, "topics.decide_topic", other)
    if shown:
        params["title"] = other.title
    if conflict.studio is not None:
        params["studio"] = conflict.studio.name
        if shown:
            return _("%(studio)s is booked for “%(title)s” at %(when)s.") % params
        return _("%(studio)s is booked for another recording at %(when)s.") % params
    params["name"] = conflict.person.display_name
    if shown:
        return _("%(name)s is expected at the recording of “%(title)s” at %(when)s.") % params
    return _("%(name)s is expected at another recording at %(when)s.") % params


def _studio_check(topic: Topic, studio: Studio) -> None:
    if studio.channel_id != topic.channel_id:
        raise ValidationError(_("Choose a studio of this topic's channel."), code="studio")
    if not studio.is_active and studio.pk != topic.studio_id:
        raise ValidationError(_("This studio is no longer in use; choose another."), code="studio")


@transaction.atomic
def topic_schedule(
    *,
    topic: Topic,
    actor: User,
    recording_at,
    location_detail: str = "",
    duration: int = 60,
    studio: Studio | None = None,
    location: str | None = None,
    override: bool = False,
) -> Topic:
    """Set (or move) the recording; the people on the set get the calendar invitation,
    followers hear about it.

    In a studio of the topic's channel (its address replaces `location_detail`), or
    elsewhere (`location`, remote or on site, with `location_detail`: the link or the
    address). A recording that books a studio or a person another recording holds at
    an overlapping time, in any channel, raises ScheduleConflictError unless
    `override`: then the conflicts are kept in the topic's audit trail."""
    if recording_at is None:
        raise ValidationError(_("Choose the recording date and time."), code="required")
    if recording_at <= timezone.now():
        raise ValidationError(PAST_RECORDING_MESSAGE, code="past")
    if topic.status not in (TopicStatus.ACCEPTED, TopicStatus.SCHEDULED):
        raise TransitionError(_("Only an accepted topic can be scheduled."))
    if studio is not None:
        _studio_check(topic, studio)
    conflicts = [
        _conflict_text(conflict, viewer=actor)
        for conflict in recording_conflicts(
            topic=topic, start=recording_at, duration=duration, studio=studio
        )
    ]
    if conflicts and not override:
        raise ScheduleConflictError(conflicts)
    reason = (
        _("Scheduled despite conflicts: %(conflicts)s") % {"conflicts": " ".join(conflicts)}
        if conflicts
        else ""
    )
    if topic.status == TopicStatus.ACCEPTED:
        topic_transition(topic=topic, to_status=TopicStatus.SCHEDULED, actor=actor, reason=reason)
    else:
        decision_record(
            topic=topic,
            actor=actor,
            from_status=TopicStatus.SCHEDULED,
            to_status=TopicStatus.SCHEDULED,
            reason=f"{_('Recording moved')}. {reason}" if reason else _("Recording moved"),
        )
    if topic.recording_at is not None:
        # Moved, or scheduled again after a cancellation: calendars replace the event
        # they hold (same UID) with this one.
        topic.recording_sequence += 1
    topic.recording_at = recording_at
    topic.recording_duration = duration
    topic.studio = studio
    if studio is not None:
        topic.location = TopicLocation.STUDIO
        topic.location_detail = ""
    else:
        topic.location = location or topic.location
        topic.location_detail = location_detail
    # Scheduled for within a day: the schedule's own notice is the reminder.
    soon = recording_at - timezone.now() <= REMINDER_AHEAD
    topic.recording_reminded_sequence = topic.recording_sequence if soon else None
    topic.save(
        update_fields=[
            "recording_at",
            "recording_duration",
            "studio",
            "location",
            "location_detail",
            "recording_sequence",
            "recording_reminded_sequence",
            "updated_at",
        ]
    )
    recording_invitations_soon(topic, method=REQUEST, members=recording_people(topic))
    when = timezone.localtime(recording_at).strftime("%Y-%m-%d %H:%M")
    # The exact address goes to those who may read it on the page (topics.view_address):
    # the team and the accepted participants; other followers hear the date and the
    # studio's name.
    told_address = topic_team(topic) + list(
        User.objects.filter(
            participation_requests__topic=topic,
            participation_requests__status=ParticipationStatus.ACCEPTED,
            # A guest who declined the invitation is no longer on the set.
            participation_requests__guest_answer__in=[GuestAnswer.WAITING, GuestAnswer.CONFIRMED],
        )
    )
    address_ids = {member.pk for member in told_address}
    notify_all(
        [
            Notice(
                told_address,
                NotificationKind.TOPIC_SCHEDULED,
                topic,
                actor,
                status_label=when,
                # The whole address, on a line of its own in the notice and the mail.
                message=topic.recording_address,
                event_at=recording_at,
            ),
            Notice(
                [m for m in topic_followers(topic) if m.pk not in address_ids],
                NotificationKind.TOPIC_SCHEDULED,
                topic,
                actor,
                status_label=when,
                message=topic.studio.public_label if topic.studio_id else "",
                event_at=recording_at,
            ),
        ]
    )
    event_emit("topic.scheduled", topic=topic)
    return topic


def _video_check(video_url: str) -> None:
    if video_embed(video_url) is None:
        raise ValidationError(
            _("Use a YouTube, Vimeo or PeerTube link, or an https link to a video file."),
            code="video",
        )


@transaction.atomic
def topic_video_replace(*, topic: Topic, actor: User, video_url: str) -> Topic:
    """Another video for the published episode (a better cut, a new host); kept in the
    topic's history."""
    if not can(actor, "topics.replace_video", topic):
        raise PermissionDenied
    _video_check(video_url)
    topic.video_url = video_url
    topic.save(update_fields=["video_url", "updated_at"])
    decision_record(
        topic=topic,
        actor=actor,
        subject=DecisionSubject.VIDEO,
        subject_label=video_url,
        from_status=TopicStatus.PUBLISHED,
        to_status=TopicStatus.PUBLISHED,
    )
    return topic


@transaction.atomic
def topic_follow_up_create(*, topic: Topic, actor: User, title: str, summary: str) -> Topic:
    """A follow-up episode: a topic of its own in the same channel, brought by the same
    proposers, accepted straight away by the organizer who plans it, and naming the
    topic it follows (both list each other among their connected subjects). It goes
    through scheduling, recording and publication like any topic."""
    if not topic.is_recorded:
        raise TransitionError(_("A follow-up is planned once the recording took place."))
    follow_up = topic_create(
        proposer=topic.proposer,
        channel=topic.channel,
        title=title,
        summary=summary,
        body=topic.body,
        language=topic.language,
        format=topic.format,
        treatment=topic.treatment,
        location=topic.location,
        connected_topics=[topic],
    )
    follow_up.follow_up_of = topic
    follow_up.save(update_fields=["follow_up_of"])
    follow_up.co_proposers.set(topic.co_proposers.all())
    topic.connected_topics.add(follow_up)
    topic_transition(topic=follow_up, to_status=TopicStatus.PROPOSED, actor=actor)
    topic_decide(
        topic=follow_up,
        to_status=TopicStatus.ACCEPTED,
        actor=actor,
        reason=_("Follow-up of “%(title)s”.") % {"title": topic.title},
    )
    return follow_up


@transaction.atomic
def topic_recording_cancel(*, topic: Topic, actor: User, reason: str) -> Topic:
    """The recording will not take place as planned: the topic goes back to accepted
    (to be scheduled again), the calendars remove the event, the people on the set are
    told why and the followers that the date no longer holds."""
    if not reason.strip():
        raise ValidationError(_("Tell the team and the guests why, in a few words."))
    people = recording_people(topic)
    told = {member.pk for member in people}
    topic_transition(topic=topic, to_status=TopicStatus.ACCEPTED, actor=actor, reason=reason)
    notify_all(
        [
            # The people on the set hear why; the followers who heard of the date, that
            # it no longer holds.
            Notice(people, NotificationKind.RECORDING_CANCELLED, topic, actor, message=reason),
            Notice(
                [m for m in topic_followers(topic) if m.pk not in told],
                NotificationKind.RECORDING_CANCELLED,
                topic,
                actor,
            ),
        ]
    )
    return topic


@transaction.atomic
def topic_mark_recorded(*, topic: Topic, actor: User) -> Topic:
    """The recording took place (the requests still waiting close with the move, see
    topic_transition); the guests' consent stays theirs to withdraw until publication."""
    topic_transition(topic=topic, to_status=TopicStatus.RECORDED, actor=actor)
    return topic


@transaction.atomic
def topic_post_production_start(*, topic: Topic, actor: User) -> Topic:
    """The recording is being edited: the team sees it in the topic's history. Only from
    recorded: a published episode goes back to post-production by topic_unpublish, with
    its reason."""
    locked = Topic.objects.select_for_update().only("status").get(pk=topic.pk)
    if locked.status != TopicStatus.RECORDED:
        raise TransitionError(
            _("Post-production starts once the recording took place."), code="transition"
        )
    topic_transition(topic=topic, to_status=TopicStatus.POST_PRODUCTION, actor=actor)
    return topic


@transaction.atomic
def topic_unpublish(*, topic: Topic, actor: User, reason: str) -> Topic:
    """The episode leaves the site (back to post-production, its video kept for the
    organizers) until it is published again; the reason is kept in its history."""
    if not can(actor, "topics.unpublish_topic", topic):
        raise PermissionDenied
    topic_transition(topic=topic, to_status=TopicStatus.POST_PRODUCTION, actor=actor, reason=reason)
    return topic


@transaction.atomic
def topic_publish(*, topic: Topic, actor: User, video_url: str) -> Topic:
    """Publish the episode. Every accepted participant must have consented to being
    filmed and published (a guest who withdrew, or never answered, holds it back)."""
    _video_check(video_url)
    without_consent = [
        request.applicant.display_name
        for request in ParticipationRequest.objects.filter(
            topic=topic, status=ParticipationStatus.ACCEPTED, consent_at__isnull=True
        ).select_related("applicant")
    ]
    if without_consent:
        raise ValidationError(
            _(
                "Not published: no consent to being filmed and published from %(names)s. "
                "Wait for it, or decline their participation if they were not recorded."
            ),
            code="consent",
            params={"names": ", ".join(sorted(without_consent))},
        )
    published_before = topic.transitions.filter(to_status=TopicStatus.PUBLISHED).exists()
    topic_transition(topic=topic, to_status=TopicStatus.PUBLISHED, actor=actor)
    topic.video_url = video_url
    topic.published_at = timezone.now()
    topic.first_published_at = topic.first_published_at or topic.published_at
    topic.save(update_fields=["video_url", "published_at", "first_published_at", "updated_at"])
    if not published_before:  # published again after a withdrawal: no second news
        notify(
            recipients=topic_followers(topic) + topic_team(topic),
            kind=NotificationKind.TOPIC_PUBLISHED,
            topic=topic,
            actor=actor,
        )
    event_emit("episode.published", topic=topic, first_publication=not published_before)
    return topic
