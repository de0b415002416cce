"""The notifications' background tasks: triggers for the worker (see core.tasks)."""

import logging

from django_tasks import task

from core.tasks import coalesced_started, enqueue_on_commit
from notifications.mails import BATCH, MailServerUnreachable, notification_mails_send_due

logger = logging.getLogger(__name__)

# Batches one run sends before it makes way for other tasks (and enqueues its sequel).
PASSES = 50


@task()
def notification_mails_send() -> dict[str, int]:
    """Send the due notification mails, batch after batch. The mails waiting for a
    retry, or for a server that was unreachable, are the worker's tick's (every minute)."""
    coalesced_started("notification-mails")
    sent = failed = kept_back = 0
    for _pass in range(PASSES):
        try:
            done = notification_mails_send_due()
        except MailServerUnreachable as error:
            logger.warning(
                "The mail server cannot be reached (%s); the mails wait a minute.",
                error.__cause__ or error,
            )
            break
        sent, failed, kept_back = sent + done.sent, failed + done.failed, kept_back + done.kept_back
        if sum(done) < BATCH:
            break
    else:
        enqueue_on_commit(notification_mails_send)
    return {"sent": sent, "failed": failed, "kept_back": kept_back}
