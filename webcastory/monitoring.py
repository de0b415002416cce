"""What waits in the background queues, for monitoring (`manage.py queue_status`, /healthz)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Min
from django.utils import timezone

from core.tasks import task_queue_depth
from notifications.mails import mail_queue
from notifications.models import DIGEST_STATES, MailState, Notification
from topics.models import Comment


def _age(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    return max(0, int((timezone.now() - moment).total_seconds()))


def queue_report() -> dict[str, dict[str, int | None]]:
    """Each queue's depth and the age in seconds of its oldest item (None when empty).
    Every count reads a partial index: cheap enough for a health probe."""
    due = mail_queue()
    mails = Notification.objects.filter(mail_state__in=[MailState.PENDING, MailState.FAILED])
    notices = Comment.objects.filter(notices_pending=True)
    report = {
        "mails": {
            "depth": due.count(),
            "oldest_seconds": _age(due.aggregate(at=Min("mail_due_at"))["at"]),
            "retrying": mails.filter(mail_state=MailState.PENDING, mail_attempts__gt=0).count(),
            "sending": Notification.objects.filter(mail_state=MailState.SENDING).count(),
            "given_up": mails.filter(mail_state=MailState.FAILED).count(),
            "in_digests": Notification.objects.filter(
                mail_state__in=list(DIGEST_STATES.values())
            ).count(),
        },
        "comment_notices": {
            "depth": notices.count(),
            "oldest_seconds": _age(notices.aggregate(at=Min("created_at"))["at"]),
        },
    }
    tasks = task_queue_depth()
    if tasks is not None:
        report["tasks"] = {
            "depth": tasks.ready,
            "oldest_seconds": tasks.oldest_age_seconds,
            "failed_last_day": tasks.failed_last_day,
        }
    return report
