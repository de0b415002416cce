"""The member data topics holds: its part of the data download and of account
deletion (see accounts/privacy.py for the contract every app follows)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts.models import User
from accounts.privacy import Archive, MemberField, Treatment, former_member_label
from notifications.models import Notification, NotificationKind
from notifications.privacy import notifications_by_former_name_anonymise
from topics.models import (
    CalendarFeed,
    CalendarMail,
    Channel,
    CoProposerInvitation,
    DecisionSubject,
    Feedback,
    GuestMessage,
    Opinion,
    ParticipationRequest,
    Topic,
    TopicFollow,
    TopicStatus,
    TopicTransition,
)
from topics.search import topic_search_index

E, A, K = Treatment.ERASE, Treatment.ANONYMISE, Treatment.KEEP

MEMBER_DATA = {
    "topics.Channel.organizers": MemberField(
        E, "The member no longer organizes the channel.", export="channels_organized"
    ),
    "topics.Topic.handled_by": MemberField(
        E,
        "The topics the member was in charge of as an organizer have no one in charge.",
        export="topics_in_charge",
    ),
    "topics.Topic.proposer": MemberField(
        K,
        "Drafts only the member saw are erased (with their cover). Topics others could "
        "see stay, so the conversations on them remain whole, proposed by a former member.",
        export="topics_proposed",
    ),
    "topics.Topic.co_proposers": MemberField(
        E, "The member leaves the topics they co-proposed.", export="topics_co_proposed"
    ),
    "topics.CoProposerInvitation.invitee": MemberField(
        E,
        "Invitations the member received to co-propose a topic go, with their address.",
        export="co_proposer_invitations.received",
    ),
    "topics.CoProposerInvitation.invited_by": MemberField(
        K,
        "An invitation the member sent belongs to its invitee too; it shows it came from "
        "a former member.",
        export="co_proposer_invitations.sent",
    ),
    "topics.Topic.search_vector": MemberField(
        A, "The search index of their topics is rebuilt without their name."
    ),
    "topics.TopicTransition.reason": MemberField(
        A,
        "The wording an edit after acceptance replaced (kept for the organizers) goes "
        "when its author's account does; other decisions' reasons are the organizers'.",
    ),
    "topics.TopicTransition.actor": MemberField(
        K,
        "Decisions an organizer made stay in the topic's history, made by a former member.",
        export="decisions_made",
    ),
    "topics.TopicTransition.subject_member": MemberField(
        A,
        "The decision stays in the history; its label no longer names the member.",
        export="decisions_about_me",
    ),
    "topics.TopicTransition.subject_label": MemberField(
        A, "Labels of decisions about the member say former member instead of the name."
    ),
    "topics.Opinion.member": MemberField(
        K, "Counted in the topic's opinion shares, never shown with a name.", export="opinions"
    ),
    "topics.Feedback.author": MemberField(
        E, "Private feedback to proposers.", export="feedback_sent"
    ),
    "topics.ParticipationRequest.applicant": MemberField(
        E,
        "Requests to take part, with motivation, availability, the organizers' answer, and "
        "the guest's own answer, credits bio and consent.",
        export="participation_requests",
    ),
    "topics.TopicFollow.member": MemberField(E, "Follows.", export="follows"),
    "topics.CalendarMail.member": MemberField(
        E,
        "Calendar invitations still owed to the member: no longer sent.",
        not_exported="A mail on its way, no data of its own.",
    ),
    "topics.CalendarFeed.member": MemberField(
        E,
        "The secret of the member's private calendar address: the address stops working.",
        not_exported="A random secret, no data about the member; the calendar is theirs to "
        "download at its address.",
    ),
    "topics.GuestMessage.author": MemberField(
        A,
        "Messages the member wrote to participants as an organizer stay with the topic, "
        "for the participant, without the author's name.",
        export="guest_messages_written",
    ),
}


# The download ------------------------------------------------------------------------


def member_data_export(*, user: User, archive: Archive) -> dict[str, Any]:
    """The topics part of a member's data download."""
    proposed = list(
        Topic.objects.filter(proposer=user).select_related("channel").order_by("created_at")
    )
    return {
        "topics_proposed": [
            {
                "title": topic.title,
                "slug": topic.slug,
                "channel": topic.channel.slug,
                "status": topic.status,
                "summary": topic.summary,
                "body": topic.body,
                "preparation_notes": topic.preparation_notes,
                "language": topic.language,
                "format": topic.format,
                "treatment": topic.treatment,
                "location": topic.location,
                "location_detail": topic.location_detail,
                "cover": archive.image(topic.cover, folder="topic-covers", stem=topic.slug),
                "recording_at": topic.recording_at,
                "video_url": topic.video_url,
                "created_at": topic.created_at,
                "submitted_at": topic.submitted_at,
            }
            for topic in proposed
        ],
        "topics_co_proposed": list(
            Topic.objects.filter(co_proposers=user).values(
                "title", "slug", "status", "preparation_notes"
            )
        ),
        "co_proposer_invitations": {
            "received": list(
                CoProposerInvitation.objects.filter(
                    Q(invitee=user) | Q(invitee=None, email__iexact=user.email)
                )
                .order_by("created_at")
                .values("topic__title", "email", "status", "created_at", "answered_at")
            ),
            "sent": list(
                CoProposerInvitation.objects.filter(invited_by=user)
                .order_by("created_at")
                .values("topic__title", "email", "status", "created_at", "answered_at")
            ),
        },
        "channels_organized": list(Channel.objects.filter(organizers=user).values("slug", "name")),
        "topics_in_charge": list(
            Topic.objects.filter(handled_by=user).values("slug", "title", "handled_since")
        ),
        "decisions_made": _decisions(TopicTransition.objects.filter(actor=user)),
        "decisions_about_me": _decisions(TopicTransition.objects.filter(subject_member=user)),
        "opinions": list(
            Opinion.objects.filter(member=user).values("topic__slug", "choice", "updated_at")
        ),
        "feedback_sent": list(
            Feedback.objects.filter(author=user).values("topic__slug", "body", "created_at")
        ),
        "feedback_received": [
            {
                "topic": feedback.topic.slug,
                "from": feedback.author.display_name,
                "body": feedback.body,
                "created_at": feedback.created_at,
            }
            for feedback in Feedback.objects.filter(
                Q(topic__proposer=user) | Q(topic__co_proposers=user)
            )
            .distinct()
            .select_related("topic", "author")
            .order_by("created_at")
        ],
        "participation_requests": list(
            ParticipationRequest.objects.filter(applicant=user).values(
                "topic__slug",
                "role",
                "motivation",
                "availability",
                "show_publicly",
                "status",
                "decision_message",
                "created_at",
                "decided_at",
                "guest_answer",
                "guest_answered_at",
                "credits_bio",
                "consent_at",
            )
        ),
        "guest_messages_written": list(
            GuestMessage.objects.filter(author=user).values(
                "participation__topic__slug", "body", "created_at"
            )
        ),
        "guest_messages_received": list(
            GuestMessage.objects.filter(participation__applicant=user).values(
                "participation__topic__slug", "body", "created_at"
            )
        ),
        "follows": list(
            TopicFollow.objects.filter(member=user).values("topic__slug", "created_at")
        ),
    }


def _decisions(transitions) -> list[dict[str, Any]]:
    return list(
        transitions.order_by("created_at", "pk").values(
            "topic__slug",
            "subject",
            "subject_label",
            "from_status",
            "to_status",
            "reason",
            "created_at",
        )
    )


# Deletion ----------------------------------------------------------------------------


def member_data_erase(
    *, user: User, former_name: str, former_addresses: frozenset[str]
) -> list[str]:
    """Erase what topics holds about a member; returns the files to delete.

    Runs inside account_delete's transaction, after the account itself has been
    anonymised (so the search index rebuilds without the name).
    """
    files: list[str] = []
    Topic.objects.filter(handled_by=user).update(handled_by=None, handled_since=None)
    GuestMessage.objects.filter(author=user).update(author=None)

    def topic_ids(queryset) -> set[int]:
        return set(queryset.values_list("topic_id", flat=True))

    applied = topic_ids(ParticipationRequest.objects.filter(applicant=user))
    fed_back = topic_ids(Feedback.objects.filter(author=user))
    decided = topic_ids(TopicTransition.objects.filter(actor=user))

    # Drafts nobody else saw go; a draft shared with co-proposers stays theirs too.
    # A draft that was once submitted (then sent back or withdrawn) was public: others
    # may have commented, offered or answered on it, so it stays, by a former member.
    drafts = Topic.objects.filter(
        proposer=user, status=TopicStatus.DRAFT, co_proposers=None, submitted_at__isnull=True
    )
    for draft in drafts:
        files += [f.name for f in (draft.cover, draft.cover_thumbnail) if f]
    drafts.delete()
    # Edits the member made after acceptance keep their place in the history, without
    # the old wording, which may hold what they chose to remove (a phone number).
    their_edits = TopicTransition.objects.filter(actor=user, subject=DecisionSubject.EDIT)
    Notification.objects.filter(
        kind=NotificationKind.TOPIC_EDITED, topic_id__in=their_edits.values("topic_id")
    ).filter(Q(actor=user) | Q(actor=None)).update(message="")
    their_edits.update(reason="")
    user.co_proposed_topics.clear()
    user.organized_channels.clear()
    # Invitations to the member, including those sent to their address before it was
    # a member's (not linked to the account yet).
    CoProposerInvitation.objects.filter(
        Q(invitee=user) | Q(invitee=None, email__in=_case_variants(former_addresses))
    ).delete()

    Feedback.objects.filter(author=user).delete()
    ParticipationRequest.objects.filter(applicant=user).delete()
    TopicFollow.objects.filter(member=user).delete()
    CalendarFeed.objects.filter(member=user).delete()
    CalendarMail.objects.filter(member=user).delete()

    # Others' notifications of what the member did, from before they recorded their actor
    # (those that did are the notifications app's: notifications/privacy.py).
    notifications_by_former_name_anonymise(
        former_name=former_name, topic_ids=applied | fed_back | decided
    )

    # Decisions about the member keep their place in the history, not the name.
    # (Those about their comments, from before decisions recorded the member: comments/.)
    decisions_about_member_anonymise(
        Q(subject_member=user)
        | Q(
            subject_member__isnull=True,
            subject=DecisionSubject.PARTICIPATION,
            topic_id__in=applied,
            subject_label__startswith=f"{former_name} (",
        ),
        former_name=former_name,
    )

    kept = list(Topic.objects.filter(proposer=user).values_list("pk", flat=True))
    if kept:
        topic_search_index(topic_ids=kept)
    return files


def _case_variants(addresses: frozenset[str]) -> list[str]:
    """The stored addresses matching these lower-cased ones, whatever their case."""
    return [
        email
        for email in CoProposerInvitation.objects.filter(invitee=None).values_list(
            "email", flat=True
        )
        if email.lower() in addresses
    ]


def decisions_about_member_anonymise(about_member: Q, *, former_name: str) -> None:
    """The decisions `about_member` keep their place in the topics' history, their
    labels saying former member instead of the name. The comments app calls it too."""
    former = former_member_label()
    for transition in TopicTransition.objects.filter(about_member):
        transition.subject_label = _label_without_name(transition, former_name, former)[:200]
        transition.save(update_fields=["subject_label"])


def _label_without_name(transition: TopicTransition, name: str, former: str) -> str:
    label = transition.subject_label
    if name and label.startswith(name):
        return former + label[len(name) :]
    # The member changed their name since the decision: the label's shape tells
    # where the name ends.
    if transition.subject == DecisionSubject.PARTICIPATION and " (" in label:
        return former + label[label.rindex(" (") :]
    if transition.subject == DecisionSubject.COMMENT and ": " in label:
        return former + label[label.index(": ") :]
    return former
