"""Writes on API tokens: made, revoked, and their last use noted."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from api.models import ApiToken, TokenScope
from topics.models import Channel
from topics.rules import can

# "wct_" + public prefix + "_" + secret: the prefix finds the row, the secret's digest
# proves the token (a leaked database gives no usable token).
TOKEN_PREFIX = "wct_"  # noqa: S105 - a marker, not a secret
# What api_token_create writes: the prefix in hex, the secret in URL-safe base64.
TOKEN_SHAPE = re.compile(r"wct_([0-9a-f]{1,16})_[A-Za-z0-9_-]{1,180}")
LAST_USED_PRECISION = timedelta(hours=1)
TOKENS_PER_MEMBER = 20


@dataclass(frozen=True)
class TokenMade:
    token: ApiToken
    secret: str  # the whole token, to show once


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_split(secret: str) -> str | None:
    """The public prefix of a token as written, or None if it cannot be one of ours (a
    stray character, a NUL byte that PostgreSQL would refuse in the query)."""
    match = TOKEN_SHAPE.fullmatch(secret)
    return match.group(1) if match else None


@transaction.atomic
def api_token_create(
    *,
    member: User,
    name: str,
    scope: str = TokenScope.READ,
    channels: Iterable[Channel] = (),
    expires_at: datetime | None = None,
) -> TokenMade:
    """A new token for the member; channels only among those they organize."""
    channels = list(channels)
    for channel in channels:
        if not can(member, "api.scope_token_to_channel", channel):
            raise PermissionDenied(_("You do not organize this channel."))
    if scope not in TokenScope.values:
        raise ValidationError(_("Choose read or write access."), code="scope")
    live = ApiToken.objects.filter(member=member, revoked_at__isnull=True)
    if live.count() >= TOKENS_PER_MEMBER:
        raise ValidationError(
            _("You have %(count)s tokens: revoke one before making another."),
            code="too_many",
            params={"count": TOKENS_PER_MEMBER},
        )
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        member=member,
        name=name.strip(),
        prefix=prefix,
        digest=token_digest(secret),
        scope=scope,
        expires_at=expires_at,
    )
    token.channels.set(channels)
    return TokenMade(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoked at once and for good; the row stays for the member's list."""
    if not can(by, "api.revoke_token", token):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_used(*, token: ApiToken, now: datetime | None = None) -> None:
    """Note the token's use, to the hour: one write an hour per token at most."""
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
