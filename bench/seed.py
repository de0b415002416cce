"""Fill a PostgreSQL database for the load benchmark, with bulk inserts.

10,000 topics, 100,000 comments (one busy topic holds 200 in threads), 20,000
opinions and 5,000 members. Run by bench/run.py; alone:
    DATABASE_URL=postgres://... python bench/seed.py
"""

import os
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webcastory.settings")

import django

django.setup()

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from comments.models import Comment, TopicThread
from core.markdown import markdown_render
from topics.models import (
    Channel,
    Opinion,
    OpinionChoice,
    Topic,
    TopicStatus,
)
from topics.search import topic_search_index
from webcastory.management.commands.seed_demo import CHANNELS

# BENCH_SCALE=10 (make bench SCALE=10) multiplies every figure, the busy topic's included.
SCALE = int(os.environ.get("BENCH_SCALE", "1"))
MEMBERS, TOPICS, COMMENTS, OPINIONS = (n * SCALE for n in (5_000, 10_000, 100_000, 20_000))
# The comment POST goes to bench-topic-1 (public), so the busy topic read by the
# benchmark keeps its 200 comments.
BUSY_SLUG, BUSY_COMMENTS = "bench-busy-topic", 200 * SCALE
BENCH_PASSWORD = "bench-password-123"  # noqa: S105 - a throwaway benchmark database
BATCH = 5_000
WORDS = (
    "data platform cloud security team hiring remote leadership market customer "
    "strategy growth budget innovation research startup product pricing brand "
    "campaign audience decision risk policy economy society energy industry "
    "entreprise marché stratégie équipe innovation recherche politique économie"
).split()


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


# Rows go in through each model's base manager: an empty database has nothing cached, so
# the cache versions its writes would move (core/versions.py) retire nothing, and
# bench/run.py empties the cache after seeding anyway.


def seed() -> dict[str, float]:
    rng = random.Random(42)
    started = time.monotonic()
    now = timezone.now()
    with transaction.atomic():
        channels = []
        for order, (slug, name, name_fr, description, description_fr, color) in enumerate(CHANNELS):
            channel, _created = Channel.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "name_fr": name_fr, "description": description,
                          "description_fr": description_fr, "accent_color": color, "order": order},
            )  # fmt: skip
            channels.append(channel)

        password = make_password(BENCH_PASSWORD)
        User._base_manager.bulk_create(
            [
                User(email=f"bench{n}@example.com", full_name=f"Bench Member {n}",
                     headline="Engineer", company="Bench & Co", password=password,
                     public_id=uuid.uuid4())
                for n in range(MEMBERS)
            ],
            batch_size=BATCH,
        )  # fmt: skip
        member_ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
        # Confirmed addresses: production settings make email confirmation mandatory.
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user_id=pk, email=email, verified=True, primary=True)
                for pk, email in User.objects.values_list("pk", "email")
            ],
            batch_size=BATCH,
        )

        bodies = [
            "\n\n".join(sentence(rng, 25) for _ in range(3)) + "\n\n- " + sentence(rng, 6)
            for _ in range(20)
        ]
        rendered = [markdown_render(body) for body in bodies]
        statuses = [TopicStatus.PROPOSED] * 6 + [TopicStatus.ACCEPTED, TopicStatus.PUBLISHED,
                                                 TopicStatus.SCHEDULED, TopicStatus.DRAFT]  # fmt: skip
        topics = []
        for n in range(TOPICS):
            pick = rng.randrange(len(bodies))
            topics.append(
                Topic(
                    title=f"{sentence(rng, 5)[:-1]} #{n}",
                    slug=BUSY_SLUG if n == 0 else f"bench-topic-{n}",
                    channel=channels[n % len(channels)],
                    summary=sentence(rng, 18)[:300],
                    body=bodies[pick],
                    body_html=rendered[pick],
                    language="fr" if n % 4 == 0 else "en",
                    status=TopicStatus.PROPOSED if n <= 1 else rng.choice(statuses),
                    proposer_id=rng.choice(member_ids),
                    created_at=now - timezone.timedelta(minutes=n),
                    submitted_at=now - timezone.timedelta(minutes=n),
                )
            )
        Topic._base_manager.bulk_create(topics, batch_size=BATCH)
        topic_ids = list(Topic.objects.order_by("pk").values_list("pk", flat=True))
        busy_id = Topic.objects.get(slug=BUSY_SLUG).pk

        comment_texts = [sentence(rng, 20) for _ in range(50)]
        comment_html = [markdown_render(t) for t in comment_texts]
        # The busy topic: 200 comments in threads (50 roots, replies three deep).
        roots = Comment._base_manager.bulk_create(
            [Comment(topic_id=busy_id, author_id=rng.choice(member_ids), body=comment_texts[i % 50],
                     body_html=comment_html[i % 50], created_at=now, conversation_number=i + 1)
             for i in range(50)]
        )  # fmt: skip
        parents = roots
        made = 50
        while made < BUSY_COMMENTS:
            level = Comment._base_manager.bulk_create(
                [Comment(topic_id=busy_id, author_id=rng.choice(member_ids), parent=parent,
                         root_id=parent.root_id or parent.pk,
                         body=comment_texts[made % 50], body_html=comment_html[made % 50],
                         created_at=now) for parent in parents[: BUSY_COMMENTS - made]]
            )  # fmt: skip
            made += len(level)
            parents = level
        others = [t for t in topic_ids if t != busy_id]
        rest = COMMENTS - BUSY_COMMENTS
        # Each conversation takes the next number of its topic's thread.
        conversations = {busy_id: 50}
        for start in range(0, rest, BATCH):
            batch = []
            for i in range(start, min(start + BATCH, rest)):
                topic_id = rng.choice(others)
                conversations[topic_id] = conversations.get(topic_id, 0) + 1
                batch.append(
                    Comment(topic_id=topic_id, author_id=rng.choice(member_ids),
                            body=comment_texts[i % 50], body_html=comment_html[i % 50],
                            created_at=now - timezone.timedelta(seconds=rest - i),
                            conversation_number=conversations[topic_id])
                )  # fmt: skip
            Comment._base_manager.bulk_create(batch)
        TopicThread.objects.bulk_create(
            [TopicThread(topic_id=t, conversations=n) for t, n in conversations.items()],
            batch_size=BATCH,
        )

        pairs = set()
        while len(pairs) < OPINIONS:
            pairs.add((rng.choice(topic_ids), rng.choice(member_ids)))
        choices = [c.value for c in OpinionChoice]
        Opinion._base_manager.bulk_create(
            [Opinion(topic_id=t, member_id=m, choice=rng.choice(choices)) for t, m in pairs],
            batch_size=BATCH,
        )
    inserted = time.monotonic()
    topic_search_index()
    indexed = time.monotonic()
    # What autovacuum gives a live database: planner statistics and a visibility map
    # (index-only scans). Freshly bulk-loaded tables have neither for a while.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    finished = time.monotonic()
    return {
        "insert_seconds": round(inserted - started, 1),
        "search_index_seconds": round(indexed - inserted, 1),
        "vacuum_analyze_seconds": round(finished - indexed, 1),
        "total_seconds": round(finished - started, 1),
    }


if __name__ == "__main__":
    print(seed())
