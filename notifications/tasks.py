"""The notifications' background tasks: triggers for the worker (see core.tasks)."""

from django_tasks import task

from core.tasks import enqueue_on_commit
from notifications.digests import digests_send_due
from notifications.mails import BATCH, MailServerUnreachable, notification_mails_send_due

# Batches one run sends before it makes way for other tasks (and enqueues its sequel).
PASSES = 50


@task()
def notification_mails_send() -> dict[str, int]:
    """Send the due notification mails, batch after batch. The mails waiting for a
    retry, or for a server that was unreachable, are the worker's tick's (every minute)."""
    sent = failed = kept_back = 0
    for _pass in range(PASSES):
        try:
            done = notification_mails_send_due()
        except MailServerUnreachable:
            break  # the mails are back in the queue, due in a minute
        sent, failed, kept_back = sent + done.sent, failed + done.failed, kept_back + done.kept_back
        if sum(done) < BATCH:
            break
    else:
        enqueue_on_commit(notification_mails_send)
    return {"sent": sent, "failed": failed, "kept_back": kept_back}


@task()
def digests_send() -> int:
    """Send the digests due now; returns how many went."""
    return digests_send_due()
