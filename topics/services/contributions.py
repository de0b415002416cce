"""What members give a topic: follows, opinions, feedback, requests to take part."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.events import event_emit
from notifications.models import NotificationKind
from notifications.services import notify
from topics.invitations import CANCEL, REQUEST, recording_invitations_soon
from topics.models import (
    OPEN_PARTICIPATION_STATUSES,
    DecisionSubject,
    Feedback,
    GuestAnswer,
    GuestMessage,
    Opinion,
    ParticipationRequest,
    ParticipationStatus,
    Topic,
)
from topics.rules import can, is_topic_team
from topics.services.lifecycle import (
    NOT_OPEN_MESSAGE,
    OWN_TOPIC_MESSAGE,
    REQUESTS_CLOSED_MESSAGE,
)
from topics.services.people import decision_record, organizers_notify, topic_team

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
        recipients=topic_team(topic),
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
    if topic.is_recording_over:
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
                recipients=topic_team(topic),
                kind=NotificationKind.PARTICIPATION_NEW,
                topic=topic,
                actor=applicant,
                message=motivation,
                url=reverse("topics:my_space"),
            )
            organizers_notify(
                topic=topic,
                kind=NotificationKind.PARTICIPATION_TO_REVIEW,
                actor=applicant,
                message=motivation,
                url=reverse("topics:workspace_topic", kwargs={"slug": topic.slug}),
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
    was_confirmed = locked.is_accepted and locked.guest_confirmed
    locked.status = status
    locked.decision_message = message
    locked.decided_at = timezone.now()
    if status != ParticipationStatus.ACCEPTED:
        # No longer invited: no answer or consent stands.
        locked.guest_answer, locked.consent_at = GuestAnswer.WAITING, None
    locked.save(
        update_fields=["status", "decision_message", "decided_at", "guest_answer", "consent_at"]
    )
    _guest_calendar(locked, was_confirmed=was_confirmed)
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
        # Accepted: the invitation, to confirm or decline.
        url=reverse("topics:guest_answer", kwargs={"pk": locked.pk})
        if status == ParticipationStatus.ACCEPTED
        else f"{locked.topic.get_absolute_url()}#take-part",
    )
    event_emit("participation.decided", topic=locked.topic, request=locked)
    return locked


@transaction.atomic
def participation_request_withdraw(
    *, request: ParticipationRequest, by: User
) -> ParticipationRequest:
    if request.applicant_id != by.pk:
        raise PermissionDenied
    if not request.is_open:
        raise ValidationError(_("This request is already closed."), code="closed")
    if request.topic.is_recording_over:
        # The recording is over: who was on the set stays in the credits.
        raise ValidationError(REQUESTS_CLOSED_MESSAGE, code="recording_over")
    was_confirmed = request.is_accepted and request.guest_confirmed
    request.status = ParticipationStatus.WITHDRAWN
    request.decided_at = timezone.now()
    request.guest_answer, request.consent_at = GuestAnswer.WAITING, None
    request.save(update_fields=["status", "decided_at", "guest_answer", "consent_at"])
    _guest_calendar(request, was_confirmed=was_confirmed)
    return request


@transaction.atomic
def guest_answer_give(
    *, request: ParticipationRequest, by: User, answer: str, bio: str = "", consent: bool = False
) -> ParticipationRequest:
    """The accepted participant confirms (with their consent to being filmed and
    published, dated) or declines; the topic's organizers are told. Confirming again
    updates the bio. Withdrawing consent is declining: possible until the episode is
    published, since what was recorded with consent can then be broadcast."""
    if answer not in (GuestAnswer.CONFIRMED, GuestAnswer.DECLINED):
        raise ValidationError(_("Confirm or decline the invitation."), code="answer")
    # The topic first, so that a publication and an answer never cross.
    Topic.objects.select_for_update().filter(pk=request.topic_id).first()
    locked = (
        ParticipationRequest.objects.select_for_update().select_related("topic").get(pk=request.pk)
    )
    if locked.applicant_id != by.pk:
        raise PermissionDenied
    if not locked.is_accepted:
        raise ValidationError(_("Only an accepted request can be confirmed."), code="state")
    if locked.topic.was_published:
        raise ValidationError(
            _("The episode is published: the answer and the consent can no longer change."),
            code="published",
        )
    if answer == GuestAnswer.CONFIRMED and not consent:
        raise ValidationError(
            _("To take part, consent to being filmed and to the episode's publication."),
            code="consent",
        )
    changed = answer != locked.guest_answer
    was_confirmed = locked.guest_confirmed
    now = timezone.now()
    locked.guest_answer = answer
    locked.guest_answered_at = now
    locked.credits_bio = bio if answer == GuestAnswer.CONFIRMED else locked.credits_bio
    if answer == GuestAnswer.CONFIRMED:
        locked.consent_at = locked.consent_at or now
    else:
        locked.consent_at = None
    locked.save(update_fields=["guest_answer", "guest_answered_at", "credits_bio", "consent_at"])
    request.guest_answer, request.consent_at = locked.guest_answer, locked.consent_at
    request.credits_bio = locked.credits_bio
    _guest_calendar(locked, was_confirmed=was_confirmed)
    if changed:
        organizers_notify(
            topic=locked.topic,
            kind=NotificationKind.GUEST_ANSWER,
            actor=by,
            url=reverse("topics:workspace_topic", kwargs={"slug": locked.topic.slug}) + "#requests",
            status_label=GuestAnswer(answer).label,
            team_told=False,
        )
    return locked


@transaction.atomic
def guest_message_send(*, request: ParticipationRequest, by: User, body: str) -> GuestMessage:
    """An organizer writes to a participant from the workspace: the message is kept with
    the topic and reaches the participant by notification and mail."""
    if not can(by, "topics.decide_topic", request.topic):
        raise PermissionDenied
    message = GuestMessage.objects.create(participation=request, author=by, body=body)
    notify(
        recipients=[request.applicant],
        kind=NotificationKind.ORGANIZER_MESSAGE,
        topic=request.topic,
        actor=by,
        message=body,
        url=reverse("topics:guest_answer", kwargs={"pk": request.pk}),
    )
    return message


def _guest_calendar(participation: ParticipationRequest, *, was_confirmed: bool) -> None:
    """A scheduled recording's invitation follows the guest's answer: it goes to a guest
    who confirms, and is cancelled for one who no longer comes."""
    topic = participation.topic
    if not (topic.is_scheduled and topic.recording_at):
        return
    comes = participation.is_accepted and participation.guest_confirmed
    if comes and not was_confirmed:
        recording_invitations_soon(topic, method=REQUEST, members=[participation.applicant])
    elif was_confirmed and not comes:
        recording_invitations_soon(topic, method=CANCEL, members=[participation.applicant])
