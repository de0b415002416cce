"""Reads on API tokens."""

from __future__ import annotations

import hmac

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from api.models import ApiToken
from api.services import token_digest, token_split
from topics.models import Channel


def api_tokens_of(*, member: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(member=member).prefetch_related(
        Prefetch("channels", queryset=Channel.objects.order_by("order", "name"))
    )


def api_token_by_secret(*, secret: str) -> ApiToken | None:
    """The token written in a request, with its member and channel ids (two queries),
    or None for an unknown or mistyped token. Revoked and expired ones are returned:
    the caller says why they are refused."""
    prefix = token_split(secret)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("member").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, token_digest(secret)):
        return None
    return token


def api_token_channel_ids(token: ApiToken) -> frozenset[int]:
    return frozenset(token.channels.values_list("pk", flat=True))
