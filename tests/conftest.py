import pytest
from django.core.cache import caches
from django.utils import translation

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test gets its own media folder and empty caches (rate limits live
    in the shared one)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # A request leaves its language active in the thread, as Django's LocaleMiddleware
    # does; each test starts from the default one.
    translation.activate(settings.LANGUAGE_CODE)
    # Hashing strength is not under test; a fast hasher keeps the suite quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Background tasks run where they are enqueued, once the transaction commits;
    # the tests of the worker itself (tests/notifications/test_worker.py) use the
    # database backend and run `manage.py worker --batch`.
    settings.TASKS_BACKEND = "immediate"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    for alias in ("default", "local"):
        caches[alias].clear()
    yield
    for alias in ("default", "local"):
        caches[alias].clear()


@pytest.fixture
def password() -> str:
    return "correct-horse-battery-42"


@pytest.fixture
def member(password):
    return UserFactory(password=password)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def redis_cache():
    """Our Redis backend on a database of its own, at the Redis of this machine and CI's."""
    import os

    import redis

    from core.cache import WebcastoryRedisCache

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"no Redis at {url}: the Redis backend is proven in CI")
    cache = WebcastoryRedisCache(url, {"KEY_PREFIX": "test-backend"})
    cache.clear()
    yield cache
    cache.clear()
