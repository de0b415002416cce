"""System checks run by `manage.py check`, `migrate`, `runserver` and `make serve`."""

from django.conf import settings
from django.core.cache import caches
from django.core.checks import Error, Tags, Warning, register
from redis.exceptions import AuthenticationError, ResponseError

from core.cache import OUTAGE_ERRORS, REDIS_MIN_VERSION, WebcastoryRedisCache


@register(Tags.caches)
def redis_version_check(app_configs=None, **kwargs):
    """Our Redis cache needs Redis 7 (the rate limits use EXPIRE … NX)."""
    problems = []
    for alias in settings.CACHES:
        cache = caches[alias]
        if not isinstance(cache, WebcastoryRedisCache):
            continue
        try:
            version = cache.server_version()
        except AuthenticationError as error:
            problems.append(
                Error(
                    f"The cache '{alias}' ({cache.location}) refuses the credentials in "
                    f"CACHE_URL: {error}.",
                    hint="Correct the user name or password in CACHE_URL.",
                    id="webcastory.E002",
                )
            )
            continue
        except ResponseError as error:
            problems.append(
                Error(
                    f"The cache '{alias}' ({cache.location}) does not tell its version "
                    f"(INFO server): {error}.",
                    hint="Allow the INFO command for this Redis user, or use Redis 7+.",
                    id="webcastory.E003",
                )
            )
            continue
        except OUTAGE_ERRORS as error:
            problems.append(
                Warning(
                    f"The cache '{alias}' ({cache.location}) cannot be reached: {error}. "
                    "The site will run without it, slower, until it answers.",
                    id="webcastory.W001",
                )
            )
            continue
        if version < REDIS_MIN_VERSION:
            wanted = ".".join(map(str, REDIS_MIN_VERSION))
            found = ".".join(map(str, version))
            problems.append(
                Error(
                    f"The cache '{alias}' runs Redis {found}; Webcastory needs Redis "
                    f"{wanted} or newer (its rate limits use EXPIRE with the NX option).",
                    hint="Upgrade Redis, or point CACHE_URL at a Redis 7 server.",
                    id="webcastory.E001",
                )
            )
    return problems
