"""The workspace pages: who may manage a channel's endpoints, the secret shown once,
the buttons, and the delivery log."""

import pytest
from django.urls import reverse

from tests.factories import ChannelFactory, OrganizerFactory, TopicFactory, UserFactory
from webhooks import services
from webhooks.models import Delivery, DeliveryState, Endpoint

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://93.184.216.34/hooks"


@pytest.fixture
def registered(channel, organizer):
    return services.endpoint_create(
        channel=channel, actor=organizer, url=PUBLIC_URL, events=["comment.created"]
    )


def _client(client, member):
    if member is not None:
        client.force_login(member)
    return client


@pytest.mark.parametrize(
    ("role", "list_status", "detail_status"),
    [
        ("anonymous", 302, 302),
        ("member", 403, 404),
        ("proposer", 403, 404),
        ("other_channel_organizer", 403, 404),
        ("organizer", 200, 200),
        ("organizers_group", 200, 200),
        ("staff", 200, 200),
    ],
)
def test_only_the_channels_organizers_manage_its_endpoints(
    client, channel, organizer, registered, role, list_status, detail_status
):
    other_organizer = UserFactory()
    ChannelFactory().organizers.add(other_organizer)
    members = {
        "anonymous": None,
        "member": UserFactory(),
        "proposer": TopicFactory(channel=channel).proposer,
        "other_channel_organizer": other_organizer,
        "organizer": organizer,
        "organizers_group": OrganizerFactory(),
        "staff": UserFactory(is_staff=True),
    }
    client = _client(client, members[role])

    list_page = client.get(reverse("webhooks:endpoint_list", args=[channel.slug]))
    detail = client.get(reverse("webhooks:endpoint_detail", args=[registered.pk]))
    posts = [
        client.post(reverse(f"webhooks:endpoint_{action}", args=[registered.pk]))
        for action in ("test", "rotate", "resume", "delete")
    ]

    assert (list_page.status_code, detail.status_code) == (list_status, detail_status)
    if detail_status != 200:
        assert [p.status_code for p in posts] == [detail_status] * 4
        assert Endpoint.objects.get().secret == registered.secret
        assert Delivery.objects.count() == 0


def test_an_organizer_registers_an_endpoint_and_sees_its_secret_once(client, channel, organizer):
    client.force_login(organizer)

    response = client.post(
        reverse("webhooks:endpoint_list", args=[channel.slug]),
        {
            "url": PUBLIC_URL,
            "description": "Our CRM",
            "events": ["topic.proposed", "comment.created"],
        },
    )

    endpoint = Endpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == endpoint.get_absolute_url()
    assert (endpoint.channel, endpoint.created_by, endpoint.events, endpoint.description) == (
        channel,
        organizer,
        ["topic.proposed", "comment.created"],
        "Our CRM",
    )
    first = client.get(endpoint.get_absolute_url())
    second = client.get(endpoint.get_absolute_url()).content.decode()
    assert endpoint.secret in first.content.decode()
    assert first["Cache-Control"] == "no-store"  # nor kept by the browser to show again
    assert endpoint.secret not in second


def test_a_rotation_shows_the_new_secret_once(client, organizer, registered):
    client.force_login(organizer)

    response = client.post(reverse("webhooks:endpoint_rotate", args=[registered.pk]), follow=True)

    rotated = Endpoint.objects.get()
    page = response.content.decode()
    assert rotated.secret in page
    assert registered.secret not in page
    assert rotated.previous_secret == registered.secret


def test_the_events_and_address_are_edited(client, organizer, registered):
    client.force_login(organizer)

    client.post(
        registered.get_absolute_url(),
        {"url": "https://93.184.216.35/new", "events": ["episode.published"]},
    )

    edited = Endpoint.objects.get()
    assert (edited.url, edited.events) == ("https://93.184.216.35/new", ["episode.published"])


def test_the_test_button_queues_a_test_event(client, organizer, registered):
    client.force_login(organizer)

    client.post(reverse("webhooks:endpoint_test", args=[registered.pk]))

    assert list(Delivery.objects.values_list("endpoint", "event")) == [
        (registered.pk, "webhook.test")
    ]


def test_a_paused_endpoint_shows_the_resume_button_that_resumes_it(client, organizer, registered):
    from django.utils import timezone

    Endpoint.objects.update(paused_at=timezone.now())
    client.force_login(organizer)

    page = client.get(registered.get_absolute_url()).content.decode()
    client.post(reverse("webhooks:endpoint_resume", args=[registered.pk]))

    assert "Resume</button>" in page
    assert Endpoint.objects.get().paused_at is None
    assert "Resume</button>" not in client.get(registered.get_absolute_url()).content.decode()


def test_the_delete_button_removes_the_endpoint(client, channel, organizer, registered):
    client.force_login(organizer)

    response = client.post(reverse("webhooks:endpoint_delete", args=[registered.pk]))

    assert response["Location"] == reverse("webhooks:endpoint_list", args=[channel.slug])
    assert Endpoint.objects.count() == 0


def test_the_dashboard_links_to_each_channels_webhooks(client, channel, organizer):
    client.force_login(organizer)

    page = client.get(reverse("topics:workspace_dashboard")).content.decode()

    assert reverse("webhooks:endpoint_list", args=[channel.slug]) in page


def test_a_channel_has_at_most_ten_endpoints(client, channel, organizer):
    for n in range(10):
        services.endpoint_create(
            channel=channel, actor=organizer, url=f"{PUBLIC_URL}/{n}", events=["comment.created"]
        )
    client.force_login(organizer)

    response = client.post(
        reverse("webhooks:endpoint_list", args=[channel.slug]),
        {"url": PUBLIC_URL, "events": ["comment.created"]},
    )

    assert response.status_code == 400
    assert "A channel has at most 10 endpoints" in response.content.decode()
    assert Endpoint.objects.count() == 10


def _log(endpoint, count):
    Delivery.objects.bulk_create(
        [
            Delivery(
                endpoint=endpoint,
                event="comment.created",
                message_id=f"msg_{n}",
                payload="{}",
                state=DeliveryState.FAILED,
                attempts=3,
                response_code=500,
                duration_ms=42,
                error="HTTP 500",
            )
            for n in range(count)
        ]
    )


def test_the_log_shows_status_code_duration_and_tries(client, organizer, registered):
    _log(registered, 1)
    client.force_login(organizer)

    page = client.get(registered.get_absolute_url()).content.decode()

    assert "<td>given up</td>" in page
    assert "HTTP 500" in page
    assert "42 ms" in page
    assert "<td>3</td>" in page


@pytest.mark.parametrize("deliveries", [1, 60])
def test_the_endpoint_page_costs_the_same_queries_however_long_its_log(
    client, organizer, registered, deliveries, django_assert_num_queries
):
    _log(registered, deliveries)
    client.force_login(organizer)
    client.get(registered.get_absolute_url())  # the session's first read

    with django_assert_num_queries(6):
        client.get(registered.get_absolute_url())


@pytest.mark.parametrize("endpoints", [1, 8])
def test_the_list_page_costs_the_same_queries_however_many_endpoints(
    client, channel, organizer, endpoints, django_assert_num_queries
):
    for n in range(endpoints):
        services.endpoint_create(
            channel=channel, actor=organizer, url=f"{PUBLIC_URL}/{n}", events=["comment.created"]
        )
    client.force_login(organizer)
    client.get(reverse("webhooks:endpoint_list", args=[channel.slug]))

    with django_assert_num_queries(6):
        client.get(reverse("webhooks:endpoint_list", args=[channel.slug]))
