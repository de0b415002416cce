"""French wording on the comment thread and the invitations to log in."""

import pytest

from tests.factories import CommentFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def _french(client, url) -> str:
    client.cookies["django_language"] = "fr"
    return client.get(url).content.decode()


def test_a_comment_by_a_name_starting_with_a_vowel_is_d_apostrophe(client):
    topic = TopicFactory()
    CommentFactory(topic=topic, author=UserFactory(full_name="Alice Martin"))
    CommentFactory(topic=topic, author=UserFactory(full_name="Bruno Petit"))

    page = _french(client, topic.get_absolute_url())

    assert "Commentaire d&#x27;Alice Martin" in page  # d'Alice, escaped as HTML
    assert "Commentaire de Bruno Petit" in page
    assert "de Alice" not in page


def test_the_invitation_to_log_in_is_in_the_imperative(client):
    page = _french(client, TopicFactory().get_absolute_url())

    assert "Connectez-vous</a>\n  ou\n" in page
    assert "Se connecter</a>" not in page
