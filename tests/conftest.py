import pytest
from django.core.cache import caches

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test gets its own media folder and empty caches (rate limits live
    in the shared one)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Hashing strength is not under test; a fast hasher keeps the suite quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
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
