"""Notification mails on the task worker: claimed, sent outside transactions, marked."""

import logging
import re
import smtplib
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments import services as comment_services
from comments.models import Comment
from notifications.mails import notification_mails_send_due
from notifications.models import MailState, Notification
from tests.factories import CommentFactory, TopicFactory, UserFactory
from topics import services

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def no_worker(settings):
    """Tasks are enqueued and never run: the test plays the worker."""
    settings.TASKS = DUMMY


class DyingBackend(EmailBackend):
    """Takes the first mails, then the worker dies while the server takes the next one."""

    taken = 0
    dies_at = 2

    def send_messages(self, messages):
        DyingBackend.taken += 1
        sent = super().send_messages(messages)
        if DyingBackend.taken == DyingBackend.dies_at:
            raise KeyboardInterrupt("the worker is killed")
        return sent


class StallingBackend(EmailBackend):
    """Takes the first mail, then the worker stalls past its claim's timeout while
    another worker takes its batch over."""

    stalled = False

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        if not StallingBackend.stalled:
            StallingBackend.stalled = True
            with override_settings(NOTIFICATION_MAIL_CLAIM_TIMEOUT=0):
                notification_mails_send_due()  # the other worker
        return sent


class CuttingBackend(EmailBackend):
    """The server drops the connection at the second mail."""

    taken = 0

    def send_messages(self, messages):
        CuttingBackend.taken += 1
        if CuttingBackend.taken == 2:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class TransactionWatchingBackend(EmailBackend):
    """Records whether each mail was handed to the server inside a transaction."""

    inside: list[bool] = []

    def send_messages(self, messages):
        TransactionWatchingBackend.inside.append(connection.in_atomic_block)
        return super().send_messages(messages)


def _feedback_on(topics):
    for topic in topics:
        services.feedback_create(topic=topic, author=UserFactory(), body="x")


@pytest.mark.django_db(transaction=True)
def test_no_mail_is_handed_to_the_server_inside_a_transaction(settings, no_worker):
    settings.EMAIL_BACKEND = "tests.notifications.test_mails.TransactionWatchingBackend"
    TransactionWatchingBackend.inside = []
    _feedback_on([TopicFactory() for _ in range(3)])

    assert notification_mails_send_due().sent == 3

    assert TransactionWatchingBackend.inside == [False, False, False]


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_run_repeats_at_most_the_mail_in_flight(settings, no_worker):
    settings.EMAIL_BACKEND = "tests.notifications.test_mails.DyingBackend"
    DyingBackend.taken = 0
    topics = [TopicFactory() for _ in range(4)]
    _feedback_on(topics)

    with pytest.raises(KeyboardInterrupt):
        notification_mails_send_due()
    # Another worker at once: the dead one's claims still hold, nothing goes twice.
    assert notification_mails_send_due().sent == 0
    states = list(Notification.objects.order_by("pk").values_list("mail_state", flat=True))
    assert states == ["sent", "sending", "sending", "sending"]

    settings.NOTIFICATION_MAIL_CLAIM_TIMEOUT = 0  # the dead worker's claims run out
    assert notification_mails_send_due().sent == 3

    received = [m.to[0] for m in mail.outbox]
    assert sorted(set(received)) == sorted(t.proposer.email for t in topics)
    # The one mail the server took as the worker died went again; no other did.
    assert len(received) == 5
    assert received.count(topics[1].proposer.email) == 2
    assert set(Notification.objects.values_list("mail_state", flat=True)) == {"sent"}


def test_a_stalled_worker_sends_nothing_another_worker_took_over(settings, no_worker):
    settings.EMAIL_BACKEND = "tests.notifications.test_mails.StallingBackend"
    StallingBackend.stalled = False
    topics = [TopicFactory() for _ in range(4)]
    _feedback_on(topics)

    notification_mails_send_due()

    # The first mail was in flight when the other worker took over: it alone went twice.
    received = sorted(m.to[0] for m in mail.outbox)
    assert len(received) == 5
    assert set(received) == {t.proposer.email for t in topics}
    assert set(Notification.objects.values_list("mail_state", flat=True)) == {"sent"}


def test_a_connection_cut_mid_batch_costs_no_attempt(settings, no_worker):
    from notifications.mails import MailServerUnreachable

    settings.EMAIL_BACKEND = "tests.notifications.test_mails.CuttingBackend"
    CuttingBackend.taken = 0
    _feedback_on([TopicFactory() for _ in range(3)])

    with pytest.raises(MailServerUnreachable):
        notification_mails_send_due()

    states = Notification.objects.order_by("pk").values_list("mail_state", "mail_attempts")
    assert list(states) == [("sent", 0), ("pending", 0), ("pending", 0)]
    Notification.objects.filter(mail_state="pending").update(mail_due_at=timezone.now())
    assert notification_mails_send_due().sent == 2


def test_a_refused_mail_is_retried_later_and_later_then_given_up(settings, no_worker, caplog):
    settings.EMAIL_BACKEND = "tests.workspace.broken_mail.RefusingBackend"
    refused = TopicFactory(proposer=UserFactory(email="refused@example.com"))
    fine = TopicFactory()
    _feedback_on([refused, fine])
    notification = Notification.objects.get(recipient=refused.proposer)
    waits = []

    with caplog.at_level(logging.ERROR, logger="notifications.mails"):
        first = notification_mails_send_due()
        for _attempt in range(Notification.MAIL_ATTEMPTS - 1):
            notification.refresh_from_db()
            waits.append(notification.mail_due_at - timezone.now())
            assert notification_mails_send_due() == (0, 0, 0)  # not due yet
            Notification.objects.filter(pk=notification.pk).update(mail_due_at=timezone.now())
            notification_mails_send_due()

    assert first == (1, 1, 0)
    assert [m.to for m in mail.outbox] == [[fine.proposer.email]]
    # 1, 5, 25 and 125 minutes between the tries.
    assert [round(w.total_seconds() / 60) for w in waits] == [1, 5, 25, 125]
    notification.refresh_from_db()
    assert (notification.mail_state, notification.mail_attempts) == ("failed", 5)
    assert "attempt 5 of 5" in caplog.text
    assert refused.feedback.count() == 1  # the action stands


def test_an_unreachable_server_counts_no_attempt(settings, no_worker):
    settings.EMAIL_BACKEND = "tests.workspace.broken_mail.UnreachableBackend"
    _feedback_on([TopicFactory()])

    from notifications.mails import MailServerUnreachable

    with pytest.raises(MailServerUnreachable):
        notification_mails_send_due()

    notification = Notification.objects.get()
    assert (notification.mail_state, notification.mail_attempts) == ("pending", 0)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notification.objects.update(mail_due_at=timezone.now())
    assert notification_mails_send_due() == (1, 0, 0)


def test_admins_queue_given_up_mails_again_and_the_worker_sends_them(client, no_worker):
    topic = TopicFactory()
    _feedback_on([topic])
    Notification.objects.update(mail_state=MailState.FAILED, mail_attempts=5, mail_due_at=None)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.post(
        reverse("admin:notifications_notification_changelist"),
        {
            "action": "mail_again",
            "_selected_action": list(Notification.objects.values_list("pk", flat=True)),
        },
        follow=True,
    ).content.decode()

    assert "1 mail is queued again." in page
    notification = Notification.objects.get()
    assert (notification.mail_state, notification.mail_attempts) == ("pending", 0)
    assert notification_mails_send_due().sent == 1
    assert [m.to for m in mail.outbox] == [[topic.proposer.email]]


def _two_workers(one_pass) -> None:
    """Two workers start together, each on its own connection, and repeat
    `one_pass` until it reports nothing done."""
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait(timeout=10)
            while one_pass():
                pass
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_mail(settings, no_worker):
    topics = [TopicFactory() for _ in range(30)]
    _feedback_on(topics)

    _two_workers(lambda: sum(notification_mails_send_due(limit=5)))

    assert sorted(m.to[0] for m in mail.outbox) == sorted(t.proposer.email for t in topics)
    assert set(Notification.objects.values_list("mail_state", flat=True)) == {"sent"}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_hold_interval_holds_across_two_workers(settings, no_worker):
    settings.NOTIFICATION_MAIL_INTERVAL = 15 * 60
    topics = [TopicFactory() for _ in range(10)]
    for topic in topics:
        for _n in range(3):  # a burst on each topic
            _feedback_on([topic])

    # Small batches, so that each burst is split between the two workers.
    _two_workers(lambda: sum(notification_mails_send_due(limit=2)))

    assert sorted(m.to[0] for m in mail.outbox) == sorted(t.proposer.email for t in topics)
    states = Notification.objects.values_list("mail_state", flat=True)
    assert sorted(states) == ["held"] * 20 + ["sent"] * 10


def test_the_hold_interval_holds_a_burst_sent_in_several_passes(settings, no_worker):
    settings.NOTIFICATION_MAIL_INTERVAL = 15 * 60
    topic = TopicFactory()
    for _n in range(4):
        _feedback_on([topic])

    while sum(notification_mails_send_due(limit=1)):
        pass

    assert len(mail.outbox) == 1
    assert "in the next 15 minutes will not be mailed" in mail.outbox[0].body


def _thread_of_shape(shape: str, count: int) -> None:
    """`count` comments in threads of one shape, their notices owed."""
    for _n in range(count):
        topic = TopicFactory()
        topic.co_proposers.add(UserFactory())
        root = CommentFactory(topic=topic)
        parent = root
        depth = {"conversations": 0, "replies": 1, "replies to replies": 3}[shape]
        for _level in range(depth):
            parent = comment_services.comment_create(
                topic=topic, author=UserFactory(), body="Re", parent=parent
            )
        if depth == 0:
            comment_services.comment_create(topic=topic, author=UserFactory(), body="New")


@pytest.mark.parametrize("shape", ["conversations", "replies", "replies to replies"])
def test_notices_cost_the_same_queries_for_one_comment_or_many(shape, no_worker):
    def cost(count):
        Comment.objects.update(notices_pending=False)
        _thread_of_shape(shape, count)
        with CaptureQueriesContext(connection) as queries:
            comment_services.comment_notices_write_pending()
        assert not Comment.objects.filter(notices_pending=True).exists()
        return len(queries)

    # (Six threads: past some seventy notifications SQLite splits one insert in two.)
    assert cost(1) == cost(6)


def test_a_reply_to_a_reply_tells_its_author_and_the_team_once(no_worker):
    proposer, asked, answered = UserFactory(), UserFactory(), UserFactory()
    topic = TopicFactory(proposer=proposer)
    first = comment_services.comment_create(topic=topic, author=asked, body="Question")
    reply = comment_services.comment_create(
        topic=topic, author=answered, body="Answer", parent=first
    )
    deeper = comment_services.comment_create(topic=topic, author=asked, body="Thanks", parent=reply)

    assert comment_services.comment_notices_write_pending() == 3

    told = Notification.objects.order_by("pk").values_list("recipient", "kind", "url")
    assert list(told) == [
        (proposer.pk, "comment_new", first.get_absolute_url()),
        (proposer.pk, "comment_new", reply.get_absolute_url()),
        (asked.pk, "comment_reply", reply.get_absolute_url()),
        (proposer.pk, "comment_new", deeper.get_absolute_url()),
        (answered.pk, "comment_reply", deeper.get_absolute_url()),
    ]


@pytest.mark.parametrize("gone", ["deleted", "hidden"])
def test_a_comment_gone_before_the_worker_is_told_to_no_one(gone, no_worker):
    topic, author = TopicFactory(), UserFactory()
    comment = comment_services.comment_create(topic=topic, author=author, body="Regret")
    if gone == "deleted":
        comment_services.comment_delete(comment=comment, by=author)
    else:
        Comment.objects.filter(pk=comment.pk).update(hidden_at=timezone.now())

    assert comment_services.comment_notices_write_pending() == 1

    assert not Notification.objects.exists()


@pytest.mark.parametrize("change", ["mail_off", "category_off", "deactivated", "digest"])
def test_a_queued_mail_follows_what_its_recipient_wants_now(change, no_worker):
    from notifications.models import NotificationPreference

    topic, kept = TopicFactory(), TopicFactory()
    _feedback_on([topic, kept])
    proposer = topic.proposer
    if change == "deactivated":
        proposer.is_active = False
        proposer.save(update_fields=["is_active"])
    else:
        NotificationPreference.objects.create(
            member=proposer,
            **{
                "mail_off": {"by_email": False},
                "category_off": {"my_topics": False},
                "digest": {"my_topics_mail": "daily"},
            }[change],
        )

    assert notification_mails_send_due() == (1, 0, 1)

    assert [m.to for m in mail.outbox] == [[kept.proposer.email]]
    waiting = Notification.objects.get(recipient=proposer).mail_state
    assert waiting == ("daily" if change == "digest" else "")


def test_the_mail_queue_is_visible_to_monitoring(client, no_worker):
    from io import StringIO

    from django.core.management import CommandError, call_command

    _feedback_on([TopicFactory(), TopicFactory()])
    Notification.objects.update(mail_due_at=timezone.now() - timedelta(minutes=10))

    out = StringIO()
    call_command("queue_status", stdout=out)
    assert re.search(r"mails: depth 2, oldest_seconds 60\d,", out.getvalue())
    with pytest.raises(CommandError, match="Waiting longer than 300 s: mails"):
        call_command("queue_status", "--max-age", "300", stdout=StringIO())
    health = client.get(reverse("healthz"), {"queues": ""}).json()
    assert health["queues"]["mails"]["depth"] == 2
    assert health["queues"]["mails"]["oldest_seconds"] >= 600
