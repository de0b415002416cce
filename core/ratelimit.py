"""Per-member rate limits on frequent actions (comments, reports, feedback, requests).

allauth's limiter, which guards log-in, sign-up and password reset, keeps a
log of timestamps per key under a cache lock: four round trips per rate, and
concurrent requests of one member queue on the lock. For actions members
take often we count hits instead: each rate is a counter in the shared cache
whose window opens at the member's first hit and closes after the rate's
period. All the rates of an action are counted in one round trip on Redis.

Rates are written as in allauth, without the key: "6/m,60/h" (per second,
minute, hour or day, or "300s"). Only what is done counts: a hit over a rate
is taken back at once, and a view takes back the hit of an action the
service then refused (`refund`), so neither a refused attempt nor a form
sent back with errors uses up the member's allowance. Count the hit after
the form is valid, before the write.
"""

from contextlib import suppress
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

LIMITED_MESSAGE = _("You are going a little fast. Please wait a few minutes before trying again.")

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int


def rates_parse(spec: str) -> list[Rate]:
    rates = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        amount, period = part.split("/")[:2]
        number, unit = period[:-1], period[-1]
        rates.append(Rate(amount=int(amount), seconds=int(number or 1) * PERIODS[unit]))
    return rates


def hits_count(windows: dict[str, int]) -> list[int]:
    """Count one hit on each key, a window of that many seconds opening at its first hit."""
    if hasattr(cache, "hits_count"):
        return cache.hits_count(windows)
    counts = []
    for key, seconds in windows.items():
        cache.add(key, 0, seconds)
        try:
            counts.append(cache.incr(key))
        except ValueError:  # the window closed between the two calls
            cache.add(key, 1, seconds)
            counts.append(1)
    return counts


def _windows(action: str, member_id: int | str) -> tuple[list[Rate], dict[str, int]]:
    limits = getattr(settings, "MEMBER_RATE_LIMITS", None)
    if not limits or not limits.get(action):
        return [], {}
    rates = rates_parse(limits[action])
    windows = {
        f"rl:{action}:{member_id}:{rate.amount}/{rate.seconds}": rate.seconds for rate in rates
    }
    return rates, windows


def _hits_take_back(windows: dict[str, int]) -> None:
    for key in windows:
        # A window that closed meanwhile has nothing left to take back.
        with suppress(ValueError):
            cache.decr(key)


def consume(*, action: str, member_id: int | str) -> bool:
    """Record one `action` by the member; False, recording nothing, when it would go
    over one of its rates."""
    rates, windows = _windows(action, member_id)
    if not rates:
        return True
    counts = hits_count(windows)
    if all(count <= rate.amount for count, rate in zip(counts, rates, strict=True)):
        return True
    _hits_take_back(windows)
    return False


def refund(*, action: str, member_id: int | str) -> None:
    """Take back the hit `consume` recorded for an action that did not happen after all."""
    _rates, windows = _windows(action, member_id)
    _hits_take_back(windows)
