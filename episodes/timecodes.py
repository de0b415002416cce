"""Times in an episode, as people write them: 1:02:03, 02:03 or 125 (seconds)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_TIMECODE = re.compile(r"^(?:(?:(\d{1,3}):)?([0-5]?\d):)?(\d{1,6})$")
MAX_SECONDS = 100 * 3600  # a hundred hours: longer is a typing error


def timecode_parse(value: str) -> int:
    """Seconds from "h:mm:ss", "mm:ss" or plain seconds; ValidationError otherwise."""
    text = (value or "").strip()
    match = _TIMECODE.match(text)
    if match is None:
        raise ValidationError(
            _("Enter a time such as 1:02:03 or 02:03 (hours, minutes, seconds)."),
            code="timecode",
        )
    hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    has_minutes = match.group(2) is not None
    if has_minutes and seconds > 59:
        raise ValidationError(
            _("Seconds go from 00 to 59 in a time such as 1:02:03."), code="timecode"
        )
    total = hours * 3600 + minutes * 60 + seconds
    if total > MAX_SECONDS:
        raise ValidationError(_("A time can be at most 100 hours."), code="timecode")
    return total


def timecode_format(seconds: int | None) -> str:
    """1:02:03 for an hour or more, 2:03 below."""
    if seconds is None:
        return ""
    seconds = max(int(seconds), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
