"""The mail queue (NOTIFICATION_MAIL_QUEUE): requests only record; a worker sends."""

import logging
import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments import services as comment_services
from comments.models import Comment
from notifications.models import MailState, Notification, NotificationPreference
from notifications.services import MailPass, notification_mails_send_pending
from tests.factories import TopicFactory, UserFactory
from topics import services
from topics.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queued(settings):
    settings.NOTIFICATION_MAIL_QUEUE = True


def test_a_comment_request_writes_the_comment_only_and_the_worker_tells_the_team(
    member_client, django_capture_on_commit_callbacks
):
    topic = TopicFactory(proposer=UserFactory(preferred_language="fr"))

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("comments:comment_create", args=[topic.slug]), {"body": "Queued words"}
        )

    assert response.status_code == 302
    assert mail.outbox == []
    assert not Notification.objects.exists()
    comment = Comment.objects.get()
    assert comment.notices_pending

    call_command("send_notification_mails", stdout=(out := StringIO()))

    assert "Comments told: 1. Mails sent: 1, failed: 0, held back or no longer wanted: 0." in (
        out.getvalue()
    )
    notification = Notification.objects.get()
    assert (notification.recipient, notification.mail_state) == (topic.proposer, "sent")
    assert notification.created_at == comment.created_at
    assert notification.url == comment.get_absolute_url()
    assert [m.to for m in mail.outbox] == [[topic.proposer.email]]
    comment.refresh_from_db()
    assert not comment.notices_pending


def test_with_the_queue_a_comment_is_three_statements_and_no_transaction(
    django_assert_num_queries,
):
    topic, author = TopicFactory(), UserFactory()

    # The conversation's number, the follow, the comment. Inside the test's own
    # transaction any atomic block would add a SAVEPOINT and its RELEASE to the count.
    with django_assert_num_queries(3):
        comment = comment_services.comment_create(topic=topic, author=author, body="Quick")

    assert (comment.conversation_number, comment.notices_pending) == (1, True)
    assert topic.follows.filter(member=author).exists()


def test_a_reply_written_late_tells_the_author_answered_and_the_team_once():
    proposer, replied = UserFactory(), UserFactory()
    topic = TopicFactory(proposer=proposer)
    first = comment_services.comment_create(topic=topic, author=replied, body="Question")
    reply = comment_services.comment_create(
        topic=topic, author=UserFactory(), body="Answer", parent=first
    )
    own = comment_services.comment_create(topic=topic, author=proposer, body="Mine")

    assert comment_services.comment_notices_write_pending() == 3
    assert comment_services.comment_notices_write_pending() == 0

    told = Notification.objects.order_by("pk").values_list("recipient", "kind", "url")
    assert list(told) == [
        (proposer.pk, "comment_new", first.get_absolute_url()),
        (proposer.pk, "comment_new", reply.get_absolute_url()),
        (replied.pk, "comment_reply", reply.get_absolute_url()),
    ]
    assert not Notification.objects.filter(url=own.get_absolute_url()).exists()


@pytest.mark.parametrize("comments", [1, 12])
def test_the_worker_tells_a_batch_of_comments_in_the_same_queries(
    django_assert_num_queries, comments
):
    proposer = UserFactory()
    for n in range(comments):
        topic = TopicFactory(proposer=proposer)
        topic.co_proposers.add(UserFactory())
        first = comment_services.comment_create(topic=topic, author=UserFactory(), body=f"{n}")
        comment_services.comment_create(topic=topic, author=UserFactory(), body="Re", parent=first)

    # The batch's ids locked, its rows read, co-proposers, preferences, one insert,
    # the flags, and the savepoint the test's transaction makes of the worker's.
    with django_assert_num_queries(8):
        assert comment_services.comment_notices_write_pending() == 2 * comments

    assert Notification.objects.count() == 2 * comments * 2 + comments


@pytest.mark.parametrize("gone", ["deleted", "hidden"])
def test_a_comment_gone_before_the_worker_is_told_to_no_one(gone):
    topic = TopicFactory()
    author = UserFactory()
    comment = comment_services.comment_create(topic=topic, author=author, body="Regret")
    if gone == "deleted":
        comment_services.comment_delete(comment=comment, by=author)
    else:
        Comment.objects.filter(pk=comment.pk).update(hidden_at=timezone.now())

    assert comment_services.comment_notices_write_pending() == 1

    assert not Notification.objects.exists()
    assert not Comment.objects.filter(notices_pending=True).exists()


def test_the_worker_sends_each_pending_mail_once_in_the_recipients_language():
    proposer = UserFactory(preferred_language="fr")
    topic = TopicFactory(proposer=proposer, title="Le sujet")
    services.feedback_create(topic=topic, author=UserFactory(full_name="Ana"), body="Bravo")

    call_command("send_notification_mails", stdout=StringIO())
    call_command("send_notification_mails", stdout=StringIO())

    assert [m.to for m in mail.outbox] == [[proposer.email]]
    assert "Ana a envoyé un retour" in mail.outbox[0].subject
    assert Notification.objects.get().mail_state == MailState.SENT


def test_a_burst_of_comments_is_one_mail_per_member_and_topic(settings):
    settings.NOTIFICATION_MAIL_INTERVAL = 15 * 60
    proposer = UserFactory()
    busy, quiet = TopicFactory(proposer=proposer), TopicFactory(proposer=proposer)
    author = UserFactory()
    for _n in range(5):
        comment_services.comment_create(topic=busy, author=author, body="Burst")
    comment_services.comment_create(topic=quiet, author=author, body="Once")
    services.feedback_create(topic=busy, author=author, body="Feedback")

    comment_services.comment_notices_write_pending()
    assert notification_mails_send_pending() == (3, 0, 4)
    comment_services.comment_create(topic=busy, author=author, body="Still within the interval")
    comment_services.comment_notices_write_pending()
    assert notification_mails_send_pending() == (0, 0, 1)

    assert len(mail.outbox) == 3
    held_note = "in the next 15 minutes will not be mailed to you"
    assert [held_note in m.body for m in mail.outbox] == [True] * 3  # feedback's too
    burst = Notification.objects.filter(topic=busy, kind="comment_new").order_by("pk")
    assert [n.mail_state for n in burst] == [MailState.SENT] + [MailState.HELD] * 5
    assert not Notification.objects.filter(mail_state=MailState.PENDING).exists()


def test_the_worker_mails_every_kind_once_per_member_topic_and_interval(settings):
    settings.NOTIFICATION_MAIL_INTERVAL = 15 * 60
    proposer = UserFactory()
    busy, quiet = TopicFactory(proposer=proposer), TopicFactory(proposer=proposer)
    member = UserFactory(full_name="Mia")
    for _n in range(4):
        services.feedback_create(topic=busy, author=member, body="Again")
        request = services.participation_request_create(
            topic=busy, applicant=member, role="guest", motivation="Me"
        )
        services.participation_request_withdraw(request=request, by=member)
    services.feedback_create(topic=quiet, author=member, body="Once")

    assert notification_mails_send_pending() == (3, 0, 6)
    services.feedback_create(topic=busy, author=member, body="Still within the interval")
    assert notification_mails_send_pending() == (0, 0, 1)

    assert sorted(m.subject for m in mail.outbox) == sorted(
        [
            f"[Webcastory] Mia asks to take part in “{busy.title}”.",
            f"[Webcastory] Mia sent feedback on your topic “{busy.title}”.",
            f"[Webcastory] Mia sent feedback on your topic “{quiet.title}”.",
        ]
    )
    states = Notification.objects.filter(topic=busy, kind="feedback_new").order_by("pk")
    assert [n.mail_state for n in states] == [MailState.SENT] + [MailState.HELD] * 4


def test_a_backlog_is_held_by_comment_time_not_by_sending_time(settings):
    """After an outage the worker meets old comments: their notices bear the comments'
    times, and those far enough apart each get their mail, whichever batch they fall in."""
    settings.NOTIFICATION_MAIL_INTERVAL = 15 * 60
    topic = TopicFactory()
    author = UserFactory()
    outage = timezone.now() - timedelta(hours=2)
    for minutes in (0, 1, 20, 25):
        comment = comment_services.comment_create(topic=topic, author=author, body=f"At {minutes}")
        Comment.objects.filter(pk=comment.pk).update(created_at=outage + timedelta(minutes=minutes))

    while comment_services.comment_notices_write_pending(limit=1):
        pass
    while Notification.objects.filter(mail_state=MailState.PENDING).exists():
        notification_mails_send_pending(limit=1)

    states = Notification.objects.order_by("created_at").values_list("mail_state", flat=True)
    assert list(states) == [MailState.SENT, MailState.HELD, MailState.SENT, MailState.HELD]
    assert len(mail.outbox) == 2


def test_the_worker_drains_a_backlog_of_held_mails_in_one_pass(monkeypatch, settings):
    """A batch of held mails only is not a reason to stop: the rest of the queue goes
    on the same pass, not one batch per interval."""
    from topics.management.commands import send_notification_mails as command

    monkeypatch.setattr(command, "BATCH", 5)
    settings.NOTIFICATION_MAIL_INTERVAL = 15 * 60
    topic, author = TopicFactory(), UserFactory()
    for n in range(15):
        comment_services.comment_create(topic=topic, author=author, body=f"{n}")

    call_command("send_notification_mails", stdout=(out := StringIO()))

    assert "Comments told: 15. Mails sent: 1, failed: 0, held back or no longer wanted: 14." in (
        out.getvalue()
    )
    assert not Notification.objects.filter(mail_state=MailState.PENDING).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_the_queue_locks_ids_alone_whatever_the_rows_need():
    """PostgreSQL plans a queue that just grew on stale statistics: with joins in the
    locking query it joined and sorted the whole backlog on every pass."""
    topic = TopicFactory()
    first = comment_services.comment_create(topic=topic, author=UserFactory(), body="x")
    comment_services.comment_create(topic=topic, author=UserFactory(), body="y", parent=first)
    with CaptureQueriesContext(connection) as queries:
        comment_services.comment_notices_write_pending()
        notification_mails_send_pending()

    locking = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert len(locking) == 2
    assert all(" JOIN " not in sql and "SKIP LOCKED" in sql for sql in locking)


def test_members_who_want_no_mail_are_not_queued():
    topic = TopicFactory()
    NotificationPreference.objects.create(member=topic.proposer, by_email=False)

    services.feedback_create(topic=topic, author=UserFactory(), body="x")

    assert Notification.objects.get().mail_state == MailState.NONE
    assert notification_mails_send_pending() == (0, 0, 0)


def test_a_refused_mail_is_tried_again_then_given_up_and_the_others_go(settings, caplog):
    settings.EMAIL_BACKEND = "tests.workspace.broken_mail.RefusingBackend"
    refused = TopicFactory(proposer=UserFactory(email="refused@example.com"))
    fine = TopicFactory()
    services.feedback_create(topic=refused, author=UserFactory(), body="One")
    services.feedback_create(topic=fine, author=UserFactory(), body="Two")

    with caplog.at_level(logging.ERROR, logger="notifications.services"):
        first = notification_mails_send_pending()
        for _attempt in range(Notification.MAIL_ATTEMPTS - 1):
            notification_mails_send_pending()

    assert first == (1, 1, 0)
    assert [m.to for m in mail.outbox] == [[fine.proposer.email]]
    given_up = Notification.objects.get(recipient=refused.proposer)
    assert (given_up.mail_state, given_up.mail_attempts) == ("failed", Notification.MAIL_ATTEMPTS)
    assert "attempt 5 of 5" in caplog.text
    assert refused.feedback.count() == 1  # the action stands


def test_an_unreachable_server_counts_no_attempt_and_the_command_says_so(settings):
    settings.EMAIL_BACKEND = "tests.workspace.broken_mail.UnreachableBackend"
    topic = TopicFactory()
    services.feedback_create(topic=topic, author=UserFactory(), body="x")

    with pytest.raises(CommandError, match="mail server is not available"):
        call_command("send_notification_mails")

    notification = Notification.objects.get()
    assert (notification.mail_state, notification.mail_attempts) == ("pending", 0)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notification_mails_send_pending() == (1, 0, 0)


@pytest.mark.django_db(transaction=True)
def test_the_worker_loop_sends_then_stops_when_asked(monkeypatch):
    from topics.management.commands import send_notification_mails as command

    topic = TopicFactory()
    services.feedback_create(topic=topic, author=UserFactory(), body="x")
    passes = []

    def stop_after_one_pass(self, seconds):
        passes.append(seconds)
        self._stopping = True

    monkeypatch.setattr(command.Command, "_sleep", stop_after_one_pass)
    monkeypatch.setattr(command.signal, "signal", lambda *args: None)

    out = StringIO()
    call_command("send_notification_mails", "--loop", "--interval", "3", stdout=out)

    assert (len(mail.outbox), passes) == (1, [3.0])
    assert "Mails sent: 1, failed: 0," in out.getvalue()


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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_mail(settings):
    settings.EMAIL_BACKEND = "tests.workspace.broken_mail.RefusingBackend"
    topics = [TopicFactory() for _ in range(30)]
    for topic in topics:
        services.feedback_create(topic=topic, author=UserFactory(), body="x")
    _two_workers(lambda: any(notification_mails_send_pending(limit=5)))

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(t.proposer.email for t in topics)
    assert set(Notification.objects.values_list("mail_state", flat=True)) == {"sent"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_tell_a_comment_twice():
    topics = [TopicFactory() for _ in range(30)]
    for topic in topics:
        comment_services.comment_create(topic=topic, author=UserFactory(), body="x")
    handled = []

    def one_pass() -> int:
        handled.append(comment_services.comment_notices_write_pending(limit=4))
        return handled[-1]

    _two_workers(one_pass)

    assert sum(handled) == 30
    told = sorted(Notification.objects.values_list("recipient", flat=True))
    assert told == sorted(t.proposer.pk for t in topics)
    assert not Comment.objects.filter(notices_pending=True).exists()


def _admin_mails_given_up_again(client) -> tuple[Topic, str]:
    """A feedback mail given up on, queued again by an admin: its topic and the page."""
    topic = TopicFactory()
    services.feedback_create(topic=topic, author=UserFactory(), body="x")
    Notification.objects.update(mail_state=MailState.FAILED, mail_attempts=5)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:notifications_notification_changelist"),
        {
            "action": "mail_again",
            "_selected_action": list(Notification.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )
    return topic, response.content.decode()


def test_admins_queue_given_up_mails_again(client):
    _topic, page = _admin_mails_given_up_again(client)

    assert "1 mail is queued again." in page
    notification = Notification.objects.get()
    assert (notification.mail_state, notification.mail_attempts) == ("pending", 0)
    assert mail.outbox == []  # the mail worker sends it


@pytest.mark.parametrize("server", ["up", "down"])
def test_without_the_queue_mails_queued_again_are_sent_at_once(client, settings, server):
    settings.NOTIFICATION_MAIL_QUEUE = False
    if server == "down":
        settings.EMAIL_BACKEND = "tests.workspace.broken_mail.UnreachableBackend"

    topic, page = _admin_mails_given_up_again(client)

    assert "1 mail is queued again." in page
    if server == "up":
        assert "Sent now: 1; refused by the mail server: 0." in page
        assert [m.to for m in mail.outbox] == [[topic.proposer.email]]
        assert Notification.objects.get().mail_state == MailState.SENT
    else:
        assert "The mail server cannot be reached; the mails stay queued." in page
        assert Notification.objects.get().mail_state == MailState.PENDING


@pytest.mark.parametrize("change", ["mail_off", "category_off", "deactivated"])
def test_a_queued_mail_its_recipient_no_longer_wants_leaves_unsent(change):
    topic = TopicFactory()
    kept = TopicFactory()
    services.feedback_create(topic=topic, author=UserFactory(), body="x")
    services.feedback_create(topic=kept, author=UserFactory(), body="y")
    proposer = topic.proposer
    if change == "deactivated":
        proposer.is_active = False
        proposer.save(update_fields=["is_active"])
    else:
        NotificationPreference.objects.create(
            member=proposer,
            **({"by_email": False} if change == "mail_off" else {"my_topics": False}),
        )

    assert notification_mails_send_pending() == (1, 0, 1)

    assert [m.to for m in mail.outbox] == [[kept.proposer.email]]
    dropped = Notification.objects.get(recipient=proposer)
    assert dropped.mail_state == MailState.NONE
    assert notification_mails_send_pending() == (0, 0, 0)


@pytest.mark.django_db(transaction=True)
def test_the_worker_waits_longer_while_the_database_is_away_then_goes_on(monkeypatch):
    from django.db import OperationalError

    from topics.management.commands import send_notification_mails as command

    outcomes = [
        OperationalError("connection refused"),
        OperationalError("again"),
        MailPass(sent=2, failed=0, kept_back=0),
    ]
    waits = []

    def send_pending(limit):
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def sleep(self, seconds):
        waits.append(seconds)
        if not outcomes:
            self._stopping = True

    monkeypatch.setattr(command, "notification_mails_send_pending", send_pending)
    monkeypatch.setattr(command.Command, "_sleep", sleep)
    monkeypatch.setattr(command.signal, "signal", lambda *args: None)
    out, err = StringIO(), StringIO()

    call_command("send_notification_mails", "--loop", "--interval", "1", stdout=out, stderr=err)

    assert waits == [2.0, 4.0, 1.0]
    assert (
        "The database is not available (connection refused); trying again in 2 s." in err.getvalue()
    )
    assert "Mails sent: 2, failed: 0," in out.getvalue()
