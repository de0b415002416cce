"""Facts worth keeping for the rest of one request, and no longer.

The viewer's organizer role, the people of a topic the rules ask about, the
viewer's own state on a topic: read once, asked many times while a page
renders. They live in a mapping that belongs to the request (set up by
`RequestScope`, the middleware) instead of private attributes on the `User`
or the model instance, which could outlive the request inside a cache.
Outside a request each call gets a fresh mapping, so nothing is kept.
"""

from contextvars import ContextVar

_scope: ContextVar[dict[str, dict] | None] = ContextVar("webcastory_request_scope", default=None)


def memo(namespace: str) -> dict:
    """This request's mapping for `namespace` (an empty throwaway one outside requests)."""
    scope = _scope.get()
    if scope is None:
        return {}
    return scope.setdefault(namespace, {})


class RequestScope:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _scope.set({})
        try:
            return self.get_response(request)
        finally:
            _scope.reset(token)
