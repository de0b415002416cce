"""Webhooks go to public http(s) addresses only, checked at registration and again on
the addresses the name resolves to at each send."""

import socket

import pytest
from django.urls import reverse

from webhooks import services
from webhooks.delivery import webhook_deliveries_send_due
from webhooks.forms import EndpointForm
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db

PUBLIC = "93.184.216.34"


def _errors(url: str) -> list[str]:
    form = EndpointForm({"url": url, "events": ["comment.created"]})
    assert not form.is_valid()
    return form.errors["url"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://10.0.0.5/hook",
        "http://192.168.1.20/hook",
        "http://172.16.0.1/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://100.64.0.1/hook",
        "http://0.0.0.0/hook",
        "http://[::1]/hook",
        "http://[fd00::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        # IPv6 forms that carry an IPv4 address: NAT64 (a gateway turns them into
        # 169.254.169.254 and 10.0.0.5), 6to4, the deprecated IPv4-compatible form;
        # and the deprecated site-local range.
        "http://[64:ff9b::a9fe:a9fe]/latest/meta-data",
        "http://[64:ff9b::a00:5]/hook",
        "http://[64:ff9b:1::a00:5]/hook",
        "http://[2002:7f00:1::]/hook",
        "http://[::7f00:1]/hook",
        "http://[fec0::1]/hook",
    ],
)
def test_a_private_or_local_address_is_refused_with_its_reason(url):
    [error] = _errors(url)
    assert "webhooks go to public addresses only" in error


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://93.184.216.34/hook", "Use an address starting with https://"),
        ("not a url", "Enter a valid URL."),
        ("https://user:password@93.184.216.34/hook", "Leave the user name and password out"),
    ],
)
def test_a_bad_address_is_refused_with_a_clear_message(url, message):
    assert message in _errors(url)[0]


def test_a_public_address_through_nat64_is_accepted():
    form = EndpointForm({"url": "https://[64:ff9b::5db8:d822]/hook", "events": ["comment.created"]})
    assert form.is_valid(), form.errors


def test_a_public_address_is_accepted():
    form = EndpointForm({"url": f"https://{PUBLIC}/hook", "events": ["comment.created"]})
    assert form.is_valid(), form.errors


def test_no_event_chosen_is_refused():
    form = EndpointForm({"url": f"https://{PUBLIC}/hook"})
    assert form.errors["events"] == ["Choose at least one event."]


def test_the_page_says_why_an_address_is_refused(client, channel, organizer):
    client.force_login(organizer)

    response = client.post(
        reverse("webhooks:endpoint_list", args=[channel.slug]),
        {"url": "http://127.0.0.1:8000/hook", "events": ["topic.proposed"]},
    )

    assert response.status_code == 400
    assert "is a private, local or reserved address" in response.content.decode()
    assert Endpoint.objects.count() == 0


def test_private_addresses_are_allowed_by_the_setting(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    form = EndpointForm({"url": "http://127.0.0.1:8000/hook", "events": ["comment.created"]})
    assert form.is_valid(), form.errors


def test_a_name_that_resolves_to_a_local_address_at_the_send_gets_nothing(
    channel, organizer, receiver, settings, monkeypatch
):
    """DNS rebinding: public when registered, loopback when sent. The address is
    resolved and checked again at the send, and nothing is sent."""
    real_getaddrinfo = socket.getaddrinfo
    answers = {"hooks.example.com": PUBLIC}

    def getaddrinfo(host, port, *args, **kwargs):  # the edge: the DNS resolver
        if host in answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host], port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    port = receiver.url.split(":")[2].split("/")[0]
    form = EndpointForm(
        {"url": f"http://hooks.example.com:{port}/hook", "events": ["comment.created"]}
    )
    assert form.is_valid(), form.errors
    endpoint = services.endpoint_create(
        channel=channel, actor=organizer, url=form.cleaned_data["url"], events=["comment.created"]
    )

    answers["hooks.example.com"] = "127.0.0.1"
    services.endpoint_test_send(endpoint=endpoint)
    webhook_deliveries_send_due()

    delivery = Delivery.objects.get()
    assert receiver.requests == []
    assert (delivery.state, delivery.response_code) == ("failed", None)
    assert "webhooks go to public addresses only" in delivery.error


def test_an_address_registered_before_the_setting_changed_gets_nothing(
    endpoint, receiver, settings
):
    settings.WEBHOOKS_ALLOW_PRIVATE = False

    services.endpoint_test_send(endpoint=endpoint)
    webhook_deliveries_send_due()

    assert receiver.requests == []
    assert Delivery.objects.get().state == "failed"


def test_the_shell_or_admin_cannot_register_or_move_an_endpoint_to_a_private_address(
    channel, organizer
):
    """The rule is the services', not the form's: every writer passes through it."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="public addresses only"):
        services.endpoint_create(
            channel=channel, actor=organizer, url="http://10.0.0.5/hook", events=["topic.proposed"]
        )
    endpoint = services.endpoint_create(
        channel=channel,
        actor=organizer,
        url=f"https://{PUBLIC}/hook",
        events=["topic.proposed"],
    )
    with pytest.raises(ValidationError, match="public addresses only"):
        services.endpoint_update(
            endpoint=endpoint, url="http://169.254.169.254/latest", events=["topic.proposed"]
        )
    endpoint.refresh_from_db()
    assert endpoint.url == f"https://{PUBLIC}/hook"
