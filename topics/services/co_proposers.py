"""Co-proposers: invitations sent, attached at sign-up, accepted or declined."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.models import NotificationKind
from notifications.services import notify
from topics.models import (
    CoProposerInvitation,
    DecisionSubject,
    InvitationStatus,
    Topic,
)

# Co-proposers -----------------------------------------------------------------------
from topics.services.people import decision_record, topic_follow


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
