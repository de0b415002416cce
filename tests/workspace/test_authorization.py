"""Every workspace URL and action, for every role."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.workspace.conftest import ROLES

pytestmark = pytest.mark.django_db

DECIDERS = {"channel_organizer", "admin"}


def _get(name, desk):
    slug = desk["topic"].slug
    return {
        "dashboard": ("get", reverse("topics:workspace_dashboard"), {}),
        "topic_list": ("get", reverse("topics:workspace_topic_list"), {}),
        "topic": ("get", reverse("topics:workspace_topic", args=[slug]), {}),
        "decide": (
            "post",
            reverse("topics:workspace_topic_decide", args=[slug]),
            {"decision": "accepted"},
        ),
        "schedule": (
            "post",
            reverse("topics:workspace_topic_schedule", args=[slug]),
            {"recording_at": "2030-01-15T10:00", "duration": 60},
        ),
        "handle": (
            "post",
            reverse("topics:workspace_topic_handle", args=[slug]),
            {"action": "take"},
        ),
        "publish": (
            "post",
            reverse("topics:workspace_topic_publish", args=[slug]),
            {"video_url": "https://vimeo.com/123456"},
        ),
        "participation": (
            "post",
            reverse("topics:workspace_participation_decide", args=[desk["request"].pk]),
            {"status": "accepted"},
        ),
        "moderate": (
            "post",
            reverse("comments:workspace_comment_moderate", args=[desk["comment"].pk]),
            {"action": "hide"},
        ),
        "leads": ("get", reverse("sponsorship:lead_list", args=[slug]), {}),
        "lead_decide": (
            "post",
            reverse("sponsorship:lead_list", args=[slug]),
            {"lead": desk["lead"].pk, "status": "in_discussion", "internal_notes": "call"},
        ),
    }[name]


# Expected status per role for each URL (anonymous is always sent to log in).
MATRIX = {
    "dashboard": {"member": 403, "proposer": 403, "other_organizer": 200, "channel_organizer": 200, "admin": 200},
    "topic_list": {"member": 403, "proposer": 403, "other_organizer": 200, "channel_organizer": 200, "admin": 200},
    "topic": {"member": 403, "proposer": 403, "other_organizer": 403, "channel_organizer": 200, "admin": 200},
    "decide": {"member": 403, "proposer": 403, "other_organizer": 403, "channel_organizer": 302, "admin": 302},
    "schedule": {"member": 403, "proposer": 403, "other_organizer": 403, "channel_organizer": 400, "admin": 400},
    "publish": {"member": 403, "proposer": 403, "other_organizer": 403, "channel_organizer": 400, "admin": 400},
    "handle": {"member": 403, "proposer": 403, "other_organizer": 403, "channel_organizer": 302, "admin": 302},
    "participation": {"member": 403, "proposer": 403, "other_organizer": 403, "channel_organizer": 302, "admin": 302},
    "moderate": {"member": 403, "proposer": 403, "other_organizer": 403, "channel_organizer": 302, "admin": 302},
    "leads": {"member": 403, "proposer": 200, "other_organizer": 403, "channel_organizer": 200, "admin": 200},
    "lead_decide": {"member": 403, "proposer": 403, "other_organizer": 403, "channel_organizer": 302, "admin": 302},
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(MATRIX))
def test_workspace_authorization_matrix(as_desk_role, desk, role, name):
    method, url, data = _get(name, desk)

    response = getattr(as_desk_role(role), method)(url, data)

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == MATRIX[name][role]


@pytest.mark.parametrize("role", ROLES)
def test_actions_change_nothing_for_those_not_allowed(as_desk_role, desk, role):
    client = as_desk_role(role)
    for name in ("decide", "participation", "moderate", "lead_decide"):
        method, url, data = _get(name, desk)
        getattr(client, method)(url, data)

    for key in ("topic", "request", "comment", "lead"):
        desk[key].refresh_from_db()
    changed = (
        desk["topic"].status,
        desk["request"].status,
        desk["comment"].is_hidden,
        desk["lead"].status,
    )
    if role in DECIDERS:
        assert changed == ("accepted", "accepted", True, "in_discussion")
    else:
        assert changed == ("proposed", "pending", False, "new")


def test_dashboard_shows_what_waits_per_channel(as_desk_role, desk):
    page = as_desk_role("channel_organizer").get(reverse("topics:workspace_dashboard"))

    text = page.content.decode()
    assert "Zero trust in practice" in text
    assert "Andy Applicant" in text
    assert text.count('<h2 class="h4" id="desk-') == 1


@pytest.mark.parametrize(
    ("role", "workspace_link", "topic_desk_link"),
    [
        ("member", False, False),
        ("other_organizer", True, False),
        ("channel_organizer", True, True),
        ("group_organizer", True, True),
    ],
)
def test_topic_page_knows_each_organizer_role(client, desk, role, workspace_link, topic_desk_link):
    """The role is read with the member's own state on the topic page; organizers of one
    channel, of another, of all (the Organizers group) and plain members differ."""
    from django.contrib.auth.models import Group

    from topics.rules import ORGANIZERS_GROUP

    if role == "group_organizer":
        reader = UserFactory()
        reader.groups.add(Group.objects.get_or_create(name=ORGANIZERS_GROUP)[0])
    else:
        reader = desk[role]
    client.force_login(reader)

    page = client.get(desk["topic"].get_absolute_url()).content.decode()

    assert ('href="/workspace/"' in page) is workspace_link
    assert ("Open in the workspace" in page) is topic_desk_link
