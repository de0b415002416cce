"""The topic cached for its pages outlives activity on it, and nothing else.

Views that declare `changes_topics = False` keep the cached topic (its row,
channel, proposers and accepted participants). These tests hold each such
view to that promise by the SQL it runs, and prove that any other write
reloads the topic.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import CommentFactory, TopicFactory, UserFactory, questionnaire_with_every_kind
from tests.sponsorship.conftest import answers_for

pytestmark = pytest.mark.django_db

# Every view that keeps the cached topic, with why it may. A new one must be added here
# (and to the SQL check below).
ACTIVITY_VIEWS = {
    "topics:opinion_set": "an opinion row",
    "topics:feedback_create": "a feedback row and the team's notifications",
    "topics:participation_request_create": "a pending request (only accepted ones count)",
    "topics:comment_create": "a comment, a follow and notifications",
    "topics:comment_detail": "reads only",
    "topics:comment_edit": "the comment's own row",
    "topics:comment_delete": "the comment's own row",
    "topics:comment_useful": "the comment's useful count",
    "topics:comment_report": "a report row and the organizers' notifications",
    "sponsorship:interest_create": "a sponsor interest row",
    "sponsorship:questionnaire_answer": "the member's own answers",
}

# What a cached topic holds; an activity view must never write these.
TOPIC_TABLES = ("topics_topic", "topics_channel", "accounts_user", "topics_topic_co_proposers")
_WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"(\w+)"', re.I)


def _named_views(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_views(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.callback


def test_the_views_that_keep_the_cached_topic_are_the_listed_ones():
    keeping = {
        name
        for name, callback in _named_views()
        if getattr(getattr(callback, "view_class", None), "changes_topics", True) is False
    }

    assert keeping == set(ACTIVITY_VIEWS)


def _written_tables(queries) -> set[str]:
    tables = set()
    for query in queries.captured_queries:
        match = _WRITE.match(query["sql"])
        if match:
            tables.add(match.group(2))
    return tables


@pytest.fixture
def world(member):
    topic = TopicFactory()
    comment = CommentFactory(topic=topic, author=member, body="Mine")
    other = CommentFactory(topic=topic, body="Theirs")
    return {"topic": topic, "mine": comment, "other": other}


def _activity_posts(world):
    topic, slug = world["topic"], world["topic"].slug
    questionnaire = questionnaire_with_every_kind(topic=topic)
    return [
        ("topics:opinion_set", [slug], {"choice": "essential"}),
        ("topics:feedback_create", [slug], {"body": "Good"}),
        (
            "topics:participation_request_create",
            [slug],
            {"role": "host", "motivation": "I host a podcast", "availability": "Mornings"},
        ),
        ("topics:comment_create", [slug], {"body": "A new comment"}),
        ("topics:comment_create", [slug], {"body": "A reply", "parent": world["other"].pk}),
        ("topics:comment_edit", [world["mine"].pk], {"body": "Mine, edited"}),
        ("topics:comment_useful", [world["other"].pk], {}),
        ("topics:comment_report", [world["other"].pk], {"reason": "Off topic and rude"}),
        ("topics:comment_delete", [world["mine"].pk], {}),
        (
            "sponsorship:interest_create",
            [slug],
            {
                "organisation": "Lumen Labs",
                "contact_name": "Lu",
                "contact_email": "lu@example.com",
                "support_kind": "in_kind",
                "budget_band": "undisclosed",
            },
        ),
        ("sponsorship:questionnaire_answer", [slug], answers_for(questionnaire)),
    ]


def test_activity_views_write_nothing_a_cached_topic_holds(member_client, world):
    posted = set()
    for name, args, data in _activity_posts(world):
        with CaptureQueriesContext(connection) as queries:
            response = member_client.post(reverse(name, args=args), data)

        assert response.status_code == 302, (name, response.status_code)
        written = _written_tables(queries)
        assert written, f"{name} wrote nothing: the check would prove nothing"
        assert not written & set(TOPIC_TABLES), (name, written)
        posted.add(name)

    assert posted == set(ACTIVITY_VIEWS) - {"topics:comment_detail"}


def _topic_loads(queries, topic) -> int:
    return sum(
        1
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "topics_topic"."id"') and f"'{topic.slug}'" in q["sql"]
    )


def test_a_comment_keeps_the_cached_topic_and_shows_at_once(member_client, world):
    topic = world["topic"]
    member_client.get(topic.get_absolute_url())
    member_client.post(reverse("topics:comment_create", args=[topic.slug]), {"body": "Fresh one"})

    with CaptureQueriesContext(connection) as queries:
        page = member_client.get(topic.get_absolute_url()).content.decode()

    assert "Fresh one" in page
    assert _topic_loads(queries, topic) == 0


def test_any_other_write_reloads_the_topic(client, world):
    """The channel is renamed in the admin: the topic page shows the new name at once."""
    topic = world["topic"]
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.get(topic.get_absolute_url())
    channel = topic.channel

    response = client.post(
        reverse("admin:topics_channel_change", args=[channel.pk]),
        {
            "name": "Renamed channel",
            "name_fr": channel.name_fr,
            "slug": channel.slug,
            "description": channel.description,
            "description_fr": channel.description_fr,
            "accent_color": channel.accent_color,
            "order": channel.order,
            "is_active": "on",
        },
    )
    assert response.status_code == 302

    with CaptureQueriesContext(connection) as queries:
        page = client.get(topic.get_absolute_url()).content.decode()

    assert _topic_loads(queries, topic) == 1
    assert "Renamed channel" in page


def test_a_request_moves_the_versions_its_writes_retired_once_at_the_end(
    member_client, world, monkeypatch
):
    from topics import pagecache
    from topics.selectors import COMMENTS_VERSION_KEY

    topic = world["topic"]
    moves = []
    real = pagecache._versions_set
    monkeypatch.setattr(
        pagecache, "_versions_set", lambda keys: (moves.append(set(keys)), real(keys))
    )

    member_client.post(reverse("topics:comment_create", args=[topic.slug]), {"body": "Once"})

    assert moves == [{pagecache.VERSION_KEY, COMMENTS_VERSION_KEY.format(pk=topic.pk)}]
    assert "Once" in member_client.get(topic.get_absolute_url()).content.decode()
