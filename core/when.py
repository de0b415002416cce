"""A moment as people read it: the day, the time and the time zone they are in.

"Tue 8 Dec 2026, 14:00 (Europe/Paris)", "mar. 8 déc. 2026, 14:00 (Europe/Paris)": in
the active language, in the site's time zone (TIME_ZONE; members choose none yet).
Pages, mails, notices, digests and calendar invitations all show a recording's time
this way (the `with_zone` filter in templates, `with_zone()` in Python).
"""

from __future__ import annotations

from datetime import datetime

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _


def with_zone(value: datetime | None) -> str:
    if value is None:
        return ""
    zone = timezone.get_default_timezone()
    local = timezone.localtime(value, zone)
    # Translators: a date and time, as PHP's date() formats them (Django's "date" filter).
    moment = dateformat.format(local, _("D j M Y, H:i"))
    return _("%(moment)s (%(zone)s)") % {"moment": moment, "zone": str(zone)}
