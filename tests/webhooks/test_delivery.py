"""Sending: retries on the schedule, the pause and its notice, resuming, redirects,
and the address checked again at each send."""

import socket
import threading
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from standardwebhooks import Webhook

from comments.services import comment_create
from notifications.models import Notification, NotificationKind
from tests.factories import TopicFactory, UserFactory
from webhooks import delivery, services
from webhooks.delivery import webhook_deliveries_send_due
from webhooks.models import Delivery, DeliveryState, Endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """timezone.now, moved by the test."""
    moment = [timezone.now()]
    monkeypatch.setattr(timezone, "now", lambda: moment[0])

    class Clock:
        def advance(self, **delta):
            moment[0] += timedelta(**delta)

        @property
        def now(self):
            return moment[0]

    return Clock()


def _comment(channel):
    return comment_create(topic=TopicFactory(channel=channel), author=UserFactory(), body="Hi")


def _fail_through_the_schedule(clock, receiver) -> Delivery:
    receiver.status = 500
    webhook_deliveries_send_due()  # the first try
    for minutes in Delivery.RETRY_MINUTES:
        clock.advance(minutes=minutes, seconds=-1)
        assert webhook_deliveries_send_due() == (0, 0)  # not due yet
        clock.advance(seconds=1)
        assert webhook_deliveries_send_due() == (0, 1)
    return Delivery.objects.get()


def test_a_refused_delivery_is_tried_again_after_1_5_10_30_and_60_minutes(
    endpoint, channel, receiver, clock
):
    _comment(channel)
    receiver.status = 500

    webhook_deliveries_send_due()

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.response_code) == ("pending", 1, 500)
    assert delivery.due_at == clock.now + timedelta(minutes=1)
    assert delivery.error == "HTTP 500"

    given_up = _fail_through_the_schedule(clock, receiver)

    assert (given_up.state, given_up.attempts) == (DeliveryState.FAILED, 6)
    assert len(receiver.requests) == 6  # the first try, then five more
    assert {r.headers["webhook-id"] for r in receiver.requests} == {delivery.message_id}


def test_a_success_after_failures_is_delivered(endpoint, channel, receiver, clock):
    _comment(channel)
    receiver.status = 503
    webhook_deliveries_send_due()

    receiver.status = 204
    clock.advance(minutes=1)
    webhook_deliveries_send_due()

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.response_code, delivery.error) == (
        DeliveryState.DELIVERED,
        2,
        204,
        "",
    )
    assert Endpoint.objects.get().paused_at is None


def test_after_the_schedule_the_endpoint_is_paused_and_its_owner_told(
    endpoint, channel, organizer, receiver, clock
):
    _comment(channel)

    _fail_through_the_schedule(clock, receiver)

    endpoint.refresh_from_db()
    assert endpoint.paused_at == clock.now
    [notice] = Notification.objects.filter(kind=NotificationKind.WEBHOOK_PAUSED)
    assert (notice.recipient, notice.url, notice.message) == (
        organizer,
        endpoint.get_absolute_url(),
        endpoint.url,
    )


def test_a_paused_endpoint_keeps_its_events_waiting_and_resuming_sends_them(
    endpoint, channel, receiver, clock
):
    _comment(channel)
    _fail_through_the_schedule(clock, receiver)
    receiver.requests.clear()
    receiver.status = 200

    _comment(channel)
    webhook_deliveries_send_due()
    clock.advance(hours=3)
    webhook_deliveries_send_due()

    assert receiver.requests == []
    assert sorted(Delivery.objects.values_list("state", flat=True)) == ["failed", "pending"]

    services.endpoint_resume(endpoint=endpoint)
    webhook_deliveries_send_due()

    assert len(receiver.requests) == 2
    for request in receiver.requests:
        Webhook(endpoint.secret).verify(request.body, request.headers)
    assert set(Delivery.objects.values_list("state", flat=True)) == {"delivered"}
    assert Endpoint.objects.get().paused_at is None


def test_a_test_event_goes_to_a_paused_endpoint_and_is_tried_once(
    endpoint, channel, receiver, clock
):
    _comment(channel)
    _fail_through_the_schedule(clock, receiver)
    receiver.requests.clear()

    test = services.endpoint_test_send(endpoint=endpoint)
    webhook_deliveries_send_due()

    test.refresh_from_db()
    assert len(receiver.requests) == 1
    assert (test.state, test.attempts, test.response_code) == ("failed", 1, 500)
    assert Notification.objects.filter(kind=NotificationKind.WEBHOOK_PAUSED).count() == 1


def test_a_redirect_is_not_followed(endpoint, receiver):
    receiver.status = 302
    receiver.answer_headers = {"Location": "http://127.0.0.1:1/elsewhere"}

    services.endpoint_test_send(endpoint=endpoint)
    webhook_deliveries_send_due()

    delivery = Delivery.objects.get()
    assert [r.path for r in receiver.requests] == ["/hooks/webcastory"]
    assert (delivery.state, delivery.response_code) == ("failed", 302)
    assert "redirect" in delivery.error


def test_an_endpoint_that_does_not_answer_counts_a_try(channel, organizer, receiver):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    endpoint = services.endpoint_create(
        channel=channel,
        actor=organizer,
        url=f"http://127.0.0.1:{port}/",
        events=["comment.created"],
    )

    services.endpoint_test_send(endpoint=endpoint)
    webhook_deliveries_send_due()

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.response_code) == ("failed", 1, None)
    assert "ConnectionRefusedError" in delivery.error


def test_a_claim_left_by_a_dead_worker_is_taken_over(endpoint, channel, receiver, clock):
    _comment(channel)
    Delivery.objects.update(state=DeliveryState.SENDING, claim="dead", claimed_at=clock.now)

    assert webhook_deliveries_send_due() == (0, 0)
    clock.advance(minutes=6)
    assert webhook_deliveries_send_due() == (1, 0)
    assert len(receiver.requests) == 1


def test_a_deleted_owner_leaves_the_pause_to_the_channels_organizers(
    endpoint, channel, organizer, receiver, clock
):
    other = UserFactory()
    channel.organizers.add(other)
    Endpoint.objects.update(created_by=None)
    _comment(channel)

    _fail_through_the_schedule(clock, receiver)

    assert set(
        Notification.objects.filter(kind=NotificationKind.WEBHOOK_PAUSED).values_list(
            "recipient", flat=True
        )
    ) == {organizer.pk, other.pk}


def test_the_worker_tick_sends_what_is_due(endpoint, channel, receiver):
    from webcastory.tasks import STEPS

    _comment(channel)

    done = {name: step() for name, step in STEPS if name == "webhooks"}

    assert done == {"webhooks": 1}
    assert len(receiver.requests) == 1


def test_the_owner_reads_the_pause_in_their_notifications_with_the_link_to_resume(
    client, endpoint, channel, organizer, receiver, clock
):
    topic = TopicFactory(channel=channel, title="Grid storage")
    comment_create(topic=topic, author=UserFactory(), body="Hi")
    _fail_through_the_schedule(clock, receiver)
    client.force_login(organizer)

    page = client.get(reverse("notifications:notification_list")).content.decode()

    assert (
        "A webhook endpoint of the channel of “Grid storage” is paused: its deliveries "
        "failed for more than an hour. Resume it once it answers again."
    ) in page
    assert f'href="{endpoint.get_absolute_url()}"' in page


def test_an_address_with_accents_in_its_path_receives_the_event(
    client, channel, organizer, receiver
):
    """The form takes an address as people write it (https://example.org/crochets/événements);
    the request line is sent percent-encoded, and the pass goes on (no exception)."""
    client.force_login(organizer)
    client.post(
        reverse("webhooks:endpoint_list", args=[channel.slug]),
        {"url": receiver.url + "/événements", "events": ["comment.created"]},
    )
    endpoint = Endpoint.objects.get()

    services.endpoint_test_send(endpoint=endpoint)
    assert webhook_deliveries_send_due() == (1, 0)

    assert [r.path for r in receiver.requests] == ["/hooks/webcastory/%C3%A9v%C3%A9nements"]


@pytest.fixture
def dripping_receiver(settings):
    """Answers a byte of its headers every tenth of a second, for a minute: each read
    is quick, the whole answer never comes."""
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve():
        connection, _address = server.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            for _ in range(600):
                if stop.wait(0.1):
                    break
                try:
                    connection.sendall(b"a")
                except OSError:
                    break

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/hook"
    stop.set()
    thread.join(timeout=5)
    server.close()


def test_a_receiver_that_drips_its_answer_is_cut_at_the_deadline(
    channel, organizer, dripping_receiver, monkeypatch
):
    monkeypatch.setattr(delivery, "SEND_DEADLINE", 1)
    endpoint = services.endpoint_create(
        channel=channel, actor=organizer, url=dripping_receiver, events=["comment.created"]
    )
    services.endpoint_test_send(endpoint=endpoint)

    started = time.monotonic()
    assert webhook_deliveries_send_due() == (0, 1)

    assert time.monotonic() - started < 5
    sent = Delivery.objects.get()
    assert (sent.state, sent.response_code) == ("failed", None)
    assert "No complete answer within 1 seconds" in sent.error
