"""The API asks the site's own rules (topics.rules.can), and the token's scope."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from api.authentication import request_token
from api.selectors import api_token_channel_ids
from core.requestscope import memo
from topics.rules import can

SAFE_METHODS = permissions.SAFE_METHODS


def _offered(request, view) -> bool:
    """The view has this method: otherwise its answer is a 405, whoever asks."""
    method = request.method.lower()
    return method in view.http_method_names and hasattr(view, method)


class TokenRequired(permissions.BasePermission):
    """A member's own data: a token is needed; writing needs the write scope."""

    message = _("This needs a token with the write scope.")

    def has_permission(self, request, view) -> bool:
        if not _offered(request, view):
            return True  # the view answers 405
        token = request_token(request)
        if token is None:
            raise exceptions.NotAuthenticated()
        return request.method in SAFE_METHODS or token.may_write


class PublicRead(permissions.BasePermission):
    """Reads are open to everyone; writes need a token with the write scope."""

    message = TokenRequired.message

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or not _offered(request, view):
            return True
        return TokenRequired().has_permission(request, view)


class RulePermission(permissions.BasePermission):
    """The rule the page asks, on the object the view names: `permission_required`
    (per method, `{"POST": "topics.give_opinion"}`)."""

    def has_object_permission(self, request, view, obj) -> bool:
        perm = (view.permission_required or {}).get(request.method)
        return perm is None or can(request.user, perm, obj)


def token_channel_ids(request) -> frozenset[int]:
    """The channels the request's token reaches as an organizer: those on the token that
    its member organizes now (the pages' rule), read once per request."""
    token = request_token(request)
    if token is None:
        return frozenset()
    known = memo("api-token-channels")
    if token.pk not in known:
        known[token.pk] = api_token_channel_ids(token)
    return known[token.pk]


def channel_reached(request, channel) -> bool:
    return channel.pk in token_channel_ids(request) and can(
        request.user, "api.scope_token_to_channel", channel
    )


def topic_readable(request, topic) -> bool:
    """The page's rule, and the token's scope: a topic that is not public yet is read by
    its proposers, or as an organizer of its channel with that channel on the token."""
    if not can(request.user, "topics.read_topic", topic):
        return False
    return (
        topic.is_public
        or can(request.user, "api.read_topic_as_team", topic)
        or channel_reached(request, topic.channel)
    )
