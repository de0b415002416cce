"""What waits in the background queues, for monitoring (`manage.py queue_status`, /healthz)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from comments.models import Comment
from core.tasks import task_queue_depth
from notifications.models import DIGEST_STATES, MailState, Notification


def _age(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    return max(0, int((timezone.now() - moment).total_seconds()))


def queue_report() -> dict[str, dict[str, int | None]]:
    """Each queue's depth and the age in seconds of its oldest item (None when empty).
    Five queries, each on a partial index."""
    moment = timezone.now()
    stale = moment - timedelta(seconds=settings.NOTIFICATION_MAIL_CLAIM_TIMEOUT)
    due = Q(mail_state=MailState.PENDING, mail_due_at__lte=moment) | Q(
        mail_state=MailState.SENDING, mail_claimed_at__lt=stale
    )
    mails = Notification.objects.filter(
        mail_state__in=[MailState.PENDING, MailState.SENDING, MailState.FAILED]
    ).aggregate(
        depth=Count("pk", filter=due),
        oldest=Min("mail_due_at", filter=due),
        retrying=Count("pk", filter=Q(mail_state=MailState.PENDING, mail_attempts__gt=0)),
        sending=Count("pk", filter=Q(mail_state=MailState.SENDING)),
        given_up=Count("pk", filter=Q(mail_state=MailState.FAILED)),
    )
    in_digests = Notification.objects.filter(mail_state__in=list(DIGEST_STATES.values())).count()
    notices = Comment.objects.filter(notices_pending=True).aggregate(
        depth=Count("pk"), oldest=Min("created_at")
    )
    report = {
        "mails": {
            "depth": mails["depth"],
            "oldest_seconds": _age(mails["oldest"]),
            "retrying": mails["retrying"],
            "sending": mails["sending"],
            "given_up": mails["given_up"],
            "in_digests": in_digests,
        },
        "comment_notices": {
            "depth": notices["depth"],
            "oldest_seconds": _age(notices["oldest"]),
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
