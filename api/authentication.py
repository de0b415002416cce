"""`Authorization: Bearer <token>`: the API's only way in besides reading anonymously."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.models import ApiToken
from api.selectors import api_token_by_secret
from api.services import api_token_used

INVALID_MESSAGE = _("This token is unknown, revoked or expired.")


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """A request without the header reads as a visitor; a header with a token that is
    not (or no longer) valid is refused with a 401, never read as a visitor."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Write the header as “Authorization: Bearer <token>”.")
            )
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(INVALID_MESSAGE) from None
        token = api_token_by_secret(secret=secret)
        if token is None or not token.is_usable() or not token.member.is_active:
            raise exceptions.AuthenticationFailed(INVALID_MESSAGE)
        api_token_used(token=token)
        return token.member, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


def request_token(request) -> ApiToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None
