"""Which cache versions a write to a member moves (see core/versions.py). The apps
above add where a member appears (topics/versions.py, sponsorship/versions.py)."""

from accounts.models import User
from core import versions
from core.versions import LISTS, watch


def _member(member: User):
    # Cards on the lists name the topic's proposer.
    return () if member.pk is None else (versions.member(member.pk), LISTS)


def watch_accounts() -> None:
    watch(User, _member, shown=User.DISPLAY_FIELDS)
