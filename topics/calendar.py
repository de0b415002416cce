"""A member's private calendar of their own recordings, at a secret address.

The address is `/calendar/<member id>-<signature>.ics`: the signature (django.core
.signing) covers the member's id with their own random secret (CalendarFeed), so the
address is unguessable, nothing secret is stored in it, and resetting the secret retires
every copy of the old address at once (404). The events are the mailed invitations'
(same UID and SEQUENCE, exact address): everyone in this calendar may read them.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from icalendar import Calendar

from accounts.models import User
from topics.invitations import recording_event
from topics.models import CalendarFeed
from topics.selectors.recordings import member_recordings

SALT = "webcastory.topics.calendar"
MEMBER_ID = re.compile(r"[0-9]{1,18}")


def _signature(member_id: int, secret: str) -> str:
    return signing.Signer(salt=f"{SALT}:{secret}").signature(str(member_id))


def calendar_feed_for(*, member: User) -> CalendarFeed:
    """The member's feed, made the first time they ask for its address."""
    feed, _created = CalendarFeed.objects.get_or_create(
        member=member, defaults={"secret": secrets.token_urlsafe(32)}
    )
    return feed


def calendar_url(*, feed: CalendarFeed) -> str:
    token = f"{feed.member_id}-{_signature(feed.member_id, feed.secret)}"
    path = reverse("topics:member_calendar", kwargs={"token": token})
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def calendar_feed_reset(*, member: User) -> CalendarFeed:
    """A new secret: the old address stops working at once."""
    feed = calendar_feed_for(member=member)
    feed.secret = secrets.token_urlsafe(32)
    feed.save(update_fields=["secret"])
    return feed


def calendar_member(token: str) -> User | None:
    """The active member whose calendar this token opens, or None."""
    member_id, _sep, signature = token.partition("-")
    # ASCII digits only, and few enough for any database's integer (str.isdigit also
    # takes "²", which int() refuses).
    if not MEMBER_ID.fullmatch(member_id) or not signature:
        return None
    feed = (
        CalendarFeed.objects.select_related("member")
        .filter(member_id=int(member_id), member__is_active=True)
        .first()
    )
    if feed is None or not constant_time_compare(
        signature, _signature(feed.member_id, feed.secret)
    ):
        return None
    return feed.member


def member_calendar(*, member: User) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Webcastory//My recordings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Webcastory")
    for topic in member_recordings(member=member):
        calendar.add_component(recording_event(topic))
    return calendar.to_ical()
