"""Writes on topics and everything members do on a topic page."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from datetime import timedelta
from secrets import token_hex

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.images import image_reencode
from core.markdown import markdown_render
from topics.models import (
    OPEN_PARTICIPATION_STATUSES,
    PUBLIC_STATUSES,
    TOPIC_CONTENT_FIELDS,
    TOPIC_TRANSITIONS,
    Channel,
    Comment,
    CommentReport,
    CommentUseful,
    CoProposerInvitation,
    DecisionSubject,
    Feedback,
    InvitationStatus,
    NotificationKind,
    Opinion,
    ParticipationRequest,
    ParticipationStatus,
    Topic,
    TopicFollow,
    TopicStatus,
    TopicThread,
    TopicTransition,
)
from topics.notifications import Notice, notify, notify_all, queue_take
from topics.rules import COMMENT_EDIT_MINUTES, ORGANIZERS_GROUP, is_topic_team
from topics.search import topic_search_index
from topics.video import video_embed

PAST_RECORDING_MESSAGE = gettext_lazy("Choose a recording date and time in the future.")
OWN_TOPIC_MESSAGE = gettext_lazy(
    "You bring this topic: opinions, feedback and requests to take part are for other members."
)
NOT_OPEN_MESSAGE = gettext_lazy("This topic is not open to contributions.")
REQUESTS_CLOSED_MESSAGE = gettext_lazy("Recording is over; requests are closed.")


class TransitionError(ValidationError):
    """A status change the life cycle does not allow."""


# Slugs. A draft's address ends with a random part, so that it tells no one else
# anything; a topic takes its address from its title when it is first submitted,
# numbered (-2, -3…) after the topics that were public before it. A title that
# matches someone's draft thus gives no sign of it. The slug column is unique:
# two submissions racing for one address both succeed, the second one numbered.
SLUG_ATTEMPTS = 20
SLUG_NUMBERED_ATTEMPTS = 10


def _slug_base(title: str) -> str:
    return slugify(title, allow_unicode=False)[:150].strip("-") or "topic"


def _slug_draft(title: str) -> str:
    return f"{_slug_base(title)}-{token_hex(4)}"


def _slug_public(title: str, *, exclude_pk: int | None) -> str:
    base = _slug_base(title)
    taken = Topic.objects.exclude(pk=exclude_pk)
    slug, n = base, 2
    while taken.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _slug_save(topic: Topic, *, public: bool, update_fields: list[str] | None = None) -> None:
    """Save the topic under a free slug made from its title (see above). A concurrent
    save that takes the same slug first makes this one try the next."""
    for attempt in range(SLUG_ATTEMPTS):
        if public and attempt < SLUG_NUMBERED_ATTEMPTS:
            topic.slug = _slug_public(topic.title, exclude_pk=topic.pk)
        else:
            topic.slug = _slug_draft(topic.title)
        try:
            with transaction.atomic():
                topic.save(update_fields=update_fields)
        except IntegrityError:
            if not Topic.objects.filter(slug=topic.slug).exclude(pk=topic.pk).exists():
                raise  # another constraint than the slug's
            continue
        return
    raise IntegrityError("No free slug found for the topic.")


def _render(topic: Topic) -> None:
    topic.body_html = markdown_render(topic.body)
    topic.preparation_notes_html = markdown_render(topic.preparation_notes)


def _cover_store(topic: Topic, cover) -> None:
    clean = image_reencode(cover)
    for field in (topic.cover, topic.cover_thumbnail):
        if field:
            field.delete(save=False)
    topic.cover.save(clean.image.name, clean.image, save=False)
    topic.cover_thumbnail.save(clean.thumbnail.name, clean.thumbnail, save=False)


@transaction.atomic
def topic_create(
    *,
    proposer: User,
    channel: Channel,
    title: str,
    summary: str,
    body: str,
    submit: bool = False,
    cover=None,
    co_proposer_emails: Iterable[str] = (),
    connected_topics: Iterable[Topic] = (),
    **fields,
) -> Topic:
    """A new topic, saved as a draft; ``submit`` proposes it straight away. The
    addresses in ``co_proposer_emails`` are invited to bring it too."""
    topic = Topic(
        proposer=proposer, channel=channel, title=title, summary=summary, body=body, **fields
    )
    _render(topic)
    if cover is not None:
        _cover_store(topic, cover)
    _slug_save(topic, public=False)
    co_proposer_invitations_set(topic=topic, emails=co_proposer_emails, actor=proposer)
    topic.connected_topics.set([t for t in connected_topics if t.pk != topic.pk])
    topic_follow(topic=topic, member=proposer)
    topic_search_index(topic_ids=[topic.pk])
    if submit:
        topic_transition(topic=topic, to_status=TopicStatus.PROPOSED, actor=proposer)
    return topic


# Once accepted, these are what the organizers accepted: each edit of them is kept in
# the audit trail, with what changed, and the channel's organizers are told.
WATCHED_AFTER_ACCEPTANCE = ("title", "summary", "body")
EDIT_WATCHED_STATUSES = (TopicStatus.ACCEPTED, TopicStatus.SCHEDULED, TopicStatus.PUBLISHED)
EDIT_NOTICE_CHARACTERS = 2000


@transaction.atomic
def topic_update(
    *,
    topic: Topic,
    data: dict,
    actor: User | None = None,
    cover=None,
    co_proposer_emails: Iterable[str] | None = None,
    connected_topics: Iterable[Topic] | None = None,
) -> Topic:
    """Save a topic's content (the topic may already hold the new values, as a
    ModelForm leaves it); ``co_proposer_emails``, when given, is the whole list of
    co-proposers and invitations the topic should have."""
    before = Topic.objects.select_for_update().only("status", *WATCHED_AFTER_ACCEPTANCE)
    before = before.get(pk=topic.pk)
    for name in TOPIC_CONTENT_FIELDS:
        if name in data:
            setattr(topic, name, data[name])
    _render(topic)
    # Only what this edit sets is written: the instance may have been loaded before a
    # schedule or a publication committed, whose fields it would otherwise put back.
    concrete = {field.name for field in Topic._meta.concrete_fields}
    written = {name for name in data if name in concrete}
    written |= {"body_html", "preparation_notes_html", "updated_at"}
    if cover is not None:
        _cover_store(topic, cover)
        written |= {"cover", "cover_thumbnail"}
    topic.save(update_fields=written)
    if before.status in EDIT_WATCHED_STATUSES:
        _edit_after_acceptance_record(before=before, topic=topic, actor=actor)
    if co_proposer_emails is not None:
        co_proposer_invitations_set(topic=topic, emails=co_proposer_emails, actor=actor)
    if connected_topics is not None:
        topic.connected_topics.set([t for t in connected_topics if t.pk != topic.pk])
    topic_search_index(topic_ids=[topic.pk])
    return topic


@transaction.atomic
def topic_transition(
    *, topic: Topic, to_status: str, actor: User | None, reason: str = ""
) -> TopicTransition:
    """Move a topic along its life cycle; every move is kept in the audit trail."""
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    from_status = locked.status
    if to_status not in TOPIC_TRANSITIONS[from_status]:
        raise TransitionError(
            _("A topic cannot go from “%(from)s” to “%(to)s”."),
            code="transition",
            params={
                "from": TopicStatus(from_status).label,
                "to": TopicStatus(to_status).label,
            },
        )
    locked.status = to_status
    update_fields = ["status", "updated_at"]
    if to_status == TopicStatus.PROPOSED and locked.submitted_at is None:
        # First submitted: it takes its address from its title (see _slug_save).
        locked.submitted_at = timezone.now()
        update_fields += ["submitted_at", "slug"]
        _slug_save(locked, public=True, update_fields=update_fields)
    else:
        locked.save(update_fields=update_fields)
    topic.status = locked.status
    topic.submitted_at = locked.submitted_at
    topic.slug = locked.slug
    transition = decision_record(
        topic=topic, actor=actor, from_status=from_status, to_status=to_status, reason=reason
    )
    if from_status in PUBLIC_STATUSES and to_status not in PUBLIC_STATUSES:
        _topic_closed(topic=topic, actor=actor)
    return transition


# Apps above this one (sponsorship) tell their own people when a topic leaves the site:
# they register here as Django starts (their AppConfig.ready), since topics never
# imports them. Each is called as listener(topic=..., actor=...), inside the transition.
_topic_closed_listeners: list[Callable[..., None]] = []


def topic_closed_listen(listener: Callable[..., None]) -> None:
    if listener not in _topic_closed_listeners:
        _topic_closed_listeners.append(listener)


def _topic_closed(*, topic: Topic, actor: User | None) -> None:
    """A public topic was declined, sent back to draft or withdrawn: its page is gone for
    applicants, so their open requests close (they may apply again if it comes back),
    and they, like the apps' listeners' people (sponsors), are told."""
    requests = list(
        ParticipationRequest.objects.select_for_update()
        .filter(topic=topic, status__in=OPEN_PARTICIPATION_STATUSES)
        .select_related("applicant")
    )
    if requests:
        ParticipationRequest.objects.filter(pk__in=[r.pk for r in requests]).update(
            status=ParticipationStatus.CLOSED, decided_at=timezone.now()
        )
        for request in requests:
            decision_record(
                topic=topic,
                actor=actor,
                from_status=request.status,
                to_status=ParticipationStatus.CLOSED,
                subject=DecisionSubject.PARTICIPATION,
                subject_label=f"{request.applicant.display_name} ({request.get_role_display()})",
                subject_member=request.applicant,
            )
        notify(
            recipients=[r.applicant for r in requests],
            kind=NotificationKind.PARTICIPATION_DECISION,
            topic=topic,
            actor=actor,
            status_label=ParticipationStatus.CLOSED.label,
            url=reverse("topics:my_space"),
        )
    for listener in _topic_closed_listeners:
        listener(topic=topic, actor=actor)


def decision_record(
    *,
    topic: Topic,
    actor: User | None,
    from_status: str,
    to_status: str,
    reason: str = "",
    subject: str = DecisionSubject.TOPIC,
    subject_label: str = "",
    subject_member: User | None = None,
) -> TopicTransition:
    """Keep a decision in the topic's audit trail (any app may record one)."""
    return TopicTransition.objects.create(
        topic=topic,
        actor=actor,
        subject=subject,
        subject_label=subject_label[:200],
        subject_member=subject_member,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
    )


def _edit_after_acceptance_record(*, before: Topic, topic: Topic, actor: User | None) -> None:
    """Keep an edit of an accepted topic in its audit trail and tell its organizers."""
    changed = [
        name for name in WATCHED_AFTER_ACCEPTANCE if getattr(before, name) != getattr(topic, name)
    ]
    if not changed:
        return
    parts = []
    for name in changed:
        label = str(Topic._meta.get_field(name).verbose_name).capitalize()
        old, new = getattr(before, name), getattr(topic, name)
        if name == "body":
            diff = difflib.unified_diff(
                old.splitlines(), new.splitlines(), _("before"), _("after"), lineterm=""
            )
            parts.append(f"{label}:\n" + "\n".join(diff))
        else:
            parts.append(f"{label}: “{old}” → “{new}”")
    description = "\n\n".join(parts)
    decision_record(
        topic=topic,
        actor=actor,
        from_status=before.status,
        to_status=topic.status,
        reason=description,
        subject=DecisionSubject.EDIT,
        subject_label=", ".join(str(Topic._meta.get_field(name).verbose_name) for name in changed),
    )
    notify(
        recipients=_channel_organizers(topic),
        kind=NotificationKind.TOPIC_EDITED,
        topic=topic,
        actor=actor,
        message=description[:EDIT_NOTICE_CHARACTERS],
        url=reverse("topics:workspace_topic", kwargs={"slug": topic.slug}),
    )


def _channel_organizers(topic: Topic) -> list[User]:
    """The channel's own organizers and the members of the Organizers group."""
    return list(
        User.objects.filter(
            Q(organized_channels=topic.channel_id) | Q(groups__name=ORGANIZERS_GROUP),
            is_active=True,
        ).distinct()
    )


def _team(topic: Topic) -> list[User]:
    return [topic.proposer, *topic.co_proposers.all()]


def _followers(topic: Topic) -> list[User]:
    return [f.member for f in TopicFollow.objects.filter(topic=topic).select_related("member")]


# Organizers' decisions on topics ------------------------------------------------------


@transaction.atomic
def topic_decide(*, topic: Topic, to_status: str, actor: User, reason: str = "") -> Topic:
    """Accept, decline or send back to draft ("ask for changes"), telling the proposers."""
    if to_status not in (TopicStatus.ACCEPTED, TopicStatus.DECLINED, TopicStatus.DRAFT):
        raise TransitionError(_("This is not a decision organizers take here."))
    if to_status != TopicStatus.ACCEPTED and not reason.strip():
        raise ValidationError(_("Tell the proposer why, in a few words."), code="reason")
    topic_transition(topic=topic, to_status=to_status, actor=actor, reason=reason)
    notify(
        recipients=_team(topic),
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
    return topic


@transaction.atomic
def topic_schedule(
    *, topic: Topic, actor: User, recording_at, location_detail: str = "", duration: int = 60
) -> Topic:
    """Set (or move) the recording; followers hear about it."""
    if recording_at is None:
        raise ValidationError(_("Choose the recording date and time."), code="required")
    if recording_at <= timezone.now():
        raise ValidationError(PAST_RECORDING_MESSAGE, code="past")
    if topic.status == TopicStatus.ACCEPTED:
        topic_transition(topic=topic, to_status=TopicStatus.SCHEDULED, actor=actor)
    elif topic.status != TopicStatus.SCHEDULED:
        raise TransitionError(_("Only an accepted topic can be scheduled."))
    else:
        decision_record(
            topic=topic,
            actor=actor,
            from_status=TopicStatus.SCHEDULED,
            to_status=TopicStatus.SCHEDULED,
            reason=_("Recording moved"),
        )
    topic.recording_at = recording_at
    topic.recording_duration = duration
    topic.location_detail = location_detail
    topic.save(
        update_fields=["recording_at", "recording_duration", "location_detail", "updated_at"]
    )
    when = timezone.localtime(recording_at).strftime("%Y-%m-%d %H:%M")
    # The exact address goes to those who may read it on the page (topics.view_address):
    # the team and the accepted participants; other followers hear the date.
    told_address = _team(topic) + list(
        User.objects.filter(
            participation_requests__topic=topic,
            participation_requests__status=ParticipationStatus.ACCEPTED,
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
                message=location_detail,
            ),
            Notice(
                [m for m in _followers(topic) if m.pk not in address_ids],
                NotificationKind.TOPIC_SCHEDULED,
                topic,
                actor,
                status_label=when,
            ),
        ]
    )
    return topic


@transaction.atomic
def topic_publish(*, topic: Topic, actor: User, video_url: str) -> Topic:
    if video_embed(video_url) is None:
        raise ValidationError(
            _("Use a YouTube, Vimeo or PeerTube link, or an https link to a video file."),
            code="video",
        )
    topic_transition(topic=topic, to_status=TopicStatus.PUBLISHED, actor=actor)
    topic.video_url = video_url
    topic.published_at = timezone.now()
    topic.save(update_fields=["video_url", "published_at", "updated_at"])
    notify(
        recipients=_followers(topic) + _team(topic),
        kind=NotificationKind.TOPIC_PUBLISHED,
        topic=topic,
        actor=actor,
    )
    return topic


# Co-proposers -----------------------------------------------------------------------


@transaction.atomic
def co_proposer_invitations_attach(*, member: User) -> int:
    """A new member whose address was invited before they joined finds the invitations
    waiting for them (My space, a notification each); returns how many."""
    waiting = list(
        CoProposerInvitation.objects.select_for_update(of=("self",))
        .filter(status=InvitationStatus.PENDING, invitee=None, email=member.email.lower())
        .select_related("topic", "invited_by")
    )
    for invitation in waiting:
        invitation.invitee = member
        invitation.save(update_fields=["invitee"])
        _invitation_tell(recipients=[member], topic=invitation.topic, actor=invitation.invited_by)
    return len(waiting)


def _invitation_tell(*, recipients: list[User], topic: Topic, actor: User | None) -> None:
    """Invitees hear of their invitation, answered from My space."""
    notify(
        recipients=recipients,
        kind=NotificationKind.CO_PROPOSER_INVITATION,
        topic=topic,
        actor=actor,
        url=reverse("topics:my_space") + "#invitations",
    )


def co_proposer_invitations_set(*, topic: Topic, emails: Iterable[str], actor: User | None) -> None:
    """Make the topic's co-proposers and open invitations match these addresses.

    A new address is invited: the member who has it, if any, is told and may accept
    or decline; until then nothing is shown or granted. An address left out loses
    its invitation, or its co-proposer. Nothing here tells whether an address is a
    member's: every address gets the same invitation.
    """
    # One save of the list at a time per topic: the topic's row is the lock.
    Topic.objects.select_for_update().values_list("pk").get(pk=topic.pk)
    wanted = {email.strip().lower() for email in emails if email.strip()}
    wanted.discard(topic.proposer.email.lower())
    co_proposers = list(topic.co_proposers.all())
    for member in co_proposers:
        if member.email.lower() not in wanted:
            topic.co_proposers.remove(member)
            decision_record(
                topic=topic,
                actor=actor,
                from_status=InvitationStatus.ACCEPTED,
                to_status="removed",
                subject=DecisionSubject.CO_PROPOSER,
                subject_label=member.display_name,
                subject_member=member,
            )
    present = {member.email.lower() for member in co_proposers}
    pending = {
        invitation.email: invitation
        for invitation in topic.co_proposer_invitations.select_for_update().filter(
            status=InvitationStatus.PENDING
        )
    }
    gone = [invitation.pk for email, invitation in pending.items() if email not in wanted]
    if gone:
        CoProposerInvitation.objects.filter(pk__in=gone).update(
            status=InvitationStatus.WITHDRAWN, answered_at=timezone.now()
        )
    to_invite = wanted - present
    members = {
        member.email.lower(): member
        for member in User.objects.annotate(address=Lower("email")).filter(
            address__in=to_invite, is_active=True
        )
    }
    told = []
    for email in sorted(to_invite):
        member = members.get(email)
        if member is not None and member.pk == topic.proposer_id:
            continue
        invitation = pending.get(email)
        if invitation is None:
            CoProposerInvitation.objects.create(
                topic=topic, email=email, invitee=member, invited_by=actor
            )
        elif invitation.invitee_id is None and member is not None:
            # The address has become a member's since the invitation: it reaches them now.
            invitation.invitee = member
            invitation.save(update_fields=["invitee"])
        else:
            continue
        if member is not None:
            told.append(member)
    if told:
        _invitation_tell(recipients=told, topic=topic, actor=actor)


def co_proposer_invitation_accept(
    *, invitation: CoProposerInvitation, by: User
) -> CoProposerInvitation:
    """The invitee joins the topic's co-proposers: public co-author, editor, reader of
    its private feedback."""
    return _co_proposer_invitation_answer(
        invitation=invitation, by=by, status=InvitationStatus.ACCEPTED
    )


def co_proposer_invitation_decline(
    *, invitation: CoProposerInvitation, by: User
) -> CoProposerInvitation:
    return _co_proposer_invitation_answer(
        invitation=invitation, by=by, status=InvitationStatus.DECLINED
    )


@transaction.atomic
def _co_proposer_invitation_answer(
    *, invitation: CoProposerInvitation, by: User, status: str
) -> CoProposerInvitation:
    locked = (
        CoProposerInvitation.objects.select_for_update(of=("self",))
        .select_related("topic__proposer", "invited_by")
        .get(pk=invitation.pk)
    )
    if locked.invitee_id != by.pk:
        raise PermissionDenied
    if locked.status != InvitationStatus.PENDING:
        raise ValidationError(_("This invitation is no longer open."), code="closed")
    locked.status = status
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_at"])
    invitation.status, invitation.answered_at = locked.status, locked.answered_at
    topic = locked.topic
    if status == InvitationStatus.ACCEPTED:
        topic.co_proposers.add(by)
        topic_follow(topic=topic, member=by)
    decision_record(
        topic=topic,
        actor=by,
        from_status=InvitationStatus.PENDING,
        to_status=status,
        subject=DecisionSubject.CO_PROPOSER,
        subject_label=by.display_name,
        subject_member=by,
    )
    notify(
        recipients=[topic.proposer, *([locked.invited_by] if locked.invited_by else [])],
        kind=NotificationKind.CO_PROPOSER_ANSWER,
        topic=topic,
        actor=by,
        status_label=InvitationStatus(status).label,
        url=reverse("topics:my_space"),
    )
    return locked


# Follows ----------------------------------------------------------------------------


def topic_follow(*, topic: Topic, member: User) -> None:
    TopicFollow.ensure(topic_id=topic.pk, member_id=member.pk)


def topic_unfollow(*, topic: Topic, member: User) -> None:
    TopicFollow.objects.filter(topic=topic, member=member).delete()


# What members give a topic ------------------------------------------------------------


def _contribution_check(*, topic: Topic, member: User) -> None:
    """Opinions, feedback and requests to take part: on a public topic, from members who
    do not bring it (the rules offer the forms to them only; this holds for any caller)."""
    if not topic.is_public:
        raise ValidationError(NOT_OPEN_MESSAGE, code="closed")
    if is_topic_team(member, topic):
        raise ValidationError(OWN_TOPIC_MESSAGE, code="own_topic")


# Opinions ---------------------------------------------------------------------------


def opinion_set(*, topic: Topic, member: User, choice: str) -> Opinion:
    """One opinion per member and topic; giving another one changes it."""
    _contribution_check(topic=topic, member=member)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                opinion, _created = Opinion.objects.update_or_create(
                    topic=topic, member=member, defaults={"choice": choice}
                )
                return opinion
        except IntegrityError:
            # A concurrent first submission won the insert: update that row.
            continue
    raise IntegrityError("Could not record the opinion.")


# Feedback ---------------------------------------------------------------------------


@transaction.atomic
def feedback_create(*, topic: Topic, author: User, body: str) -> Feedback:
    _contribution_check(topic=topic, member=author)
    feedback = Feedback.objects.create(topic=topic, author=author, body=body)
    notify(
        recipients=_team(topic),
        kind=NotificationKind.FEEDBACK_NEW,
        topic=topic,
        actor=author,
        message=body,
        url=reverse("topics:my_space"),
    )
    return feedback


# Participation ----------------------------------------------------------------------


class DuplicateRequestError(ValidationError):
    pass


def participation_request_create(
    *,
    topic: Topic,
    applicant: User,
    role: str,
    motivation: str,
    availability: str = "",
    show_publicly: bool = True,
) -> ParticipationRequest:
    """One open request per member and topic, enforced by the database too; none once
    the episode is published."""
    _contribution_check(topic=topic, member=applicant)
    if topic.is_published:
        raise ValidationError(REQUESTS_CLOSED_MESSAGE, code="recording_over")
    duplicate = DuplicateRequestError(
        _("You already have a request for this topic. Withdraw it before sending another one."),
        code="duplicate",
    )
    if ParticipationRequest.objects.filter(
        topic=topic,
        applicant=applicant,
        status__in=OPEN_PARTICIPATION_STATUSES,
    ).exists():
        raise duplicate
    try:
        with transaction.atomic():
            participation = ParticipationRequest.objects.create(
                topic=topic,
                applicant=applicant,
                role=role,
                motivation=motivation,
                availability=availability,
                show_publicly=show_publicly,
            )
            notify(
                recipients=_team(topic),
                kind=NotificationKind.PARTICIPATION_NEW,
                topic=topic,
                actor=applicant,
                message=motivation,
                url=reverse("topics:my_space"),
            )
            return participation
    except IntegrityError as error:
        raise duplicate from error


PARTICIPATION_DECISIONS = {
    ParticipationStatus.PENDING: (ParticipationStatus.ACCEPTED, ParticipationStatus.DECLINED),
    ParticipationStatus.ACCEPTED: (ParticipationStatus.DECLINED,),
}


@transaction.atomic
def participation_request_decide(
    *, request: ParticipationRequest, status: str, actor: User, message: str = ""
) -> ParticipationRequest:
    """Organizers accept or decline a request; the applicant is told, with the message."""
    locked = ParticipationRequest.objects.select_for_update().get(pk=request.pk)
    if status not in PARTICIPATION_DECISIONS.get(locked.status, ()):
        raise ValidationError(
            _("This request is %(status)s: it cannot be changed that way."),
            code="transition",
            params={"status": locked.get_status_display()},
        )
    from_status = locked.status
    locked.status = status
    locked.decision_message = message
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decision_message", "decided_at"])
    request.status, request.decision_message = locked.status, locked.decision_message
    decision_record(
        topic=locked.topic,
        actor=actor,
        from_status=from_status,
        to_status=status,
        reason=message,
        subject=DecisionSubject.PARTICIPATION,
        subject_label=f"{locked.applicant.display_name} ({locked.get_role_display()})",
        subject_member=locked.applicant,
    )
    notify(
        recipients=[locked.applicant],
        kind=NotificationKind.PARTICIPATION_DECISION,
        topic=locked.topic,
        actor=actor,
        status_label=ParticipationStatus(status).label,
        message=message,
        url=f"{locked.topic.get_absolute_url()}#take-part",
    )
    return locked


@transaction.atomic
def participation_request_withdraw(
    *, request: ParticipationRequest, by: User
) -> ParticipationRequest:
    if request.applicant_id != by.pk:
        raise PermissionDenied
    if not request.is_open:
        raise ValidationError(_("This request is already closed."), code="closed")
    if request.topic.is_published:
        # The recording is over: who was on the set stays in the credits.
        raise ValidationError(REQUESTS_CLOSED_MESSAGE, code="recording_over")
    request.status = ParticipationStatus.WITHDRAWN
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    return request


# Comments ---------------------------------------------------------------------------


def comment_thread_place(comment: Comment) -> None:
    """Give a new comment its place in the thread: its conversation's first comment, or
    the next conversation number when it starts one. The one place comments are numbered.

    A new conversation takes its number in a transaction of its own, one statement
    long: posts to a busy topic do not queue behind each other's work for it. A post
    that fails after it leaves a gap: a page one short."""
    if comment.parent_id is not None:
        comment.root_id = comment.parent.root_id or comment.parent_id
        comment.conversation_number = None
    elif comment.conversation_number is None:
        comment.conversation_number = TopicThread.number_next(topic_id=comment.topic_id)


def comment_create(
    *, topic: Topic, author: User, body: str, parent: Comment | None = None
) -> Comment:
    if parent is not None and parent.topic_id != topic.pk:
        raise ValidationError(_("You can only reply to a comment on the same topic."))
    body_html = markdown_render(body)
    # The follow a comment implies stands on its own: it repeats harmlessly, and
    # is no harm either if the comment then fails.
    topic_follow(topic=topic, member=author)
    comment = Comment(topic=topic, author=author, parent=parent, body=body, body_html=body_html)
    comment_thread_place(comment)
    if settings.NOTIFICATION_MAIL_QUEUE:
        # One statement, no transaction to open: the comment, and the flag that
        # the worker owes its notices (see comment_notices_write_pending).
        comment.notices_pending = True
        comment.save(force_insert=True)
    else:
        with transaction.atomic():
            comment.save(force_insert=True)
            notify_all(comment_notices(comment))
    return comment


def comment_notices(comment: Comment) -> list[Notice]:
    """What a comment tells: the topic's team that it was posted, and the author of
    the comment it answers; dated from the comment, however late they are written."""
    topic, author, parent = comment.topic, comment.author, comment.parent
    url = comment.get_absolute_url()
    team = _team(topic)
    notices = [
        Notice(team, NotificationKind.COMMENT_NEW, topic, author, url=url, at=comment.created_at)
    ]
    if parent is not None and parent.author_id not in {m.pk for m in team}:
        notices.append(
            Notice(
                [parent.author],
                NotificationKind.COMMENT_REPLY,
                topic,
                author,
                url=url,
                at=comment.created_at,
            )
        )
    return notices


def comment_notices_write_pending(*, limit: int = 100) -> int:
    """Write the notices the worker owes, oldest comment first, in one insert; returns
    how many comments it handled. Rows are locked and skipped by other workers, so any
    number may run. A comment deleted or hidden meanwhile is told to no one."""
    with transaction.atomic():
        batch = list(
            Comment.objects.filter(
                pk__in=queue_take(Comment.objects.filter(notices_pending=True), limit)
            )
            .select_related("topic__proposer", "author", "parent__author")
            .prefetch_related("topic__co_proposers")
            .order_by("pk")[:limit]
        )
        notify_all(
            notice
            for comment in batch
            if not (comment.is_deleted or comment.is_hidden)
            for notice in comment_notices(comment)
        )
        Comment.objects.filter(pk__in=[c.pk for c in batch]).update(notices_pending=False)
    return len(batch)


@transaction.atomic
def comment_admin_save(*, comment: Comment, changed: Iterable[str] = ()) -> Comment:
    """A comment written in the Django admin, under the site's rules: its text rendered
    and sanitised, its place in the thread given, an edit dated."""
    comment.body_html = markdown_render(comment.body)
    if comment._state.adding:
        comment_thread_place(comment)
        comment.save(force_insert=True)
        return comment
    if "body" in changed:
        comment.edited_at = timezone.now()
    comment.save()
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, by: User, body: str) -> Comment:
    if comment.author_id != by.pk or comment.is_deleted:
        raise PermissionDenied
    if timezone.now() - comment.created_at > timedelta(minutes=COMMENT_EDIT_MINUTES):
        raise ValidationError(
            _("Comments can be edited for %(minutes)s minutes only."),
            params={"minutes": COMMENT_EDIT_MINUTES},
        )
    comment.body = body
    comment.body_html = markdown_render(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, by: User) -> Comment:
    """The text goes; the comment stays as a placeholder so replies keep their place."""
    if comment.author_id != by.pk:
        raise PermissionDenied
    comment.body = ""
    comment.body_html = ""
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "deleted_at"])
    return comment


def comment_mark_useful(*, comment: Comment, member: User) -> bool:
    """Count a member once; returns False when they had already marked it."""
    if comment.author_id == member.pk or comment.is_deleted:
        return False
    try:
        with transaction.atomic():
            CommentUseful.objects.create(comment=comment, member=member)
            Comment.objects.filter(pk=comment.pk).update(useful_count=F("useful_count") + 1)
    except IntegrityError:
        return False
    return True


# Moderation -------------------------------------------------------------------------


class DuplicateReportError(ValidationError):
    pass


def comment_report(*, comment: Comment, reporter: User, reason: str) -> CommentReport:
    duplicate = DuplicateReportError(
        _("You already reported this comment; the organizers will look at it."), code="duplicate"
    )
    if CommentReport.objects.filter(
        comment=comment, reporter=reporter, resolved_at__isnull=True
    ).exists():
        raise duplicate
    try:
        with transaction.atomic():
            return CommentReport.objects.create(comment=comment, reporter=reporter, reason=reason)
    except IntegrityError as error:
        raise duplicate from error


@transaction.atomic
def comment_moderate(*, comment: Comment, actor: User, hide: bool, reason: str = "") -> bool:
    """Hide a comment (it reads "removed by moderation", replies stay) or restore it, and
    close its open reports. Returns whether the comment changed.

    A decision that changes nothing ("keep it visible" on a visible comment) closes the
    reports and is kept as such in the audit trail ("reported → dismissed", or
    "reported → kept hidden"), never as a change of state."""
    was_hidden = comment.is_hidden
    changed = hide != was_hidden
    if changed:
        comment.hidden_at = timezone.now() if hide else None
        comment.hidden_by = actor if hide else None
        comment.save(update_fields=["hidden_at", "hidden_by"])
    closed = CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor
    )
    if changed:
        from_status, to_status = (
            ("hidden" if was_hidden else "visible"),
            ("hidden" if hide else "visible"),
        )
    else:
        from_status, to_status = "reported", ("kept hidden" if hide else "dismissed")
    if changed or closed:
        decision_record(
            topic=comment.topic,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            subject=DecisionSubject.COMMENT,
            subject_label=f"{comment.author.display_name}: {comment.body[:80]}",
            subject_member=comment.author,
        )
    return changed
