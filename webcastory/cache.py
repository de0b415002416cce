"""Django's Redis cache, keeping one redis-py client per connection pool.

Django's `RedisCacheClient` builds a new `redis.Redis` object for every cache
call. With redis-py 6+ that costs about half a millisecond (it copies its table
of response callbacks each time), which added up to a tenth of a member's
topic page. A `redis.Redis` object is safe to share between threads (it takes
a connection from its pool per command), so one per pool is enough.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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
