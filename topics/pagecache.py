"""Whole-page caching for visitors who are not logged in.

Visitors' pages hold nothing personal and no CSRF token, so the HTML can be
shared between them. The cache key carries the host, path, query string,
language and a site-wide content version; every successful write (any POST
that does not fail) retires all cached pages by moving that version, at once
and again after the transaction commits. A page with a message waiting for
the visitor is never cached nor served from the cache.
"""

from functools import wraps
from hashlib import sha256

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import get_language

VERSION_KEY = "pages:version"
PAGE_TIMEOUT = 60


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
    return version


def content_changed() -> None:
    def bump() -> None:
        cache.add(VERSION_KEY, 1, timeout=None)
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 2, timeout=None)

    bump()
    transaction.on_commit(bump)


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
            [request.get_host(), request.get_full_path(), get_language(), str(content_version())]
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
    """Any successful write retires the visitors' cached pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 400:
            content_changed()
        return response
