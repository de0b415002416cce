"""The schema keeps no index that a wider one already serves."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

# (table, foreign key column, the columns of the index that serves its lookups)
LED_BY_WIDER_INDEX = [
    ("topics_topic", "channel_id", ["channel_id", "status", "created_at"]),
    ("topics_comment", "topic_id", ["topic_id", "created_at"]),
    ("topics_notification", "recipient_id", ["recipient_id", "read_at"]),
    ("topics_commentuseful", "comment_id", ["comment_id", "member_id"]),
    ("topics_opinion", "topic_id", ["topic_id", "member_id"]),
    ("topics_topicfollow", "topic_id", ["topic_id", "member_id"]),
    ("sponsorship_response", "questionnaire_id", ["questionnaire_id", "respondent_id"]),
    ("sponsorship_answer", "response_id", ["response_id", "question_id"]),
]


@pytest.mark.parametrize(("table", "column", "wider"), LED_BY_WIDER_INDEX)
def test_foreign_keys_led_by_a_wider_index_have_none_of_their_own(table, column, wider):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    indexed = [c["columns"] for c in constraints.values() if c["index"] or c["unique"]]

    assert [column] not in indexed
    assert wider in indexed
    assert any(c["foreign_key"] and c["columns"] == [column] for c in constraints.values())
