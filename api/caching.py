"""Conditional reads: ETag and 304, from the cache versions the pages use.

Public reads follow the site's cache contract (core/versions.py): a response records
the versions of every row it shows while it is made (`versions.reads_recorded`); its
ETag is a digest of those versions' tokens, so any write to a shown row, whoever makes
it (a service, the admin, the shell), changes it. Anonymous responses are kept whole
in each worker's memory and served again, or answered 304, while every version holds,
as core/pagecache.py does for visitors' pages; a request with a token is made afresh
(its token is checked every time) and gets the same ETag.

A member's own lists (their topics, requests, notifications) are not keyed by the
versions (a new row of theirs moves none of the rows shown before): their ETag is a
digest of the body, which still spares the transfer with a 304.
"""

from __future__ import annotations

from hashlib import sha256

from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import get_language

from core import versions

RESPONSE_TIMEOUT = 600
CONTENT_TYPE = "application/json"


def _etag(*parts: str) -> str:
    return '"' + sha256("|".join(parts).encode()).hexdigest()[:32] + '"'


def _versions_etag(key: str, read: dict[str, str]) -> str:
    return _etag(key, *(f"{name}={read[name]}" for name in sorted(read)))


def _not_modified(request, etag: str) -> bool:
    wanted = request.META.get("HTTP_IF_NONE_MATCH")
    if not wanted:
        return False
    tags = parse_etags(wanted)
    return "*" in tags or etag in tags or etag.removeprefix("W/") in tags


def _finish(request, response, etag: str, *, shared: bool):
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache" if shared else "private, no-cache"
    patch_vary_headers(response, ("Accept-Language", "Authorization"))
    if _not_modified(request, etag):
        not_modified = HttpResponseNotModified()
        for header in ("ETag", "Cache-Control", "Vary"):
            not_modified[header] = response[header]
        return not_modified
    return response


class VersionedReads:
    """For public read views (a DRF APIView): see the module's docstring. A view marks
    a response made for its viewer alone (a draft read by its proposer) with
    `response.private = True`."""

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        raw = "|".join([request.get_host(), request.get_full_path(), get_language() or ""])
        key = "api:" + sha256(raw.encode()).hexdigest()
        anonymous = "HTTP_AUTHORIZATION" not in request.META
        store = caches["local"]
        if anonymous:
            entry = store.get(key)
            if entry is not None:
                read, content, etag = entry
                if versions.read(*read) == read:
                    response = HttpResponse(content, content_type=CONTENT_TYPE)
                    response["X-Api-Cache"] = "hit"
                    return _finish(request, response, etag, shared=True)
        with versions.reads_recorded() as read:
            response = super().dispatch(request, *args, **kwargs)
            response.render()
        if response.status_code != 200:
            return response
        if getattr(response, "private", False) or not read:
            return _finish(request, response, _etag(response.content.decode()), shared=False)
        etag = _versions_etag(key, read)
        if anonymous:
            store.set(key, (dict(read), response.content, etag), RESPONSE_TIMEOUT)
            response["X-Api-Cache"] = "miss"
        return _finish(request, response, etag, shared=True)


class ContentReads:
    """For a member's own lists: an ETag from the body, 304 when it did not change."""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        return _finish(request, response, _etag(response.content.decode()), shared=False)
