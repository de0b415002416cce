"""Long threads come a page of conversations at a time; every comment keeps a working link."""

import importlib
import re
import threading
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models import F
from django.test import Client
from django.urls import reverse

from comments import services as comment_services
from comments.models import COMMENT_CONVERSATIONS_PER_PAGE, Comment, TopicThread
from tests.factories import CommentFactory, TopicFactory, UserFactory
from tests.topics.test_services import _race, postgres_only

pytestmark = pytest.mark.django_db

PER_PAGE = COMMENT_CONVERSATIONS_PER_PAGE


@pytest.fixture
def thread():
    """120 conversations; the first and the 75th hold replies three deep."""
    topic = TopicFactory()
    starts = [CommentFactory(topic=topic, body=f"Start {n}") for n in range(1, 121)]
    deep = {}
    for n in (1, 75):
        reply = CommentFactory(topic=topic, parent=starts[n - 1], body=f"Reply to {n}")
        deep[n] = CommentFactory(topic=topic, parent=reply, body=f"Deep reply to {n}")
    return {"topic": topic, "starts": starts, "deep": deep}


def _page(client, topic, query=""):
    response = client.get(topic.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def _starts_shown(page):
    return [int(n) for n in re.findall(r"<p>Start (\d+)</p>", page)]


def test_the_thread_shows_fifty_conversations_a_page_with_all_their_replies(client, thread):
    topic = thread["topic"]

    first, second, third = (
        _page(client, topic, query) for query in ("", "?comments=2", "?comments=3")
    )

    assert _starts_shown(first) == list(range(1, PER_PAGE + 1))
    assert _starts_shown(second) == list(range(PER_PAGE + 1, 2 * PER_PAGE + 1))
    assert _starts_shown(third) == list(range(2 * PER_PAGE + 1, 121))
    assert "Deep reply to 1" in first and "Deep reply to 1" not in second
    assert "Deep reply to 75" in second
    assert "Conversations 51 to 100 of 120, oldest first" in second
    assert 'rel="prev" href="?comments=1#comments"' in second
    assert 'rel="next" href="?comments=3#comments"' in second
    assert 'rel="next"' not in third
    assert "Page 1 of 3" in first


def test_a_short_thread_has_no_pager(client):
    topic = TopicFactory()
    CommentFactory(topic=topic)

    page = _page(client, topic)

    assert "Page 1 of" not in page
    assert "?comments=" not in page


@pytest.mark.parametrize(
    ("query", "first_start"),
    [("?comments=999", 101), ("?comments=0", 1), ("?comments=-3", 1), ("?comments=abc", 1)],
)
def test_any_page_number_gives_a_page(client, thread, query, first_start):
    page = _page(client, thread["topic"], query)

    assert _starts_shown(page)[0] == first_start


def test_french_pager(client, thread):
    client.cookies["django_language"] = "fr"

    page = _page(client, thread["topic"], "?comments=2")

    assert "Conversations 51 à 100 sur 120, les plus anciennes d\u2019abord" in page
    assert "Page 2 sur 3" in page


def test_a_comment_links_to_the_page_of_its_conversation(thread):
    topic, deep = thread["topic"], thread["deep"]

    assert deep[1].get_absolute_url() == f"{topic.get_absolute_url()}#comment-{deep[1].pk}"
    assert deep[75].get_absolute_url() == (
        f"{topic.get_absolute_url()}?comments=2#comment-{deep[75].pk}"
    )
    assert Comment.objects.get(pk=deep[75].pk).root_id == thread["starts"][74].pk


def test_a_reply_on_a_later_page_lands_there_and_shows(member_client, thread):
    topic, start = thread["topic"], thread["starts"][110]

    response = member_client.post(
        reverse("comments:comment_create", args=[topic.slug]),
        {"body": "Late reply", "parent": start.pk},
    )

    reply = Comment.objects.get(body="Late reply")
    assert response["Location"] == f"{topic.get_absolute_url()}?comments=3#comment-{reply.pk}"
    page = _page(Client(), topic, "?comments=3")
    assert f'id="comment-{reply.pk}"' in page


def test_a_new_conversation_shows_at_once_on_the_last_page(member_client, thread):
    visitor = Client()
    topic = thread["topic"]
    assert "Fresh start" not in _page(visitor, topic, "?comments=3")

    member_client.post(
        reverse("comments:comment_create", args=[topic.slug]), {"body": "Fresh start"}
    )

    assert "Fresh start" in _page(visitor, topic, "?comments=3")


def test_the_comments_feed_links_each_comment_to_its_own_page(client, thread):
    feed = client.get(reverse("comments:topic_comments_feed", args=[thread["topic"].slug]))

    deep = thread["deep"][75]
    assert re.search(rf'<link href="http[^"]+/comments/{deep.pk}/"', feed.content.decode())


def test_the_migration_gives_every_existing_reply_its_conversation(thread):
    Comment.objects.update(root=None)
    migration = importlib.import_module("topics.migrations.0007_comment_conversations")
    # The models as that migration saw them: comments were then the topics app's.
    at_migration = MigrationLoader(connection).project_state(
        ("topics", "0007_comment_conversations")
    )

    migration.roots_fill(at_migration.apps, None)

    deep = Comment.objects.get(pk=thread["deep"][75].pk)
    assert deep.root_id == thread["starts"][74].pk
    assert not Comment.objects.filter(parent__isnull=True, root__isnull=False).exists()
    assert not Comment.objects.filter(parent__isnull=False, root__isnull=True).exists()


def test_conversations_started_at_the_same_instant_keep_their_order_and_page():
    """Imports and clock ties give many conversations one timestamp: the id breaks the tie,
    for the page a comment's link names as for the page that shows it."""
    topic = TopicFactory()
    starts = [CommentFactory(topic=topic, body=f"Start {n}") for n in range(1, PER_PAGE + 11)]
    Comment.objects.filter(topic=topic).update(created_at=starts[0].created_at)
    tied = list(Comment.objects.filter(topic=topic).order_by("pk"))
    reply = CommentFactory(topic=topic, parent=tied[PER_PAGE])

    assert [c.thread_page for c in tied[PER_PAGE - 1 : PER_PAGE + 1]] == [1, 2]
    assert Comment.objects.get(pk=reply.pk).thread_page == 2
    second = _page(Client(), topic, f"?comments={tied[PER_PAGE].thread_page}")
    assert _starts_shown(second)[0] == PER_PAGE + 1


def test_conversations_are_numbered_as_they_start_and_replies_are_not(thread):
    topic, starts = thread["topic"], thread["starts"]

    assert [c.conversation_number for c in starts] == list(range(1, 121))
    assert (
        Comment.objects.filter(parent__isnull=False, conversation_number__isnull=False).count() == 0
    )
    assert TopicThread.objects.get(topic=topic).conversations == 120
    other = CommentFactory()
    assert other.conversation_number == 1


def test_finding_a_comments_page_counts_nothing(django_assert_num_queries, thread):
    """Posting asks the new comment's page twice; that cost must not grow with the thread."""
    start = thread["starts"][119]
    direct_reply = CommentFactory(topic=thread["topic"], parent=start)
    deep = Comment.objects.get(pk=thread["deep"][75].pk)

    with django_assert_num_queries(0):
        assert start.thread_page == 3
        assert direct_reply.thread_page == 3
    with django_assert_num_queries(1):
        assert deep.thread_page == 2


def test_a_conversation_that_cannot_be_saved_takes_no_number():
    topic = TopicFactory()
    CommentFactory(topic=topic)

    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(topic=topic, author=UserFactory(), body=None)

    assert CommentFactory(topic=topic).conversation_number == 2


def test_the_schema_refuses_a_numbered_reply_and_a_number_given_twice(thread):
    start, reply = thread["starts"][0], thread["deep"][1]

    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=reply.pk).update(conversation_number=500)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=thread["starts"][1].pk).update(
            conversation_number=start.conversation_number
        )


def test_a_conversation_deleted_in_the_admin_leaves_its_page_short_not_broken(client, thread):
    topic, starts = thread["topic"], thread["starts"]
    starts[60].delete()

    page = _page(client, topic, "?comments=2")

    assert _starts_shown(page) == [n for n in range(PER_PAGE + 1, 2 * PER_PAGE + 1) if n != 61]
    assert "Page 2 of 3" in page
    assert starts[110].thread_page == 3


def test_the_migration_numbers_existing_conversations_in_the_order_they_started():
    topic, later_topic = TopicFactory(), TopicFactory()
    first, second = CommentFactory(topic=topic), CommentFactory(topic=topic)
    reply = CommentFactory(topic=topic, parent=first)
    tied = CommentFactory(topic=later_topic)
    Comment.objects.filter(pk=second.pk).update(created_at=first.created_at)
    Comment.objects.filter(pk=first.pk).update(
        created_at=first.created_at.replace(year=first.created_at.year + 1)
    )
    # Out of the way of the numbers the migration gives (the schema wants one on each).
    Comment.objects.filter(parent__isnull=True).update(conversation_number=F("pk") + 1000)
    TopicThread.objects.all().delete()
    migration = importlib.import_module("topics.migrations.0009_comment_conversation_numbers")

    editor = SimpleNamespace(connection=connection)  # all the functions use of it
    migration.numbers_fill(apps, editor)
    migration.threads_fill(apps, editor)

    numbers = dict(Comment.objects.values_list("pk", "conversation_number"))
    assert (numbers[second.pk], numbers[first.pk], numbers[reply.pk]) == (1, 2, None)
    assert numbers[tied.pk] == 1
    threads = dict(TopicThread.objects.values_list("topic_id", "conversations"))
    assert threads == {topic.pk: 2, later_topic.pk: 1}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_conversations_started_at_once_each_take_their_own_number():
    topic = TopicFactory()
    members = [UserFactory() for _ in range(6)]

    errors = _race(
        lambda: comment_services.comment_create(topic=topic, author=members.pop(), body="At once")
    )

    assert errors == []
    numbers = sorted(
        Comment.objects.filter(topic=topic).values_list("conversation_number", flat=True)
    )
    assert numbers == [1, 2, 3, 4, 5, 6]
    assert TopicThread.objects.get(topic=topic).conversations == 6


def test_a_post_that_fails_after_taking_its_number_leaves_a_harmless_gap(
    member_client, monkeypatch, thread
):
    topic = thread["topic"]

    def insert_fails(self, *args, **kwargs):
        raise RuntimeError("insert failed")

    monkeypatch.setattr(Comment, "save", insert_fails)
    with pytest.raises(RuntimeError):
        comment_services.comment_create(topic=topic, author=UserFactory(), body="Lost")
    monkeypatch.undo()
    member_client.post(reverse("comments:comment_create", args=[topic.slug]), {"body": "Next one"})

    assert not Comment.objects.filter(body="Lost").exists()
    assert Comment.objects.get(body="Next one").conversation_number == 122
    page = _page(Client(), topic, "?comments=3")
    assert "Next one" in page and "Conversations 101 to 122 of 122" in page


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_post_still_in_its_transaction_does_not_hold_up_the_next_conversation(monkeypatch):
    """The number is taken in a transaction of its own: while one post is still busy in
    its transaction, another conversation on the same topic goes through."""
    topic, slow_author, quick_author = TopicFactory(), UserFactory(), UserFactory()
    inside, release = threading.Event(), threading.Event()

    follow = comment_services.topic_follow

    def follow_slowly(*, topic, member):
        # The slow post is inside its own transaction, its number already taken.
        follow(topic=topic, member=member)
        if member == slow_author:
            inside.set()
            release.wait(timeout=10)

    monkeypatch.setattr(comment_services, "topic_follow", follow_slowly)

    def post_slowly():
        try:
            comment_services.comment_create(topic=topic, author=slow_author, body="Slow")
        finally:
            connections.close_all()

    slow = threading.Thread(target=post_slowly)
    slow.start()
    try:
        assert inside.wait(timeout=10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        quick = comment_services.comment_create(topic=topic, author=quick_author, body="Quick")
    finally:
        release.set()
        slow.join()

    assert quick.conversation_number == 2
    assert Comment.objects.get(body="Slow").conversation_number == 1
