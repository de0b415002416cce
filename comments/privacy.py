"""The member data comments holds: its part of the data download and of account
deletion (see accounts/privacy.py for the contract every app follows)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts.models import User
from accounts.privacy import Archive, MemberField, Treatment
from comments.models import Comment, CommentReport, CommentUseful
from notifications.privacy import notifications_by_former_name_anonymise
from topics.models import DecisionSubject
from topics.privacy import decisions_about_member_anonymise

E, K = Treatment.ERASE, Treatment.KEEP

MEMBER_DATA = {
    "comments.Comment.author": MemberField(
        K,
        "Public comments stay so that threads and replies keep their sense, "
        "written by a former member.",
        export="comments",
    ),
    "comments.Comment.hidden_by": MemberField(
        K,
        "Moderation stays in force, done by a former member.",
        export="comments_hidden_by_me",
    ),
    "comments.CommentUseful.member": MemberField(
        K,
        "An anonymous tally on other members' comments; never shown with a name.",
        export="useful_marks",
    ),
    "comments.CommentReport.reporter": MemberField(
        E, "Reports and their reasons.", export="comment_reports"
    ),
    "comments.CommentReport.resolved_by": MemberField(
        K,
        "Moderation history: reports an organizer closed stay closed, by a former member.",
        export="comment_reports_resolved",
    ),
}


def member_data_export(*, user: User, archive: Archive) -> dict[str, Any]:
    """The comments part of a member's data download."""
    return {
        "comments": list(
            Comment.objects.filter(author=user)
            .order_by("created_at", "pk")
            .values("pk", "topic__slug", "parent_id", "body", "created_at", "edited_at")
        ),
        "comments_hidden_by_me": list(
            Comment.objects.filter(hidden_by=user).values("pk", "topic__slug", "hidden_at")
        ),
        "useful_marks": list(
            CommentUseful.objects.filter(member=user).values(
                "comment_id", "comment__topic__slug", "created_at"
            )
        ),
        "comment_reports": list(
            CommentReport.objects.filter(reporter=user).values(
                "comment_id", "comment__topic__slug", "reason", "created_at", "resolved_at"
            )
        ),
        "comment_reports_resolved": list(
            CommentReport.objects.filter(resolved_by=user).values(
                "comment_id", "comment__topic__slug", "resolved_at"
            )
        ),
    }


def member_data_erase(
    *, user: User, former_name: str, former_addresses: frozenset[str]
) -> list[str]:
    """Erase what comments holds about a member: their reports. Their comments stay,
    by a former member; what others were told of them no longer names them."""
    commented = set(Comment.objects.filter(author=user).values_list("topic_id", flat=True))
    CommentReport.objects.filter(reporter=user).delete()
    # Notices of their comments, and moderation decisions on them, from before either
    # recorded the member (those that did are anonymised by notifications and topics).
    notifications_by_former_name_anonymise(former_name=former_name, topic_ids=commented)
    if commented:
        decisions_about_member_anonymise(
            Q(
                subject_member__isnull=True,
                subject=DecisionSubject.COMMENT,
                topic_id__in=commented,
                subject_label__startswith=f"{former_name}: ",
            ),
            former_name=former_name,
        )
    return []
