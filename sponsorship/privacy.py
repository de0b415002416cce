"""The member data sponsorship holds: its part of the data download and of
account deletion (see accounts/privacy.py for the contract every app follows)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from accounts.privacy import Archive, MemberField, Treatment
from notifications.models import Notification, NotificationKind
from sponsorship.models import Answer, InterestStatus, Response, SponsorshipInterest

MEMBER_DATA = {
    "sponsorship.SponsorshipInterest.member": MemberField(
        Treatment.ANONYMISE,
        "Sponsor interests go with their contact, message and logo. A confirmed "
        "sponsorship stays for the organizers' records as the organisation's name, "
        "kind of support and budget band only.",
        export="sponsor_interests",
    ),
    "sponsorship.SponsorshipInterest.contact_name": MemberField(
        Treatment.ERASE, "A person's name: erased even where the interest stays."
    ),
    "sponsorship.SponsorshipInterest.contact_email": MemberField(
        Treatment.ERASE, "A person's address: erased even where the interest stays."
    ),
    "sponsorship.Response.respondent": MemberField(
        Treatment.ERASE, "Questionnaire answers.", export="questionnaire_answers"
    ),
    "sponsorship.EpisodeReach.entered_by": MemberField(
        Treatment.KEEP,
        "An episode's views an organizer entered stay in its report, entered by a former "
        "member: the figure is about the episode, not about them.",
        not_exported="A figure about an episode, read by the organizer on another site.",
    ),
}


def member_data_export(*, user: User, archive: Archive) -> dict[str, Any]:
    """The sponsorship part of a member's data download."""
    return {
        "sponsor_interests": [
            {
                "topic": interest.topic.slug,
                "organisation": interest.organisation,
                "contact_name": interest.contact_name,
                "contact_email": interest.contact_email,
                "support_kind": interest.support_kind,
                "budget_band": interest.budget_band,
                "message": interest.message,
                "may_name_publicly": interest.may_name_publicly,
                "logo": archive.image(interest.logo, folder="sponsor-logos", stem=str(interest.pk)),
                "status": interest.status,
                "created_at": interest.created_at,
                "updated_at": interest.updated_at,
            }
            for interest in SponsorshipInterest.objects.filter(member=user)
            .select_related("topic")
            .order_by("created_at", "pk")
        ],
        "questionnaire_answers": [
            {
                "topic": answer.response.questionnaire.topic.slug,
                "question": answer.question.text,
                "text": answer.text,
                "scale": answer.scale,
                "choices": [c.label for c in answer.choices.all()],
                "updated_at": answer.response.updated_at,
            }
            for answer in Answer.objects.filter(response__respondent=user)
            .select_related("response__questionnaire__topic", "question")
            .prefetch_related("choices")
            .order_by("response__created_at", "question__order", "question__pk")
        ],
    }


def member_data_erase(
    *, user: User, former_name: str, former_addresses: frozenset[str]
) -> list[str]:
    """Erase what sponsorship holds about a member; returns the files to delete."""
    files: list[str] = []
    interests = list(SponsorshipInterest.objects.filter(member=user))
    for interest in interests:
        files += [f.name for f in (interest.logo, interest.logo_thumbnail) if f]
        # Announcements recorded before notifications kept their actor.
        Notification.objects.filter(
            actor__isnull=True,
            kind=NotificationKind.SPONSOR_NEW,
            topic_id=interest.topic_id,
            actor_name=interest.organisation,
        ).update(message="")
    SponsorshipInterest.objects.filter(member=user).exclude(
        status=InterestStatus.CONFIRMED
    ).delete()
    SponsorshipInterest.objects.filter(member=user, status=InterestStatus.CONFIRMED).update(
        contact_name="", contact_email="", message="", logo="", logo_thumbnail=""
    )
    Response.objects.filter(respondent=user).delete()
    return files
