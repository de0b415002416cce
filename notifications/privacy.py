"""The member data notifications holds: its part of the data download and of account
deletion (see accounts/privacy.py for the contract every app follows)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from accounts.models import User
from accounts.privacy import Archive, MemberField, Treatment
from notifications.models import (
    Digest,
    LastMail,
    Notification,
    NotificationCategory,
    NotificationKind,
    NotificationPreference,
)
from notifications.services import notification_text

MEMBER_DATA = {
    "notifications.Notification.recipient": MemberField(
        Treatment.ERASE, "The member's own notifications.", export="notifications"
    ),
    "notifications.Notification.actor": MemberField(
        Treatment.ANONYMISE,
        "Other members' notifications of what the member did stay, without their name and "
        "without copies of their feedback, motivation or sponsor message.",
        not_exported="They belong to the members who received them.",
    ),
    "notifications.Notification.actor_name": MemberField(
        Treatment.ANONYMISE, "Blank once the actor has left: the notification says a former member."
    ),
    "notifications.NotificationPreference.member": MemberField(
        Treatment.ERASE, "Notification settings.", export="notification_preferences"
    ),
    "notifications.Digest.member": MemberField(
        Treatment.ERASE, "When digests were mailed to the member.", export="digests"
    ),
    "notifications.LastMail.recipient": MemberField(
        Treatment.ERASE,
        "When the member was last mailed about a topic, for the hold interval.",
        not_exported="Only a time per topic; the mails' contents are the notifications.",
    ),
}

# Notifications carrying the actor's own words in `message`.
ACTOR_WORDS_KINDS = (
    NotificationKind.FEEDBACK_NEW,
    NotificationKind.PARTICIPATION_NEW,
    NotificationKind.SPONSOR_NEW,
    NotificationKind.PARTICIPATION_TO_REVIEW,
    NotificationKind.SPONSOR_TO_REVIEW,
    NotificationKind.COMMENT_REPORTED,
    NotificationKind.ORGANIZER_MESSAGE,
)
# Notifications whose `actor_name` is an organisation, not the member.
ORGANISATION_NAMED_KINDS = (NotificationKind.SPONSOR_NEW, NotificationKind.SPONSOR_TO_REVIEW)
# Notifications whose `actor_name` is the member who acted (not an organisation).
ACTOR_NAMED_KINDS = (
    NotificationKind.COMMENT_NEW,
    NotificationKind.COMMENT_REPLY,
    NotificationKind.FEEDBACK_NEW,
    NotificationKind.PARTICIPATION_NEW,
    NotificationKind.TOPIC_DECISION,
    NotificationKind.PARTICIPATION_DECISION,
    NotificationKind.SPONSOR_DECISION,
    NotificationKind.TOPIC_SCHEDULED,
    NotificationKind.RECORDING_CANCELLED,
    NotificationKind.TOPIC_PUBLISHED,
    NotificationKind.TOPIC_PROPOSED,
    NotificationKind.PARTICIPATION_TO_REVIEW,
    NotificationKind.COMMENT_REPORTED,
    NotificationKind.GUEST_ANSWER,
    NotificationKind.ORGANIZER_MESSAGE,
)


def member_data_export(*, user: User, archive: Archive) -> dict[str, Any]:
    """The notifications part of a member's data download."""
    return {
        "notifications": [
            {
                "kind": notification.kind,
                "topic": notification.topic.slug,
                "text": notification_text(notification),
                "message": notification.message,
                "url": notification.url,
                "created_at": notification.created_at,
                "read_at": notification.read_at,
            }
            for notification in Notification.objects.filter(recipient=user)
            .select_related("topic")
            .order_by("created_at", "pk")
        ],
        "notification_preferences": list(
            NotificationPreference.objects.filter(member=user).values(
                *[
                    field
                    for category in NotificationCategory
                    for field in (category.value, f"{category.value}_mail")
                ],
                "by_email",
            )
        ),
        "digests": list(
            Digest.objects.filter(member=user)
            .order_by("period_start")
            .values("frequency", "period_start", "items", "sent")
        ),
    }


def member_data_erase(
    *, user: User, former_name: str, former_addresses: frozenset[str]
) -> list[str]:
    """The member's own notifications and settings go; others' notifications of what
    they did stay, without their name or words."""
    Notification.objects.filter(recipient=user).delete()
    NotificationPreference.objects.filter(member=user).delete()
    Digest.objects.filter(member=user).delete()
    LastMail.objects.filter(recipient=user).delete()
    _actor_anonymise(Q(actor=user))
    return []


def notifications_by_former_name_anonymise(*, former_name: str, topic_ids: Iterable[int]) -> None:
    """Others' notifications from before notifications recorded their actor, found by
    the member's name on the topics where they acted. Only the apps that hold what the
    member did know those topics: each calls this from its own member_data_erase."""
    topic_ids = set(topic_ids)
    if topic_ids:
        _actor_anonymise(
            Q(
                actor__isnull=True,
                actor_name=former_name,
                kind__in=ACTOR_NAMED_KINDS,
                topic_id__in=topic_ids,
            )
        )


def _actor_anonymise(by_member: Q) -> None:
    """Others' notifications of what the member did: no name, no copy of their words.
    (Called once per kind of match rather than with an OR, so that each statement
    reads through an index.)"""
    Notification.objects.filter(by_member, kind__in=ACTOR_WORDS_KINDS).update(message="")
    # A sponsor interest's notification names the organisation, not the member.
    Notification.objects.filter(by_member).exclude(kind__in=ORGANISATION_NAMED_KINDS).update(
        actor_name=""
    )
