"""Daily and weekly digests: one mail per member and period; nothing dropped, nothing twice."""

import itertools
import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from comments import services as comment_services
from notifications.digests import digests_send_due, period_start
from notifications.mails import notification_mails_send_due
from notifications.models import Digest, Notification, NotificationPreference
from notifications.services import notification_preferences_save
from sponsorship import services as sponsorship_services
from tests.factories import TopicFactory, UserFactory
from topics import services

pytestmark = pytest.mark.django_db


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in December 2026 (Monday the 7th), local time."""
    return timezone.make_aware(datetime(2026, 12, day, hour, minute))


def _on_daily(member, **choices):
    preference = NotificationPreference.objects.create(
        member=member, **({"my_topics_mail": "daily"} | choices)
    )
    return preference


def _dated(moment: datetime) -> None:
    """What was told so far happened at `moment` (the comments' notices written, as the
    worker does once their request commits)."""
    comment_services.comment_notices_write_pending()
    Notification.objects.filter(created_at__gt=moment).update(created_at=moment)


def _busy_day(topic, other):
    for _n in range(12):
        comment_services.comment_create(topic=topic, author=UserFactory(), body="More")
    for _n in range(2):
        services.participation_request_create(
            topic=topic, applicant=UserFactory(), role="guest", motivation="Me"
        )
    sponsorship_services.sponsorship_interest_record(
        topic=topic,
        member=UserFactory(),
        organisation="Acme",
        contact_name="A",
        contact_email="a@example.com",
    )
    comment_services.comment_create(topic=other, author=UserFactory(), body="Elsewhere")


def test_a_daily_digest_groups_by_topic_with_counts_in_the_members_language():
    proposer = UserFactory(preferred_language="fr")
    _on_daily(proposer)
    topic = TopicFactory(proposer=proposer, title="Le grand sujet")
    other = TopicFactory(proposer=proposer, title="Un autre")
    _busy_day(topic, other)
    _dated(_at(3, 15))
    Notification.objects.filter(topic=other).update(created_at=_at(3, 16))

    assert mail.outbox == []  # nothing at once
    assert digests_send_due(moment=_at(4, 6, 59)) == 0  # before the hour
    assert digests_send_due(moment=_at(4, 7, 1)) == 1

    digest = mail.outbox[0]
    assert digest.to == [proposer.email]
    assert digest.subject == "[Webcastory] Votre résumé quotidien : 2 sujets"
    body = digest.body
    # The most recently active topic first; the largest count first.
    assert body.index("Un autre") < body.index("Le grand sujet")
    assert "12 nouveaux commentaires, 2 demandes de participation, 1 sponsor" in body
    html = digest.alternatives[0][0]
    assert "12 nouveaux commentaires" in html and 'lang="fr"' in html
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert set(Notification.objects.values_list("mail_state", flat=True)) == {"digested"}


def test_twenty_busy_topics_on_daily_make_one_mail_a_day():
    member = UserFactory()
    _on_daily(member, followed_mail="daily", my_topics_mail="daily")
    topics = [TopicFactory(proposer=member) for _ in range(20)]
    for topic in topics:
        for _n in range(3):
            comment_services.comment_create(topic=topic, author=UserFactory(), body="x")
    _dated(_at(3, 12))

    sent = [digests_send_due(moment=_at(4, 7, minute)) for minute in range(0, 60, 5)]
    comment_services.comment_create(topic=topics[0], author=UserFactory(), body="Later that day")
    _dated(_at(4, 9))
    sent += [digests_send_due(moment=_at(4, hour)) for hour in range(9, 24)]
    sent.append(digests_send_due(moment=_at(5, 7)))

    assert sent.count(1) == 2 and sum(sent) == 2  # one on the 4th, one on the 5th
    assert [len(m.to) for m in mail.outbox] == [1, 1]
    assert "20 topics" in mail.outbox[0].subject and "1 topic" in mail.outbox[1].subject


def test_a_notice_written_just_after_the_hour_waits_for_the_next_digest():
    proposer = UserFactory()
    _on_daily(proposer)
    topic = TopicFactory(proposer=proposer)
    comment_services.comment_create(topic=topic, author=UserFactory(), body="Before")
    _dated(_at(3, 18))
    assert digests_send_due(moment=_at(4, 7)) == 1
    # A comment from 06:59, its notice written late by the worker, after the digest went.
    comment_services.comment_create(topic=topic, author=UserFactory(), body="Late")
    comment_services.comment_notices_write_pending()
    Notification.objects.filter(mail_state="daily").update(created_at=_at(4, 6, 59))

    assert digests_send_due(moment=_at(4, 7, 30)) == 0  # not a second mail today
    assert digests_send_due(moment=_at(5, 7)) == 1  # nor lost

    assert len(mail.outbox) == 2
    assert "1 new comment" in mail.outbox[1].body


def test_a_notice_between_the_hour_and_the_sending_goes_in_that_digest_once():
    proposer = UserFactory()
    _on_daily(proposer)
    topic = TopicFactory(proposer=proposer)
    comment_services.comment_create(topic=topic, author=UserFactory(), body="Before")
    _dated(_at(4, 6))
    comment_services.comment_create(topic=topic, author=UserFactory(), body="After")
    comment_services.comment_notices_write_pending()
    Notification.objects.filter(created_at__gt=_at(4, 6)).update(created_at=_at(4, 7, 5))

    assert digests_send_due(moment=_at(4, 7, 10)) == 1
    assert digests_send_due(moment=_at(5, 7)) == 0

    assert "2 new comments" in mail.outbox[0].body


def test_the_weekly_digest_goes_on_monday_mornings():
    member = UserFactory()
    _on_daily(member, my_topics_mail="weekly")
    comment_services.comment_create(
        topic=TopicFactory(proposer=member), author=UserFactory(), body="x"
    )
    _dated(_at(1, 10))  # Tuesday

    assert digests_send_due(moment=_at(6, 23)) == 0  # Sunday
    assert digests_send_due(moment=_at(7, 7)) == 1  # Monday
    assert digests_send_due(moment=_at(8, 7)) == 0

    assert "Your weekly digest" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("now_wanted", "digests", "at_once", "state"),
    [
        ("weekly", 1, 0, "digested"),  # the weekly digest carries them
        ("at_once", 1, 0, "digested"),  # what waited still comes in one digest
        ("never", 0, 0, ""),  # on the site only
    ],
)
def test_changing_ones_choice_moves_what_waits_without_loss_or_repeat(
    client, now_wanted, digests, at_once, state, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_MAIL_INTERVAL = 0
    member = UserFactory()
    _on_daily(member)
    topic = TopicFactory(proposer=member)
    for _n in range(3):
        comment_services.comment_create(topic=topic, author=UserFactory(), body="x")
    _dated(_at(3, 10))
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("notifications:notification_preferences"),
            {
                "my_topics": "on",
                "my_topics_mail": now_wanted,
                "decisions": "on",
                "decisions_mail": "at_once",
                "replies": "on",
                "replies_mail": "at_once",
                "followed": "on",
                "followed_mail": "at_once",
                "organizing": "on",
                "organizing_mail": "at_once",
                "by_email": "on",
            },
        )
    assert response.status_code == 302
    sent = digests_send_due(moment=_at(4, 7)) + digests_send_due(moment=_at(7, 7))
    sent += digests_send_due(moment=_at(8, 7)) + digests_send_due(moment=_at(14, 7))

    assert (sent, len(mail.outbox) - sent) == (digests, at_once)
    assert set(Notification.objects.values_list("mail_state", flat=True)) == {state}


def _waiting_digest(member=None):
    member = member or UserFactory()
    _on_daily(member)
    comment_services.comment_create(
        topic=TopicFactory(proposer=member), author=UserFactory(), body="x"
    )
    _dated(_at(3, 10))
    return member


def test_a_digest_the_server_refuses_is_tried_later_and_later_then_waits(settings):
    _waiting_digest(UserFactory(email="refused@example.com"))
    settings.EMAIL_BACKEND = "tests.workspace.broken_mail.RefusingBackend"

    assert digests_send_due(moment=_at(4, 7)) == 0
    tries = [Digest.objects.get().next_try_at]
    for _attempt in range(Digest.MAX_ATTEMPTS - 1):
        assert digests_send_due(moment=tries[-1] - timedelta(seconds=1)) == 0  # not yet
        assert digests_send_due(moment=tries[-1]) == 0
        tries.append(Digest.objects.get().next_try_at)

    digest = Digest.objects.get()
    assert (digest.attempts, digest.sent, tries[-1]) == (Digest.MAX_ATTEMPTS, False, None)
    waits = [round((b - a).total_seconds() / 60) for a, b in itertools.pairwise(tries[:-1])]
    assert waits == [25, 125]  # 5 minutes after the first try, then 25, then 125
    assert set(Notification.objects.values_list("mail_state", flat=True)) == {"daily"}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert digests_send_due(moment=_at(5, 7)) == 1  # the next period's digest carries them
    assert "1 new comment" in mail.outbox[0].body


def test_an_unreachable_server_ends_the_pass_without_a_try(settings):
    _waiting_digest()
    settings.EMAIL_BACKEND = "tests.workspace.broken_mail.UnreachableBackend"

    assert digests_send_due(moment=_at(4, 7)) == 0

    assert not Digest.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert digests_send_due(moment=_at(4, 7, 1)) == 1


def test_a_digest_whose_worker_died_is_taken_back_and_sent(settings):
    member = _waiting_digest()
    # A worker claimed the digest and its notification, then died.
    an_hour_ago = timezone.now() - timedelta(hours=1)
    digest = Digest.objects.create(
        member=member, frequency="daily", period_start=an_hour_ago, claimed_at=an_hour_ago
    )
    Notification.objects.update(
        mail_state="sending", mail_claim=f"digest-{digest.pk}", mail_claimed_at=an_hour_ago
    )
    # The mail worker leaves a digest's claims alone.
    assert notification_mails_send_due().sent == 0

    assert digests_send_due(moment=timezone.now()) == 1

    assert len(mail.outbox) == 1
    assert Notification.objects.get().mail_state == "digested"
    assert Digest.objects.get().sent


def test_one_day_has_one_daily_period_even_when_the_clock_goes_back(settings):
    settings.NOTIFICATION_DIGEST_HOUR = 2
    paris = ZoneInfo("Europe/Paris")
    moments = [datetime(2026, 10, 25, 2, 30, tzinfo=paris, fold=fold) for fold in (0, 1)]

    assert len({period_start("daily", m).astimezone(UTC) for m in moments}) == 1


def test_the_weekly_period_starts_on_monday_across_a_clock_change():
    paris = ZoneInfo("Europe/Paris")
    start = period_start("weekly", datetime(2026, 10, 28, 12, tzinfo=paris))  # a Wednesday

    assert (start.weekday(), start.hour, start.day) == (0, 7, 26)


def test_the_digests_unsubscribe_link_stops_that_digest(client):
    member = UserFactory()
    _on_daily(member, replies_mail="daily", decisions_mail="weekly")
    comment_services.comment_create(
        topic=TopicFactory(proposer=member), author=UserFactory(), body="x"
    )
    _dated(_at(3, 10))
    digests_send_due(moment=_at(4, 7))
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/notifications/unsubscribe/" in line
    )

    response = client.post(link.split("http://127.0.0.1:8000")[1])

    assert "the daily digest" in response.content.decode()
    preference = NotificationPreference.objects.get(member=member)
    assert (preference.my_topics_mail, preference.replies_mail) == ("never", "never")
    assert preference.decisions_mail == "weekly"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_send_one_digest_per_member():
    members = [UserFactory() for _ in range(5)]
    for member in members:
        _on_daily(member)
        topic = TopicFactory(proposer=member)
        for _n in range(4):
            comment_services.comment_create(topic=topic, author=UserFactory(), body="x")
    _dated(_at(3, 10))
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait(timeout=10)
            digests_send_due(moment=_at(4, 7))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)
    assert set(Notification.objects.values_list("mail_state", flat=True)) == {"digested"}


def test_preferences_saved_through_the_service_move_what_waits_too():
    member = UserFactory()
    preference = _on_daily(member)
    comment_services.comment_create(
        topic=TopicFactory(proposer=member), author=UserFactory(), body="x"
    )
    comment_services.comment_notices_write_pending()
    preference.my_topics_mail = "weekly"

    notification_preferences_save(preference=preference)

    assert Notification.objects.get().mail_state == "weekly"
    assert timezone.now() - Notification.objects.get().created_at < timedelta(minutes=1)
