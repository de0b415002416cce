"""The webhooks' background task: a trigger for the worker (see core.tasks)."""

from django_tasks import task

from core.tasks import coalesced_started, enqueue_on_commit
from webhooks.delivery import BATCH, webhook_deliveries_send_due

# Batches one run sends before it makes way for other tasks (and enqueues its sequel).
PASSES = 10


@task()
def webhook_deliveries_send() -> dict[str, int]:
    """Send the due deliveries, batch after batch. Retries are the tick's (every minute)."""
    coalesced_started("webhook-deliveries")
    delivered = failed = 0
    for _pass in range(PASSES):
        done = webhook_deliveries_send_due()
        delivered, failed = delivered + done.delivered, failed + done.failed
        if sum(done) < BATCH:
            break
    else:
        enqueue_on_commit(webhook_deliveries_send)
    return {"delivered": delivered, "failed": failed}
