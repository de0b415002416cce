"""Visitors' pages, cached whole.

A visitor's page holds nothing personal and no CSRF token, so one rendering
serves every visitor asking for the same address in the same language. The
entry keeps the versions the page read while it was rendered
(core/versions.py); it is served again only while every one of them holds, so
any write to what the page shows retires it at once. A page that read no
version is not cached: nothing would retire it. Nor is a page with a message
waiting for the visitor, one that sets a cookie, or one with its own security
policy. Entries live in the `local` cache, whose prefix carries the release.
"""

from functools import wraps
from hashlib import sha256

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.translation import get_language

from core import versions
from core.csp import PER_RESPONSE

PAGE_TIMEOUT = 600


def _cacheable(request) -> bool:
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and len(get_messages(request)) == 0
    )


def visitor_page_cache(view):
    """Serve and store visitors' pages (see the module's docstring)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        pages = caches["local"]
        raw = "|".join([request.get_host(), request.get_full_path(), get_language()])
        key = "page:" + sha256(raw.encode()).hexdigest()
        entry = pages.get(key)
        if entry is not None:
            read, content, content_type = entry
            if versions.read(*read) == read:
                response = HttpResponse(content, content_type=content_type)
                response["X-Page-Cache"] = "hit"
                return response
        with versions.reads_recorded() as read:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response.render()
        if (
            response.status_code == 200
            and read
            and not response.cookies
            # A CSRF token or a nonce made for this visitor must not be served to others.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and getattr(request, "_csp_nonce", None) is None
            and not any(hasattr(response, name) for name in PER_RESPONSE)
        ):
            pages.set(key, (dict(read), response.content, response["Content-Type"]), PAGE_TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapped
