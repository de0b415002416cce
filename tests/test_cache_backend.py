"""The worker-memory cache keeps small entries to itself and hands large ones to the shared one."""

import pytest
from django.core.cache import caches

from webcastory.cache import LocalFirstCache


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
    thread = "x" * 5000
    local_first.set("thread:v1", thread)

    assert caches["default"].get("thread:v1") == thread
    assert local_first.get("thread:v1") == thread


def test_clearing_empties_only_the_worker_memory(local_first):
    local_first.set("fragment:v1", "small")
    local_first.set("thread:v1", "x" * 5000)

    local_first.clear()

    assert (local_first.get("fragment:v1"), local_first.get("thread:v1")) == (None, "x" * 5000)


def test_add_does_not_overwrite(local_first):
    assert local_first.add("key", "first") is True
    assert local_first.add("key", "second") is False
    assert local_first.get("key") == "first"
