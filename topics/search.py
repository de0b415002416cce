"""Topic search: PostgreSQL full-text where available, a plain search elsewhere.

On PostgreSQL each topic keeps a weighted tsvector (title A, summary B, full
text C, proposer and channel D) built with the dictionary of the topic's
language; queries are parsed with both the French and English dictionaries,
ranked, and get highlighted snippets. On SQLite the same page works with a
case-insensitive match of every word. Only public topics are ever searched.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import (
    Case,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.db.models.signals import post_save
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accounts.models import User
from topics.models import PUBLIC_STATUSES, Channel, Topic

SEARCH_CONFIGS = {"fr": "french", "en": "english"}
MARK_START, MARK_STOP = "\x02", "\x03"
SNIPPET_LENGTH = 220
MAX_QUERY_LENGTH = 200


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def _vector_for(config: str) -> SearchVector:
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
        + SearchVector(
            Concat(
                "proposer__full_name",
                Value(" "),
                "channel__name",
                Value(" "),
                "channel__name_fr",
                output_field=TextField(),
            ),
            weight="D",
            config=config,
        )
    )


def topic_search_index(*, topic_ids: list[int] | None = None) -> int:
    """Refresh the stored search vectors (all topics when no ids are given)."""
    if not uses_full_text():
        return 0
    updated = 0
    for language, config in SEARCH_CONFIGS.items():
        topics = Topic.objects.filter(language=language)
        if topic_ids is not None:
            topics = topics.filter(pk__in=topic_ids)
        # A join in the vector needs a subquery: update through the primary keys.
        vectors = Topic.objects.filter(pk=OuterRef("pk")).annotate(v=_vector_for(config))
        updated += topics.update(search_vector=Subquery(vectors.values("v")[:1]))
    return updated


# What the stored vectors are built from, by model: a save naming none of these fields
# leaves the index alone.
INDEXED_FIELDS = {
    "topic": {"title", "summary", "body", "language", "proposer", "proposer_id", "channel",
              "channel_id"},
    "user": {"full_name"},
    "channel": {"name", "name_fr"},
}  # fmt: skip


def _indexed(kind: str, update_fields) -> bool:
    return update_fields is None or bool(INDEXED_FIELDS[kind] & set(update_fields))


def _topic_saved(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    if not raw and _indexed("topic", update_fields):
        topic_search_index(topic_ids=[instance.pk])


def _reindex_topics_of(kind: str, lookup: str):
    """A receiver that refreshes the topics whose vector shows the saved row."""

    def receiver(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
        if not raw and _indexed(kind, update_fields):
            ids = list(Topic.objects.filter(**{lookup: instance}).values_list("pk", flat=True))
            if ids:
                topic_search_index(topic_ids=ids)

    return receiver


_member_saved = _reindex_topics_of("user", "proposer")
_channel_saved = _reindex_topics_of("channel", "channel")


def search_index_watch() -> None:
    """Keep the index in step with every save, whoever makes it (a service, the admin,
    the shell): the model layer, not each writer, refreshes it."""
    if not uses_full_text():
        return
    post_save.connect(_topic_saved, sender=Topic, dispatch_uid="topics.search.topic")
    post_save.connect(_member_saved, sender=User, dispatch_uid="topics.search.member")
    post_save.connect(_channel_saved, sender=Channel, dispatch_uid="topics.search.channel")


def _snippet_html(text: str) -> SafeString:
    """Escape everything, then turn our two marker characters into <mark> tags."""
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - built from escaped text and our own tags


def _plain_snippet(topic: Topic, words: list[str]) -> SafeString:
    source = f"{topic.summary} {topic.body}"
    lowered = source.lower()
    positions = [lowered.find(w.lower()) for w in words if lowered.find(w.lower()) >= 0]
    start = max(min(positions) - 60, 0) if positions else 0
    excerpt = source[start : start + SNIPPET_LENGTH]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    marked = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_STOP}", excerpt)
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_LENGTH < len(source) else ""
    return _snippet_html(f"{prefix}{marked}{suffix}")


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def query_words(query: str) -> list[str]:
    """At most ten words, without control characters (PostgreSQL refuses NUL)."""
    cleaned = CONTROL_CHARACTERS.sub(" ", query[:MAX_QUERY_LENGTH])
    return [w for w in cleaned.split() if w][:10]


def topic_search(*, query: str, queryset: QuerySet[Topic] | None = None) -> QuerySet[Topic]:
    """Public topics matching ``query``, best first, each with a ``snippet``."""
    topics = (queryset if queryset is not None else Topic.objects.all()).filter(
        status__in=PUBLIC_STATUSES
    )
    words = query_words(query)
    if not words:
        return topics.none()
    text = " ".join(words)
    if uses_full_text():
        search = SearchQuery(text, config="english", search_type="websearch") | SearchQuery(
            text, config="french", search_type="websearch"
        )
        document = Concat("summary", Value(" "), "body", output_field=TextField())
        options = {
            "start_sel": MARK_START,
            "stop_sel": MARK_STOP,
            "max_words": 35,
            "min_words": 15,
        }
        return (
            topics.filter(search_vector=search)
            .annotate(
                rank=SearchRank(F("search_vector"), search),
                headline=Case(
                    When(
                        language="fr",
                        then=SearchHeadline(
                            document,
                            search,
                            config="french",
                            **options,
                        ),
                    ),
                    default=SearchHeadline(
                        document,
                        search,
                        config="english",
                        **options,
                    ),
                ),
            )
            .order_by("-rank", "-created_at")
        )
    condition = Q()
    for word in words:
        condition &= (
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(body__icontains=word)
            | Q(proposer__full_name__icontains=word)
            | Q(channel__name__icontains=word)
            | Q(channel__name_fr__icontains=word)
        )
    return topics.filter(condition).order_by("-created_at")


def snippet_for(topic: Topic, query: str) -> SafeString:
    headline = getattr(topic, "headline", None)
    if headline is not None:
        return _snippet_html(headline)
    return _plain_snippet(topic, query_words(query))
