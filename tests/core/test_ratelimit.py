"""Members' rate limits: counted per member and action, lock-free, exact under concurrency."""

import threading

import pytest
from django.core.cache import cache

from core import ratelimit
from core.ratelimit import Rate


@pytest.fixture
def limits(settings):
    settings.MEMBER_RATE_LIMITS = {"comment": "3/m,5/h", "comment_report": "1/300s"}
    return settings.MEMBER_RATE_LIMITS


def test_rates_are_parsed_as_allauth_writes_them():
    assert ratelimit.rates_parse("6/m, 60/h,5/300s,1/d") == [
        Rate(6, 60),
        Rate(60, 3600),
        Rate(5, 300),
        Rate(1, 86400),
    ]


def test_each_member_has_their_own_count(limits):
    first = [ratelimit.consume(action="comment", member_id=1) for _ in range(4)]
    other = ratelimit.consume(action="comment", member_id=2)

    assert first == [True, True, True, False]
    assert other is True


def test_the_longer_rate_holds_when_the_shorter_window_reopens(limits):
    for _ in range(3):
        assert ratelimit.consume(action="comment", member_id=1)
    cache.delete("rl:comment:1:3/60")  # the minute's window closed
    results = [ratelimit.consume(action="comment", member_id=1) for _ in range(3)]

    assert results == [True, True, False]  # 5 per hour


def test_actions_are_counted_apart(limits):
    assert ratelimit.consume(action="comment_report", member_id=1)
    assert not ratelimit.consume(action="comment_report", member_id=1)
    assert ratelimit.consume(action="comment", member_id=1)


def test_no_limit_configured_lets_everything_through(settings):
    settings.MEMBER_RATE_LIMITS = {}

    assert all(ratelimit.consume(action="comment", member_id=1) for _ in range(50))


def test_concurrent_hits_on_redis_let_exactly_the_rate_through(settings, redis_cache, monkeypatch):
    """Sixteen requests of one member at once: three pass, none waits on a lock."""
    settings.MEMBER_RATE_LIMITS = {"comment": "3/m"}
    monkeypatch.setattr(ratelimit, "cache", redis_cache)
    results = []
    start = threading.Barrier(16)

    def post():
        start.wait()
        results.append(ratelimit.consume(action="comment", member_id=7))

    threads = [threading.Thread(target=post) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [False] * 13 + [True] * 3


def test_two_rates_over_the_same_period_each_count(settings):
    settings.MEMBER_RATE_LIMITS = {"comment": "3/m,2/60s"}

    results = [ratelimit.consume(action="comment", member_id=1) for _ in range(3)]

    assert results == [True, True, False]


def test_a_hit_over_one_rate_counts_against_none(settings):
    """Hammering while the minute's rate refuses does not use up the hour's."""
    settings.MEMBER_RATE_LIMITS = {"comment": "2/m,4/h"}
    for _ in range(2):
        assert ratelimit.consume(action="comment", member_id=1)
    refused = [ratelimit.consume(action="comment", member_id=1) for _ in range(10)]
    cache.delete("rl:comment:1:2/60")  # the minute's window closed

    results = [ratelimit.consume(action="comment", member_id=1) for _ in range(3)]

    assert refused == [False] * 10
    assert results == [True, True, False]  # 4 per hour, 2 of them used


def test_a_refunded_hit_no_longer_counts(limits):
    for _ in range(3):
        assert ratelimit.consume(action="comment", member_id=1)
    ratelimit.refund(action="comment", member_id=1)

    assert [ratelimit.consume(action="comment", member_id=1) for _ in range(2)] == [True, False]


def test_a_refund_after_the_window_closed_does_nothing(limits):
    ratelimit.refund(action="comment", member_id=1)

    assert [ratelimit.consume(action="comment", member_id=1) for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]


def test_refused_hits_on_redis_are_taken_back(settings, redis_cache, monkeypatch):
    settings.MEMBER_RATE_LIMITS = {"comment": "2/m,3/h"}
    monkeypatch.setattr(ratelimit, "cache", redis_cache)
    results = [ratelimit.consume(action="comment", member_id=7) for _ in range(5)]
    redis_cache.delete("rl:comment:7:2/60")

    assert results == [True, True, False, False, False]
    assert [ratelimit.consume(action="comment", member_id=7) for _ in range(2)] == [True, False]
