"""The worker-memory cache keeps small entries to itself and hands large ones to the shared one."""

import pytest
from django.core.cache import caches

from core.cache import LocalFirstCache


@pytest.fixture
def local_first():
    cache = LocalFirstCache(
        "test-local-first", {"OPTIONS": {"MAX_ENTRIES": 10, "MAX_VALUE_BYTES": 1000}}
    )
    yield cache
    cache.clear()
    caches["default"].clear()


def test_small_entries_stay_in_the_worker_memory(local_first):
    local_first.set("fragment:v1", "small")

    assert local_first.get("fragment:v1") == "small"
    assert caches["default"].get("fragment:v1") is None


def test_large_entries_go_to_the_shared_cache_and_are_found_there(local_first):
    other_worker = LocalFirstCache(
        "test-local-first-other", {"OPTIONS": {"MAX_ENTRIES": 10, "MAX_VALUE_BYTES": 1000}}
    )
    thread = "x" * 5000
    local_first.set("thread:v1", thread)
    local_first.set("fragment:v1", "small")

    assert local_first.get("thread:v1") == thread
    assert (other_worker.get("thread:v1"), other_worker.get("fragment:v1")) == (thread, None)


def test_large_entries_of_another_release_are_not_found(local_first):
    next_release = LocalFirstCache(
        "test-local-first-next",
        {"KEY_PREFIX": "next", "OPTIONS": {"MAX_ENTRIES": 10, "MAX_VALUE_BYTES": 1000}},
    )
    local_first.set("thread:v1", "x" * 5000)

    assert next_release.get("thread:v1") is None


def test_clearing_empties_only_the_worker_memory(local_first):
    local_first.set("fragment:v1", "small")
    local_first.set("thread:v1", "x" * 5000)

    local_first.clear()

    assert (local_first.get("fragment:v1"), local_first.get("thread:v1")) == (None, "x" * 5000)


def test_add_does_not_overwrite(local_first):
    assert local_first.add("key", "first") is True
    assert local_first.add("key", "second") is False
    assert local_first.get("key") == "first"


# The Redis backend itself (the redis_cache fixture is in tests/conftest.py).


def test_set_many_without_expiry_is_read_back(redis_cache):
    redis_cache.set_many({"a": "token-a", "b": 2}, timeout=None)

    assert redis_cache.get_many(["a", "b"]) == {"a": "token-a", "b": 2}
    client = redis_cache.redis()
    assert client.ttl(redis_cache.make_key("a")) == -1  # never expires


def test_hits_count_opens_a_window_at_the_first_hit(redis_cache):
    client = redis_cache.redis()

    first = redis_cache.hits_count({"rl:x:1:60": 60, "rl:x:1:3600": 3600})
    client.expire(redis_cache.make_key("rl:x:1:60"), 30)  # as if 30 s went by
    second = redis_cache.hits_count({"rl:x:1:60": 60, "rl:x:1:3600": 3600})

    assert (first, second) == ([1, 1], [2, 2])
    # The second hit did not push the window's end further.
    assert client.ttl(redis_cache.make_key("rl:x:1:60")) <= 30
    assert 3590 <= client.ttl(redis_cache.make_key("rl:x:1:3600")) <= 3600
