"""The task worker itself: django-tasks' database backend, `manage.py worker`, the tick."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from comments.models import Comment
from notifications.models import Notification
from tests.factories import TopicFactory, UserFactory
from topics import services

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS_BACKEND = "database"
    settings.TASKS = DATABASE


def _worker() -> None:
    call_command("worker", "--batch", verbosity=0, stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_comment_posted_is_told_and_mailed_by_the_worker_not_the_request(
    member_client, database_queue
):
    topic = TopicFactory(proposer=UserFactory(preferred_language="fr"))

    response = member_client.post(
        reverse("comments:comment_create", args=[topic.slug]), {"body": "Queued words"}
    )

    assert response.status_code == 302
    assert (mail.outbox, Notification.objects.count()) == ([], 0)
    assert Comment.objects.get().notices_pending
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()

    _worker()

    notification = Notification.objects.get()
    assert (notification.recipient, notification.mail_state) == (topic.proposer, "sent")
    assert [m.to for m in mail.outbox] == [[topic.proposer.email]]
    assert "a commenté votre sujet" in mail.outbox[0].subject
    assert not Comment.objects.filter(notices_pending=True).exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_starts_the_minute_tick_which_catches_up_on_lost_tasks(database_queue):
    topic = TopicFactory()
    services.feedback_create(topic=topic, author=UserFactory(), body="x")
    # The task that would send the mail is lost (the database went away after the commit).
    DBTaskResult.objects.all().delete()

    _worker()

    assert [m.to for m in mail.outbox] == [[topic.proposer.email]]
    ticks = DBTaskResult.objects.filter(task_path="webcastory.tasks.tick")
    assert ticks.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1
    # The next tick waits for its minute, once, however many workers start.
    assert ticks.filter(status=TaskResultStatus.READY).count() == 1
    _worker()
    assert ticks.filter(status=TaskResultStatus.READY).count() == 1


@pytest.mark.django_db
def test_the_worker_refuses_to_run_without_a_queue(settings):
    settings.TASKS_BACKEND = "immediate"
    with pytest.raises(CommandError, match="no queue for a worker"):
        call_command("worker", "--batch")


@pytest.mark.django_db(transaction=True)
def test_the_task_queue_is_visible_to_monitoring(database_queue):
    services.feedback_create(topic=TopicFactory(), author=UserFactory(), body="x")

    out = StringIO()
    call_command("queue_status", "--json", stdout=out)

    assert '"tasks": {"depth": 1, "failed_last_day": 0, "oldest_seconds": 0}' in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_failing_step_neither_stops_the_others_nor_ends_the_tick_chain(
    database_queue, monkeypatch
):
    from django.db import OperationalError

    import webcastory.tasks

    def digests_fail():
        raise OperationalError("deadlock detected")

    monkeypatch.setattr(
        webcastory.tasks,
        "STEPS",
        [("digests", digests_fail)]
        + [step for step in webcastory.tasks.STEPS if step[0] != "digests"],
    )
    topic = TopicFactory()
    services.feedback_create(topic=topic, author=UserFactory(), body="x")
    DBTaskResult.objects.all().delete()

    _worker()

    assert [m.to for m in mail.outbox] == [[topic.proposer.email]]  # the mails step ran
    ticks = DBTaskResult.objects.filter(task_path="webcastory.tasks.tick")
    assert ticks.filter(status=TaskResultStatus.READY).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_comments_wakes_the_worker_once(member_client, database_queue, settings):
    import os

    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"no Redis at {url}: coalescing is proven in CI")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.cache.WebcastoryRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "test-coalesce",
        },
    }
    from django.core.cache import caches

    caches["default"].clear()
    topic = TopicFactory()

    for n in range(5):
        member_client.post(
            reverse("comments:comment_create", args=[topic.slug]), {"body": f"Burst {n}"}
        )
    waiting = DBTaskResult.objects.filter(task_path="comments.tasks.comment_notices_write")
    assert waiting.count() == 1  # one run waits; it covers the five

    _worker()
    member_client.post(reverse("comments:comment_create", args=[topic.slug]), {"body": "Later"})

    # The run started, so the next post wakes a new one; every comment was told.
    assert waiting.filter(status=TaskResultStatus.READY).count() == 1
    _worker()
    assert Notification.objects.filter(recipient=topic.proposer).count() == 6
    caches["default"].clear()
