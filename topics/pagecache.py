"""Versioned caching: visitors' whole pages, and fragments shared by everyone.

Invalidation works by versions kept in the shared cache (Redis in
production). A version is an opaque token: a write replaces it with a new one
once the transaction commits, and every entry whose key carries the old token
is never read again. Three kinds of versions exist:

- the site-wide content version, moved by every successful write (any POST
  that does not fail, through `ContentVersionMiddleware`);
- the topics' version, for the topics themselves as loaded for their pages
  (row, channel, proposers, accepted participants). Every successful write
  moves it too, except in views that declare `changes_topics = False`: the
  frequent activity on a topic (a comment, an opinion, feedback, a request to
  take part, a sponsor interest, questionnaire answers) changes none of
  that, so the loaded topic outlives it;
- one version per topic's comment thread, moved by comment writes, so the
  rendered thread outlives writes elsewhere on the site.

Because a versioned key never changes meaning, its entry may also live in the
worker's own memory (the `local` cache): only the version lookup has to cross
the network, and each request reads a version once.

Visitors' pages hold nothing personal and no CSRF token, so their HTML is
shared between them in the shared cache. A page with a message waiting for
the visitor is never cached nor served from the cache.
"""

import threading
from contextvars import ContextVar
from functools import wraps
from hashlib import sha256
from secrets import token_hex

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import get_language

VERSION_KEY = "pages:version"
TOPICS_VERSION_KEY = "pages:topics-version"
PAGE_TIMEOUT = 60
LOCAL_TIMEOUT = 600

# The versions already read during the current request (None outside requests).
_request_versions: ContextVar[dict[str, str] | None] = ContextVar(
    "webcastory_request_versions", default=None
)
# The versions the current request's writes move when its response is ready.
_request_moves: ContextVar[set[str] | None] = ContextVar("webcastory_request_moves", default=None)


def local_cache():
    """The worker's own memory, for entries whose key carries a version."""
    return caches["local"]


def version_of(key: str) -> str:
    """The current token of a version, read from the shared cache once per request."""
    seen = _request_versions.get()
    if seen is not None and key in seen:
        return seen[key]
    version = cache.get(key)
    if version is None:
        version = token_hex(8)
        if not cache.add(key, version, timeout=None):
            version = cache.get(key, version)
    if seen is not None:
        seen[key] = version
    return version


def versions_prefetch(*keys: str) -> None:
    """Read several versions in one round trip, for `version_of` to find in this request."""
    seen = _request_versions.get()
    if seen is None:
        return
    wanted = [key for key in keys if key not in seen]
    if wanted:
        seen.update(cache.get_many(wanted))


# Versions this process could not move while the cache was unreachable. Moved as
# soon as it answers again: otherwise the tokens from before the outage would come
# back with it, and the entries made under them would hide the writes made since.
_unmoved: set[str] = set()
_unmoved_lock = threading.Lock()


def _versions_set(keys) -> None:
    """New tokens for these versions (and any left over from an outage): one round trip."""
    with _unmoved_lock:
        keys = set(keys) | _unmoved
        _unmoved.clear()
    if not keys:
        return
    failed = cache.set_many({key: token_hex(8) for key in keys}, timeout=None)
    if failed:
        with _unmoved_lock:
            _unmoved.update(failed)


def versions_catch_up() -> None:
    """Move the versions an outage kept from moving, once the cache answers again."""
    if _unmoved and getattr(cache, "available", True):
        _versions_set(())


def version_move(*keys: str) -> None:
    """Retire every entry made under these versions, once the write is committed.

    During a request, the versions move when the response is ready (one round
    trip for all of them, in `ContentVersionMiddleware`): every transaction of
    the request is committed by then, and no entry made under the old tokens
    in the meantime is read again. The writing request itself reads and
    stores under private tokens from now on.

    Outside requests (shell, commands, tests calling services), they move now,
    for the caller to see, and again on commit: a page rendered between the
    two reads the old rows and would store them under the first new token.
    """
    moves = _request_moves.get()
    if moves is not None:
        moves.update(keys)
        seen = _request_versions.get()
        for key in keys:
            seen[key] = "w" + token_hex(8)
        return
    _versions_set(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _versions_set(keys))


def content_version() -> str:
    return version_of(VERSION_KEY)


def topics_version() -> str:
    return version_of(TOPICS_VERSION_KEY)


def content_changed() -> None:
    """Anything may have changed: pages, fragments and the topics themselves."""
    version_move(VERSION_KEY, TOPICS_VERSION_KEY)


def activity_changed(*more_keys: str) -> None:
    """Activity on topics changed (and these versions' entries with it); the topics
    themselves did not."""
    version_move(VERSION_KEY, *more_keys)


def _changes_topics(request) -> bool:
    match = getattr(request, "resolver_match", None)
    view_class = getattr(match.func, "view_class", None) if match else None
    return getattr(view_class, "changes_topics", True)


def _cacheable(request) -> bool:
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and len(get_messages(request)) == 0
    )


def anonymous_page_cache(view):
    """Serve and store visitors' pages from the shared cache."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        raw = "|".join(
            [
                settings.RELEASE,
                request.get_host(),
                request.get_full_path(),
                get_language(),
                content_version(),
            ]
        )
        key = "pages:" + sha256(raw.encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        csp_replace = getattr(response, "_csp_replace", None)
        if response.status_code == 200 and not response.cookies and csp_replace is None:
            cache.set(key, (response.content, response["Content-Type"]), PAGE_TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapped


class ContentVersionMiddleware:
    """Reads each version once per request; moves the versions its writes retired, and
    the content version after any successful write, in one round trip at the end."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        versions_catch_up()
        moves: set[str] = set()
        versions_token = _request_versions.set({})
        moves_token = _request_moves.set(moves)
        try:
            response = self.get_response(request)
            if request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 400:
                if _changes_topics(request):
                    content_changed()
                else:
                    activity_changed()
        finally:
            _request_moves.reset(moves_token)
            _request_versions.reset(versions_token)
            if moves:
                _versions_set(moves)
        return response
