"""The comments' background tasks: triggers for the worker (see core.tasks)."""

from django_tasks import task

from comments.services import comment_notices_write_pending
from core.tasks import coalesced_started


@task()
def comment_notices_write() -> int:
    """Write the notices the new comments owe, batch after batch; returns how many
    comments were told."""
    coalesced_started("comment-notices")
    told = 0
    while (batch := comment_notices_write_pending()) > 0:
        told += batch
    return told
