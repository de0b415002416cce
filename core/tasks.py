"""Background work on Django's tasks API (the django-tasks backport, database backend).

A task here is a trigger, never the record: what must happen (a mail to send, a
notice to write, a digest due) is a row of the domain (a notification's mail state,
a comment's `notices_pending`), and a task asks a worker to look at those rows now.
So a task lost (the database went away between the commit and the enqueue, a worker
killed mid-run) loses nothing: the worker's minute tick (webcastory.tasks.tick) finds
the rows and does the work. Tasks are enqueued once the transaction that made the
rows commits, so a worker never looks before the rows are there.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models import Count, Min
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from core.cache import WebcastoryRedisCache, cache_available

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Task, *args, run_after: datetime | None = None, **kwargs) -> None:
    """Enqueue `task` once the current transaction commits (at once outside one).
    With a backend that cannot defer (the immediate one), a `run_after` task is left
    to the tick instead. A failure to enqueue is logged: the rows wait for the tick."""

    def enqueue() -> None:
        queued = task
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return
            queued = task.using(run_after=run_after)
        _enqueue(queued, *args, **kwargs)

    transaction.on_commit(enqueue)


def _enqueue(task: Task, *args, **kwargs) -> None:
    """Enqueue now; a failure is logged, and the rows wait for the worker's tick."""
    try:
        task.enqueue(*args, **kwargs)
    except DatabaseError:
        logger.exception("Could not enqueue %s; the worker's tick will catch up.", task.name)


# How long a coalesced task counts as waiting: past it, the next write enqueues another.
COALESCE_SECONDS = 5


def enqueue_coalesced_on_commit(task: Task, *, key: str) -> None:
    """enqueue_on_commit for a task that drains every row pending (a comment's notices,
    the mail queue): a write whose run is still waiting to start adds none, so a burst
    of posts costs one task row, not one each. The task calls coalesced_started(key)
    before it reads the rows, so a row written after that enqueues a new run. Needs the
    cache the worker shares (Redis); with any other, or Redis down, every write enqueues."""

    def enqueue() -> None:
        shared = isinstance(caches["default"], WebcastoryRedisCache) and cache_available()
        if shared and not caches["default"].add(_waiting(key), 1, timeout=COALESCE_SECONDS):
            return  # a run is waiting; it will see this row
        _enqueue(task)

    transaction.on_commit(enqueue)


def coalesced_started(key: str) -> None:
    """A coalesced task starts: the next write enqueues a new run."""
    caches["default"].delete(_waiting(key))


def _waiting(key: str) -> str:
    return f"task-waiting:{key}"


@dataclass(frozen=True)
class QueueDepth:
    """What waits in the task queue: for monitoring (`manage.py queue_status`, /healthz)."""

    ready: int
    oldest_ready_at: datetime | None
    failed_last_day: int

    @property
    def oldest_age_seconds(self) -> int | None:
        if self.oldest_ready_at is None:
            return None
        return max(0, int((timezone.now() - self.oldest_ready_at).total_seconds()))


def task_queue_depth() -> QueueDepth | None:
    """The database backend's queue: tasks ready to run, the oldest one's time, the
    tasks failed in the last day. None with a backend that keeps no queue."""
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return None
    ready = DBTaskResult.objects.ready().aggregate(n=Count("pk"), oldest=Min("enqueued_at"))
    failed = DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED,
        finished_at__gte=timezone.now() - timedelta(days=1),
    ).count()
    return QueueDepth(ready=ready["n"], oldest_ready_at=ready["oldest"], failed_last_day=failed)
