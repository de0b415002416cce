"""Webhook deliveries: claimed, signed, sent outside any transaction, then marked.

The same design as the notification mails (notifications.mails): a delivery is a row;
a task asks the worker to look now and the worker's minute tick looks anyway.

1. **Claim.** A worker locks up to a batch of due deliveries (skipping those another
   holds, and those of paused endpoints), marks them `sending` with its claim, commits.
2. **Send**, one by one, outside any transaction: the host's addresses are resolved
   and checked (webhooks.addresses), the body signed per Standard Webhooks with the
   endpoint's secret (and the previous one during a rotation's overlap), posted to
   the checked address with a short timeout; redirects are not followed.
3. **Mark** the answer: a 2xx delivered it; anything else (another status, no
   answer, a refused address) counts a try, and it waits 1, 5, 10, 30 and 60 minutes
   between tries. After the last one it is given up, and its endpoint is paused (kept,
   its new events waiting) and its owner told, with a link to resume it.

A worker that dies mid-send leaves its deliveries `sending`; after CLAIM_TIMEOUT
another takes them over: only the one in flight may go twice (receivers deduplicate
on the `webhook-id` header, the same on every try). A test event is tried once.
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import socket
import ssl
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.encoding import iri_to_uri
from standardwebhooks import Webhook

from notifications.mails import queue_take
from webhooks.addresses import AddressError, addresses_resolve, default_port, url_parts
from webhooks.models import TEST_EVENT, Delivery, DeliveryState, Endpoint

logger = logging.getLogger(__name__)

BATCH = 20
# Seconds for each network step of a send (connect, TLS, each read): a slow receiver
# must not hold the worker.
SEND_TIMEOUT = 5
# A delivery claimed longer ago than this, still `sending`, was left by a dead worker.
CLAIM_TIMEOUT = timedelta(minutes=5)
# The whole send, however slowly the receiver drips its answer (each step within
# SEND_TIMEOUT): past it the connection is cut, and the try counts as failed.
SEND_DEADLINE = 15
# Only the status is read from the answer; a little of the body is drained.
ANSWER_BYTES = 4096
USER_AGENT = "Webcastory-Webhooks/1"


class DeliveryPass(NamedTuple):
    delivered: int
    failed: int


class Answer(NamedTuple):
    code: int | None
    error: str
    duration_ms: int


def signatures(endpoint: Endpoint, *, msg_id: str, at: datetime, body: bytes) -> str:
    """The webhook-signature header: one signature per secret in use, space-separated
    (the current one first; the previous one too until its overlap ends)."""
    secrets = [endpoint.secret]
    if endpoint.previous_secret and (
        endpoint.previous_secret_until and endpoint.previous_secret_until > timezone.now()
    ):
        secrets.append(endpoint.previous_secret)
    return " ".join(Webhook(secret).sign(msg_id, at, body) for secret in secrets)


def headers_for(endpoint: Endpoint, delivery: Delivery, body: bytes) -> dict[str, str]:
    # The wall clock at the send, whatever the database's time says: the receiver
    # checks it against its own clock (within 5 minutes) to refuse replays.
    at = datetime.now(tz=UTC)
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signatures(endpoint, msg_id=delivery.message_id, at=at, body=body),
    }


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address checked, whatever the name resolves to by then."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = 443

    def connect(self) -> None:
        super().connect()
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


class _Deadline:
    """Cuts the connection once SEND_DEADLINE has passed: a receiver that sends a byte
    every few seconds would otherwise hold the worker for hours."""

    def __init__(self, connection: http.client.HTTPConnection):
        self.connection = connection
        self.passed = False
        self.timer = threading.Timer(SEND_DEADLINE, self.cut)
        self.timer.daemon = True

    def cut(self) -> None:
        self.passed = True
        sock = self.connection.sock
        if sock is not None:
            # The plain socket's shutdown, even under TLS: the reads in progress end.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def __enter__(self) -> _Deadline:
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.cancel()


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST once to a public address of the URL's host; never raises."""
    started = time.monotonic()

    def answer(code: int | None, error: str = "") -> Answer:
        return Answer(code, error[:300], int((time.monotonic() - started) * 1000))

    try:
        parts = url_parts(url)
        port = default_port(parts)
        address = addresses_resolve(parts.hostname, port)[0]
    except AddressError as error:
        return answer(None, str(error))
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(parts.hostname, port, address=address, timeout=SEND_TIMEOUT)
    # An address as people write it (accents in its path): the request line is ASCII.
    path = iri_to_uri((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
    deadline = _Deadline(connection)
    try:
        with deadline:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read(ANSWER_BYTES)
            code = response.status
    except (OSError, http.client.HTTPException, ValueError) as error:
        if deadline.passed:
            return answer(None, f"No complete answer within {SEND_DEADLINE} seconds.")
        return answer(None, f"{type(error).__name__}: {error}")
    finally:
        connection.close()
    if deadline.passed:  # cut as the answer ended: not counted as received
        return answer(None, f"No complete answer within {SEND_DEADLINE} seconds.")
    if 200 <= code < 300:
        return answer(code)
    if 300 <= code < 400:
        return answer(code, "A redirect: webhooks do not follow redirects.")
    return answer(code, f"HTTP {code}")


def delivery_queue() -> QuerySet[Delivery]:
    """What a worker may send now: due deliveries of endpoints that are not paused (a
    test event goes even so), and those whose worker went silent."""
    moment = timezone.now()
    active = Endpoint.objects.filter(paused_at__isnull=True).values("pk")
    return Delivery.objects.filter(
        Q(state=DeliveryState.PENDING, due_at__lte=moment)
        | Q(state=DeliveryState.SENDING, claimed_at__lt=moment - CLAIM_TIMEOUT)
    ).filter(Q(endpoint_id__in=active) | Q(event=TEST_EVENT))


def _mine(pk: int, claim: str) -> QuerySet[Delivery]:
    return Delivery.objects.filter(pk=pk, state=DeliveryState.SENDING, claim=claim)


def _claim(limit: int) -> tuple[str, list[Delivery]]:
    claim = get_random_string(32)
    with transaction.atomic():
        ids = queue_take(delivery_queue(), limit)
        if not ids:
            return claim, []
        Delivery.objects.filter(pk__in=ids).update(
            state=DeliveryState.SENDING, claim=claim, claimed_at=timezone.now()
        )
    batch = list(Delivery.objects.filter(pk__in=ids).select_related("endpoint").order_by("pk"))
    return claim, batch


def webhook_deliveries_send_due(*, limit: int = BATCH) -> DeliveryPass:
    """One pass: claim up to `limit` due deliveries, send them, mark them."""
    claim, batch = _claim(limit)
    delivered = failed = 0
    for delivery in batch:
        # Checked and renewed before each send: a worker that stalled past the claim
        # timeout sends nothing another took over, and nothing goes to an endpoint
        # paused meanwhile (those deliveries wait for the resume).
        still_sendable = Q(endpoint__paused_at__isnull=True) | Q(event=TEST_EVENT)
        if not _mine(delivery.pk, claim).filter(still_sendable).update(claimed_at=timezone.now()):
            _mine(delivery.pk, claim).update(state=DeliveryState.PENDING, claim="")
            continue
        endpoint = Endpoint.objects.get(pk=delivery.endpoint_id)  # its secrets as of now
        body = delivery.payload.encode()
        answer = post(endpoint.url, body, headers_for(endpoint, delivery, body))
        if answer.code is not None and 200 <= answer.code < 300:
            delivered += 1
            _mine(delivery.pk, claim).update(
                state=DeliveryState.DELIVERED,
                attempts=delivery.attempts + 1,
                last_attempt_at=timezone.now(),
                finished_at=timezone.now(),
                response_code=answer.code,
                duration_ms=answer.duration_ms,
                error="",
                claim="",
            )
        else:
            failed += 1
            _refused(delivery, claim, answer)
    return DeliveryPass(delivered, failed)


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try: 1, 5, 10, 30, 60 minutes."""
    return timedelta(minutes=Delivery.RETRY_MINUTES[attempts - 1])


def _refused(delivery: Delivery, claim: str, answer: Answer) -> None:
    attempts = delivery.attempts + 1
    given_up = attempts >= delivery.max_attempts
    moment = timezone.now()
    logger.warning(
        "Webhook delivery %s to endpoint %s failed (try %s of %s): %s",
        delivery.pk,
        delivery.endpoint_id,
        attempts,
        delivery.max_attempts,
        answer.error,
    )
    marked = _mine(delivery.pk, claim).update(
        state=DeliveryState.FAILED if given_up else DeliveryState.PENDING,
        attempts=attempts,
        due_at=None if given_up else moment + retry_delay(attempts),
        finished_at=moment if given_up else None,
        last_attempt_at=moment,
        response_code=answer.code,
        duration_ms=answer.duration_ms,
        error=answer.error,
        claim="",
    )
    if marked and given_up and delivery.event != TEST_EVENT:
        from webhooks.services import endpoint_pause  # services import this module

        endpoint_pause(endpoint=delivery.endpoint, delivery=delivery, at=moment)
