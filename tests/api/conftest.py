import pytest

from api.models import TokenScope
from api.services import api_token_create


@pytest.fixture
def make_token():
    """A token for a member: `make_token(member, scope="write", channels=[...])` gives
    the header value to send."""

    def make(member, *, scope=TokenScope.READ, channels=(), expires_at=None) -> str:
        made = api_token_create(
            member=member, name="Script", scope=scope, channels=channels, expires_at=expires_at
        )
        return f"Bearer {made.secret}"

    return make
