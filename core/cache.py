"""Cache backends.

The shared cache is django-redis, used through its public API only. A Redis
outage degrades the site, it does not take it down: every cache call that
cannot reach Redis counts as a miss (reads) or is skipped (writes), and for
`OUTAGE_BACKOFF` seconds after a failure the worker does not try again, so a
page pays for at most one failed connection. Pages are then rendered from the
database, and the counters of `core.ratelimit` count nothing, so those limits
are open (see README, "When Redis is down"). `/healthz` reports the cache as
degraded.

django-redis can swallow errors by itself (`IGNORE_EXCEPTIONS`), but it would
try Redis again on every call, and a Redis that hangs would cost each call its
full timeout; hence the backoff here.
"""

import functools
import logging
import pickle
import time
from urllib.parse import urlsplit

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

_MISSING = object()
OUTAGE_BACKOFF = 5.0
# Unreachable, too slow, or a replica that cannot take writes (during a failover);
# django-redis reports the first three as ConnectionInterrupted.
OUTAGE_ERRORS = (
    ConnectionInterrupted,
    RedisConnectionError,
    RedisTimeoutError,
    ReadOnlyError,
    OSError,
)
REDIS_MIN_VERSION = (7, 0)


def _when_down(fallback):
    """Run the cache call; while Redis cannot be reached, return `fallback(*args)` instead."""

    def decorator(method):
        @functools.wraps(method)
        def wrapped(self, *args, **kwargs):
            if self.outage_since is not None and time.monotonic() < self.retry_at:
                return fallback(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except OUTAGE_ERRORS as error:
                if self.outage_since is None:
                    self.outage_since = time.time()
                    logger.error("The cache at %s cannot be reached: %s", self.location, error)
                self.retry_at = time.monotonic() + self.outage_backoff
                return fallback(*args, **kwargs)
            if self.outage_since is not None:
                logger.warning("The cache at %s answers again.", self.location)
                self.outage_since = None
            return result

        return wrapped

    return decorator


def _miss(key, default=None, *args, **kwargs):
    return default


def _none(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _true(*args, **kwargs):
    return True


def _empty_dict(*args, **kwargs):
    return {}


def _all_failed(data, *args, **kwargs):
    return list(data)


def _no_hits(windows, *args, **kwargs):
    return [0] * len(windows)


def _incr_down(key, *args, **kwargs):
    raise ValueError(f"Key {key!r} not found: the cache cannot be reached.")


# A Redis that does not answer must not hold a page: give up on it quickly.
_OUTAGE_TIMEOUTS = {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1.0}


class WebcastoryRedisCache(RedisCache):
    """django-redis with a backoff while Redis is down; public methods only."""

    def __init__(self, server, params):
        options = {**_OUTAGE_TIMEOUTS, **params.get("OPTIONS", {})}
        self.outage_backoff = float(options.pop("OUTAGE_BACKOFF", OUTAGE_BACKOFF))
        super().__init__(server, {**params, "OPTIONS": options})
        self.server_url = server if isinstance(server, str) else server[0]
        self.outage_since: float | None = None  # wall-clock time of the first failure
        self.retry_at = 0.0
        self.checked_at = -1.0

    @property
    def location(self) -> str:
        """The server's address for messages and logs, without its credentials."""
        parts = urlsplit(self.server_url)
        return f"{parts.scheme}://{parts.hostname}:{parts.port or 6379}{parts.path}"

    def redis(self, *, write: bool = True):
        """The redis-py client (django-redis's public accessor)."""
        return self.client.get_client(write=write)

    @property
    def available(self) -> bool:
        """False while this worker cannot reach Redis. Asks Redis (PING) at most once a
        second, so a health probe or a guarded action costs no round trip in between."""
        now = time.monotonic()
        if now >= self.checked_at + 1.0:
            self.checked_at = now
            self.ping()
        return self.outage_since is None

    @_when_down(_false)
    def ping(self) -> bool:
        return bool(self.redis().ping())

    def server_version(self) -> tuple[int, ...]:
        """The Redis server's version, e.g. (7, 0, 15); raises when it cannot be reached."""
        info = self.redis().info("server")
        return tuple(int(part) for part in str(info["redis_version"]).split(".")[:3])

    get = _when_down(_miss)(RedisCache.get)
    get_many = _when_down(_empty_dict)(RedisCache.get_many)
    # As if stored then evicted at once, which a cache may always do: "not added" would
    # claim the key is held, and a lock built on add (allauth's limiter) would wait.
    add = _when_down(_true)(RedisCache.add)
    set = _when_down(_none)(RedisCache.set)
    touch = _when_down(_false)(RedisCache.touch)
    delete = _when_down(_false)(RedisCache.delete)
    delete_many = _when_down(_none)(RedisCache.delete_many)
    has_key = _when_down(_false)(RedisCache.has_key)
    incr = _when_down(_incr_down)(RedisCache.incr)
    decr = _when_down(_incr_down)(RedisCache.decr)
    clear = _when_down(_false)(RedisCache.clear)

    @_when_down(_all_failed)
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        """Store several entries; returns the keys that could not be stored (none)."""
        super().set_many(data, timeout, version=version)
        return []

    @_when_down(_no_hits)
    def hits_count(self, windows: dict[str, int], version=None) -> list[int]:
        """Count a hit on each key (core.ratelimit): a window of that many seconds
        opens at a key's first hit. One round trip for all of them."""
        pipeline = self.redis().pipeline(transaction=False)
        for key, seconds in windows.items():
            key = self.make_and_validate_key(key, version=version)
            pipeline.incr(key)
            pipeline.expire(key, seconds, nx=True)
        return pipeline.execute()[::2]


class LocalFirstCache(BaseCache):
    """The worker's own memory for small entries, the shared cache for large ones.

    Meant for entries whose key carries a version read from the shared cache
    (core/versions.py), which can therefore never be stale. Small ones are
    served from memory without a network round trip; one above
    `MAX_VALUE_BYTES` (a long comment thread weighs megabytes) goes to the
    shared cache instead, so a worker's memory stays under about
    MAX_ENTRIES times MAX_VALUE_BYTES.
    """

    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._shared_alias = options.get("SHARED", "default")
        self._max_value_bytes = int(options.get("MAX_VALUE_BYTES", 512 * 1024))
        self._memory = LocMemCache(location, params)

    @property
    def _shared(self):
        return caches[self._shared_alias]

    def _shared_key(self, key, version=None) -> str:
        """The entry's key in the shared cache, with this cache's prefix (the release)."""
        return self.make_and_validate_key(key, version)

    def get(self, key, default=None, version=None):
        value = self._memory.get(key, _MISSING, version)
        if value is _MISSING:
            value = self._shared.get(self._shared_key(key, version), default)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        if len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)) <= self._max_value_bytes:
            self._memory.set(key, value, timeout, version)
        else:
            self._shared.set(self._shared_key(key, version), value, timeout)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self.has_key(key, version):
            return False
        self.set(key, value, timeout, version)
        return True

    def delete(self, key, version=None):
        deleted = self._memory.delete(key, version)
        return self._shared.delete(self._shared_key(key, version)) or deleted

    def clear(self):
        """Empties this worker's memory only: shared entries are retired by versions."""
        self._memory.clear()


def cache_available(alias: str = "default") -> bool:
    """Whether a cache answers (a cache in this process's memory always does)."""
    return getattr(caches[alias], "available", True)
