"""Checks on what members type about themselves."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Control characters (Unicode category Cc: NUL to US, DEL, C1 including NEL) and the
# Unicode line and paragraph separators. A name goes into mail headers ("To: Name
# <address>"): a line break there makes Django refuse to send the mail at all.
LINE_BREAKING_CATEGORIES = {"Cc", "Zl", "Zp"}


def control_characters_find(value: str) -> list[str]:
    return [c for c in value if unicodedata.category(c) in LINE_BREAKING_CATEGORIES]


@deconstructible
class SingleLineValidator:
    """Refuse line breaks, tabs and every other control character."""

    message = _("Write it on one line, without line breaks, tabs or other control characters.")
    code = "control_characters"

    def __call__(self, value: str) -> None:
        if control_characters_find(str(value)):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SingleLineValidator)

    def __hash__(self) -> int:
        return hash(self.code)


validate_single_line = SingleLineValidator()

_CONTROL_RUN = re.compile(r"\s*[\x00-\x1f\x7f-\x9f\u2028\u2029]+\s*")


def single_line_clean(value: str) -> str:
    """The value with each run of control characters (and the spaces around them)
    turned into one space: for names stored before the rule existed."""
    return _CONTROL_RUN.sub(" ", value).strip()
