"""Cache backends.

Django's Redis cache, keeping one redis-py client per connection pool.

Django's `RedisCacheClient` builds a new `redis.Redis` object for every cache
call. With redis-py 6+ that costs about half a millisecond (it copies its table
of response callbacks each time), which added up to a tenth of a member's
topic page. A `redis.Redis` object is safe to share between threads (it takes
a connection from its pool per command), so one per pool is enough.
"""

import pickle

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

_MISSING = object()


class ReusedRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class WebcastoryRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        """One MSET, without the pipeline Django wraps it in, when nothing expires."""
        if self.get_backend_timeout(timeout) is not None or not data:
            return super().set_many(data, timeout, version)
        serializer = self._cache._serializer
        client = self._cache.get_client(None, write=True)
        client.mset(
            {
                self.make_and_validate_key(key, version=version): serializer.dumps(value)
                for key, value in data.items()
            }
        )
        return []

    def hits_count(self, windows: dict[str, int], version=None) -> list[int]:
        """Count a hit on each key (accounts.ratelimit): a window of that many seconds
        opens at a key's first hit. One round trip for all of them."""
        client = self._cache.get_client(None, write=True)
        pipeline = client.pipeline(transaction=False)
        for key, seconds in windows.items():
            key = self.make_and_validate_key(key, version=version)
            pipeline.incr(key)
            pipeline.expire(key, seconds, nx=True)
        return pipeline.execute()[::2]


class LocalFirstCache(BaseCache):
    """The worker's own memory for small entries, the shared cache for large ones.

    Meant for entries whose key carries a version read from the shared cache
    (topics/pagecache.py), which can therefore never be stale. Small ones are
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

    def get(self, key, default=None, version=None):
        value = self._memory.get(key, _MISSING, version)
        if value is _MISSING:
            value = self._shared.get(key, default, version)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        if len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)) <= self._max_value_bytes:
            self._memory.set(key, value, timeout, version)
        else:
            self._shared.set(key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self.has_key(key, version):
            return False
        self.set(key, value, timeout, version)
        return True

    def delete(self, key, version=None):
        deleted = self._memory.delete(key, version)
        return self._shared.delete(key, version) or deleted

    def clear(self):
        """Empties this worker's memory only: shared entries are retired by versions."""
        self._memory.clear()
