"""The worker's tick: every minute, whatever work the rows say is due.

Tasks are triggers (see core.tasks); the tick is the one that never misses: it writes
the notices comments still owe and the day-before reminders of recordings, sends the
mails due (first tries whose task was lost, retries, the mails of a worker that died),
the digests of the hour and the account mails kept for a later try, asks PeerTube for
episodes' views when that is on, sends the webhook deliveries due (retries too), and
prunes old task results. `manage.py worker` starts the chain; each tick enqueues the
next, so one chain runs however many workers serve it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accounts.mail import account_mails_send_due
from comments.services import comment_notices_write_pending
from core.tasks import enqueue_on_commit
from notifications.digests import digests_send_due
from notifications.tasks import notification_mails_send
from sponsorship.tasks import peertube_views_refresh_due
from topics.invitations import recording_invitations_send_due
from topics.reminders import recording_reminders_send
from webhooks.tasks import webhook_deliveries_send

logger = logging.getLogger(__name__)

EVERY = timedelta(minutes=1)
# Finished task results are kept this long, for the admin and for monitoring.
KEEP_RESULTS = timedelta(days=7)


@task()
def tick() -> dict[str, int]:
    # The next tick first: a step that fails (a deadlock, a locked SQLite file) or a
    # worker killed mid-tick must not end the chain.
    tick_ensure()
    done = {}
    for name, step in STEPS:
        try:
            done[name] = step()
        except Exception:
            logger.exception("The tick's step %r failed; the next tick tries again.", name)
            done[name] = -1
    return done


def _notices() -> int:
    written = 0
    while (batch := comment_notices_write_pending()) > 0:
        written += batch
    return written


def _mails() -> int:
    return notification_mails_send.call()["sent"]


def _account_mails() -> int:
    return account_mails_send_due()[0]


def _webhooks() -> int:
    return sum(webhook_deliveries_send.call().values())


def _prune() -> int:
    deleted, _kinds = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=timezone.now() - KEEP_RESULTS,
    ).delete()
    return deleted


STEPS = [
    ("notices", _notices),
    # Before the mails: a reminder written now leaves in this tick.
    ("reminders", recording_reminders_send),
    ("calendar_mails", recording_invitations_send_due),
    ("mails", _mails),
    ("digests", digests_send_due),
    ("account_mails", _account_mails),
    ("peertube_views", peertube_views_refresh_due),
    ("webhooks", _webhooks),
    ("pruned", _prune),
]


def tick_ensure(*, now: bool = False) -> None:
    """Enqueue the next tick (in a minute, or now), unless one is already waiting."""
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=tick.module_path)
    if not waiting.exists():
        enqueue_on_commit(tick, run_after=timezone.now() + (timedelta(0) if now else EVERY))
