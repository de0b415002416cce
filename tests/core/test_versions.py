"""The model layer moves the versions, whichever side a many-to-many change comes from."""

import pytest

from core import versions
from tests.factories import TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_many_to_many_changes_from_either_side_move_the_topic():
    topic, other = TopicFactory(), TopicFactory()
    member = UserFactory()
    name = versions.topic(topic.pk)

    moves = []
    for change in (
        lambda: topic.co_proposers.add(member),
        lambda: member.co_proposed_topics.clear(),
        lambda: topic.connected_topics.add(other),
        lambda: other.topic_set.clear(),  # the reverse side of connected subjects
    ):
        before = versions.token(name)
        change()
        moves.append(versions.token(name) != before)

    assert moves == [True, True, True, True]
