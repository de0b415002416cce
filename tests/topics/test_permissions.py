import pytest
from django.urls import reverse

from tests.topics.conftest import ROLES
from topics.models import TopicStatus

pytestmark = pytest.mark.django_db


def _expect(role, allowed_roles, yes, no):
    return yes if role in allowed_roles else no


@pytest.mark.parametrize("role", ROLES)
def test_draft_topic_is_visible_to_its_team_and_organizers_only(as_role, world, role):
    world["topic"].status = TopicStatus.DRAFT
    world["topic"].save()

    response = as_role(role).get(world["topic"].get_absolute_url())

    assert response.status_code == _expect(role, {"proposer", "co_proposer", "organizer"}, 200, 404)


@pytest.mark.parametrize("role", ROLES)
def test_public_topic_is_visible_to_everyone(as_role, world, role):
    response = as_role(role).get(world["topic"].get_absolute_url())

    assert response.status_code == 200
    assert '<h1 class="display-6">The world topic</h1>' in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_preparation_notes_block(as_role, world, role):
    page = as_role(role).get(world["topic"].get_absolute_url()).content.decode()

    shown = "Secret preparation notes." in page
    assert shown == (role in {"proposer", "co_proposer", "participant", "organizer"})


@pytest.mark.parametrize("role", ROLES)
def test_feedback_and_requests_blocks(as_role, world, role):
    page = as_role(role).get(world["topic"].get_absolute_url()).content.decode()

    insiders = {"proposer", "co_proposer", "organizer"}
    assert ("Only for the proposer&#x27;s eyes" in page) == (role in insiders)
    assert ('id="requests-received"' in page) == (role in insiders)


@pytest.mark.parametrize("role", ROLES)
def test_edit_topic_view(as_role, world, role):
    response = as_role(role).get(reverse("topics:topic_edit", args=[world["topic"].slug]))

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == _expect(
            role, {"proposer", "co_proposer", "organizer"}, 200, 403
        )


@pytest.mark.parametrize("role", ROLES)
def test_withdraw_topic_action(as_role, world, role):
    as_role(role).post(reverse("topics:topic_withdraw", args=[world["topic"].slug]))

    world["topic"].refresh_from_db()
    expected = (
        TopicStatus.WITHDRAWN if role in {"proposer", "co_proposer"} else TopicStatus.PROPOSED
    )
    assert world["topic"].status == expected


@pytest.mark.parametrize("role", ROLES)
def test_forms_or_login_invitations(as_role, world, role):
    page = as_role(role).get(world["topic"].get_absolute_url()).content.decode()

    if role == "anonymous":
        assert page.count('class="login-invite') == 5
        assert f"/accounts/login/?next=/topics/{world['topic'].slug}/%23opinion" in page
        assert 'name="choice"' not in page
    elif role in ("proposer", "co_proposer"):
        # No opinion, feedback or request to take part on one's own topic.
        assert 'class="login-invite' not in page
        assert 'name="choice"' not in page
        assert 'id="feedback"' not in page
        assert 'id="take-part"' not in page
    else:
        assert 'class="login-invite' not in page
        assert 'name="choice"' in page


def test_my_space_needs_login(client):
    response = client.get(reverse("topics:my_space"))

    assert response.status_code == 302


def test_member_cannot_withdraw_someone_elses_participation_request(as_role, world):
    request = world["topic"].participation_requests.get()
    client = as_role("member")

    response = client.post(reverse("topics:participation_request_withdraw", args=[request.pk]))

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "accepted"


def test_comment_edit_and_delete_only_by_author(as_role, world):
    from tests.factories import CommentFactory

    comment = CommentFactory(topic=world["topic"], author=world["proposer"], body="Original")
    client = as_role("organizer")

    assert client.get(reverse("comments:comment_edit", args=[comment.pk])).status_code == 403
    assert client.post(reverse("comments:comment_delete", args=[comment.pk])).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Original"
