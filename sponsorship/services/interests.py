"""Writes for sponsor interest: record, withdraw, decide, tell of a closed topic."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.events import event_emit
from core.images import image_reencode
from notifications.models import NotificationKind
from notifications.services import notify
from sponsorship.models import (
    OPEN_INTEREST_STATUSES,
    InterestStatus,
    SponsorshipInterest,
)
from topics.models import DecisionSubject, Topic
from topics.services import decision_record, organizers_notify

INTEREST_TRANSITIONS: dict[str, frozenset[str]] = {
    InterestStatus.NEW: frozenset(
        {InterestStatus.IN_DISCUSSION, InterestStatus.CONFIRMED, InterestStatus.DECLINED}
    ),
    InterestStatus.IN_DISCUSSION: frozenset({InterestStatus.CONFIRMED, InterestStatus.DECLINED}),
    InterestStatus.CONFIRMED: frozenset({InterestStatus.DECLINED}),
    InterestStatus.DECLINED: frozenset(),
    InterestStatus.WITHDRAWN: frozenset(),
}


class DuplicateInterestError(ValidationError):
    pass


def _duplicate() -> DuplicateInterestError:
    return DuplicateInterestError(
        _("You already expressed interest for this topic. Withdraw it to send a new one."),
        code="duplicate",
    )


def sponsorship_interest_record(
    *, topic: Topic, member: User, logo=None, **fields: Any
) -> SponsorshipInterest:
    """One open interest per member and topic, also under concurrent submissions; none
    once the episode is published."""
    if topic.was_published:
        raise ValidationError(
            _("The episode is published; sponsor offers are closed."), code="published"
        )
    if SponsorshipInterest.objects.filter(
        topic=topic, member=member, status__in=OPEN_INTEREST_STATUSES
    ).exists():
        raise _duplicate()
    interest = SponsorshipInterest(topic=topic, member=member, **fields)
    if logo is not None:
        clean = image_reencode(logo, crop=False)  # a logo is shown whole
        interest.logo.save(clean.image.name, clean.image, save=False)
        interest.logo_thumbnail.save(clean.thumbnail.name, clean.thumbnail, save=False)
    try:
        with transaction.atomic():
            interest.save()
            notify(
                recipients=[topic.proposer],
                kind=NotificationKind.SPONSOR_NEW,
                topic=topic,
                actor=member,
                actor_name=interest.organisation,
                message=interest.message,
                url=reverse("sponsorship:lead_list", kwargs={"slug": topic.slug}),
            )
            organizers_notify(
                topic=topic,
                kind=NotificationKind.SPONSOR_TO_REVIEW,
                actor=member,
                actor_name=interest.organisation,
                message=interest.message,
                url=reverse("sponsorship:lead_list", kwargs={"slug": topic.slug}),
            )
            event_emit("sponsor_interest.created", topic=topic, interest=interest)
    except IntegrityError as error:
        for field in (interest.logo, interest.logo_thumbnail):
            if field:
                field.delete(save=False)
        raise _duplicate() from error
    return interest


@transaction.atomic
def sponsorship_interest_withdraw(*, interest: SponsorshipInterest, by: User) -> None:
    if interest.member_id != by.pk:
        raise PermissionDenied
    if not interest.is_open:
        raise ValidationError(_("This interest is already closed."), code="closed")
    interest.status = InterestStatus.WITHDRAWN
    interest.save(update_fields=["status", "updated_at"])


@transaction.atomic
def sponsorship_interest_decide(
    *,
    interest: SponsorshipInterest,
    status: str,
    actor: User | None = None,
    internal_notes: str | None = None,
) -> SponsorshipInterest:
    """Organizers move a lead along: new → in discussion → confirmed or declined.

    A change of status goes to the audit trail and to the member; notes alone do not.
    """
    locked = SponsorshipInterest.objects.select_for_update().get(pk=interest.pk)
    if status != locked.status and status not in INTEREST_TRANSITIONS[locked.status]:
        raise ValidationError(
            _("A sponsor interest cannot go from “%(from)s” to “%(to)s”."),
            code="transition",
            params={
                "from": InterestStatus(locked.status).label,
                "to": InterestStatus(status).label,
            },
        )
    from_status = locked.status
    locked.status = status
    if internal_notes is not None:
        locked.internal_notes = internal_notes
    locked.save(update_fields=["status", "internal_notes", "updated_at"])
    interest.status, interest.internal_notes = locked.status, locked.internal_notes
    if from_status != status:
        decision_record(
            topic=locked.topic,
            actor=actor,
            from_status=from_status,
            to_status=status,
            subject=DecisionSubject.SPONSORSHIP,
            subject_label=locked.organisation,
        )
        notify(
            recipients=[locked.member],
            kind=NotificationKind.SPONSOR_DECISION,
            topic=locked.topic,
            actor=actor,
            status_label=InterestStatus(status).label,
            url=f"{locked.topic.get_absolute_url()}#sponsor",
        )
    return locked


TOPIC_CLOSED_LABEL = gettext_lazy("the topic is no longer open")


def sponsorship_interests_tell_topic_closed(*, topic: Topic, actor: User | None) -> None:
    """The topic left the site (declined, sent back to draft, withdrawn): the members with
    an open sponsor interest hear of it. Their interests stay as they are, for the
    organizers to follow up (the topic may come back). Called by topics.services."""
    members = {
        interest.member
        for interest in SponsorshipInterest.objects.filter(
            topic=topic, status__in=OPEN_INTEREST_STATUSES
        ).select_related("member")
    }
    notify(
        recipients=members,
        kind=NotificationKind.SPONSOR_DECISION,
        topic=topic,
        actor=actor,
        status_label=TOPIC_CLOSED_LABEL,
        url=reverse("topics:my_space"),
    )
