import base64
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from webhooks import services
from webhooks.delivery import webhook_deliveries_send_due
from webhooks.models import TEST_EVENT, Delivery, DeliveryState

pytestmark = pytest.mark.django_db


def test_a_secret_follows_the_standard_webhooks_format(endpoint):
    assert endpoint.secret.startswith("whsec_")
    assert len(base64.b64decode(endpoint.secret.removeprefix("whsec_"))) == 32


def test_a_test_event_is_signed_and_verifies_with_the_reference_library(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.endpoint_test_send(endpoint=endpoint)

    [request] = receiver.requests
    payload = Webhook(endpoint.secret).verify(request.body, request.headers)
    delivery = Delivery.objects.get()
    assert request.path == "/hooks/webcastory"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["webhook-id"] == delivery.message_id
    assert payload["type"] == TEST_EVENT
    assert payload["data"]["channel"]["slug"] == endpoint.channel.slug
    assert (delivery.state, delivery.attempts, delivery.response_code) == (
        DeliveryState.DELIVERED,
        1,
        200,
    )
    assert delivery.duration_ms is not None


def test_a_body_changed_on_the_way_does_not_verify(endpoint, receiver):
    services.endpoint_test_send(endpoint=endpoint)
    webhook_deliveries_send_due()

    [request] = receiver.requests
    tampered = request.body.replace(b"webhook.test", b"webhook.fake")
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint.secret).verify(tampered, request.headers)


def test_after_a_rotation_both_secrets_sign_until_the_overlap_ends(endpoint, receiver):
    old_secret = endpoint.secret
    rotated = services.endpoint_secret_rotate(endpoint=endpoint)

    services.endpoint_test_send(endpoint=rotated)
    webhook_deliveries_send_due()

    [request] = receiver.requests
    assert rotated.secret != old_secret
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    assert Webhook(rotated.secret).verify(request.body, request.headers)["type"] == TEST_EVENT
    assert Webhook(old_secret).verify(request.body, request.headers)["type"] == TEST_EVENT
    assert rotated.previous_secret_until == pytest.approx(
        timezone.now() + timedelta(hours=24), abs=timedelta(minutes=1)
    )


def test_once_the_overlap_ends_only_the_new_secret_signs(endpoint, receiver):
    old_secret = endpoint.secret
    rotated = services.endpoint_secret_rotate(endpoint=endpoint)
    type(rotated).objects.filter(pk=rotated.pk).update(
        previous_secret_until=timezone.now() - timedelta(seconds=1)
    )

    services.endpoint_test_send(endpoint=rotated)
    webhook_deliveries_send_due()

    [request] = receiver.requests
    assert len(request.headers["webhook-signature"].split(" ")) == 1
    assert Webhook(rotated.secret).verify(request.body, request.headers)["type"] == TEST_EVENT
    with pytest.raises(WebhookVerificationError):
        Webhook(old_secret).verify(request.body, request.headers)


def test_the_body_is_the_json_envelope(endpoint, receiver):
    services.endpoint_test_send(endpoint=endpoint)
    webhook_deliveries_send_due()

    body = json.loads(receiver.requests[0].body)
    assert sorted(body) == ["data", "timestamp", "type"]
    assert timezone.datetime.fromisoformat(body["timestamp"]).tzinfo is not None
