"""Reading an uploaded WebVTT transcript (webvtt-py), with errors people can act on."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

import webvtt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from webvtt.errors import MalformedCaptionError, MalformedFileError

from episodes.timecodes import MAX_SECONDS, timecode_format

# The lines the library quotes in its messages ("Invalid cue block ['00:00:xx --> …']").
_QUOTED_BLOCK = re.compile(r"(\[.*\])\s*$", re.DOTALL)
_QUOTED_VALUE = re.compile(r"'([^']+)'")


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    text: str


def _line_of(text: str, message: str) -> tuple[int | None, str]:
    """The line (1-based) and the text of the first line the library's message quotes."""
    quoted: list[str] = []
    block = _QUOTED_BLOCK.search(message)
    if block:
        try:
            parsed = ast.literal_eval(block.group(1))
        except (ValueError, SyntaxError):
            parsed = None
        if isinstance(parsed, list):
            quoted = [str(line) for line in parsed if str(line).strip()]
    if not quoted:
        quoted = _QUOTED_VALUE.findall(message)
    for wanted in quoted:
        for number, line in enumerate(text.splitlines(), start=1):
            if wanted.strip() and wanted.strip() in line:
                return number, line.strip()
    return None, ""


def transcript_decode(upload) -> str:
    """The uploaded file as text, refused when too large or not UTF-8."""
    limit = settings.TRANSCRIPT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("This transcript is too large (%(size)s). The limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    raw = upload.read(limit + 1)
    if len(raw) > limit:
        raise ValidationError(
            _("This transcript is too large. The limit is %(limit)s."),
            code="too_large",
            params={"limit": filesizeformat(limit)},
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("The transcript must be a UTF-8 text file (a WebVTT .vtt file)."),
            code="encoding",
        ) from error


def transcript_parse(text: str) -> list[Cue]:
    """The cues of a WebVTT text, in time order; ValidationError saying where it is wrong."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise ValidationError(
            _("The transcript must be a text file (a WebVTT .vtt file)."), code="binary"
        )
    try:
        captions = webvtt.from_string(text, strict=True)
        cues = [
            Cue(
                start_ms=caption.start_time.in_milliseconds(),
                end_ms=caption.end_time.in_milliseconds(),
                text=" ".join(caption.text.split()),
            )
            for caption in captions
        ]
    except MalformedFileError as error:
        raise ValidationError(
            _("This is not a WebVTT file: it must start with a line that says WEBVTT."),
            code="malformed",
        ) from error
    except (MalformedCaptionError, ValueError) as error:
        number, line = _line_of(text, str(error))
        if number is not None:
            raise ValidationError(
                _(
                    "The transcript has a malformed cue at line %(line)s (“%(text)s”): "
                    "a cue starts with a line such as 00:01:02.000 --> 00:01:05.000."
                ),
                code="malformed",
                params={"line": number, "text": line[:80]},
            ) from error
        raise ValidationError(
            _("The transcript has a malformed cue: %(detail)s"),
            code="malformed",
            params={"detail": str(error)[:200]},
        ) from error
    cues = [cue for cue in cues if cue.text]
    if not cues:
        raise ValidationError(_("The transcript holds no cue with text."), code="empty")
    for cue in cues:
        if cue.end_ms < cue.start_ms:
            raise ValidationError(
                _("A cue ends before it starts: “%(text)s”."),
                code="malformed",
                params={"text": cue.text[:80]},
            )
        # WebVTT allows ten-digit hours; the rows hold the milliseconds as integers.
        if cue.end_ms > MAX_SECONDS * 1000:
            raise ValidationError(
                _("A cue ends after 100 hours, at %(time)s: “%(text)s”. Check its time."),
                code="too_long",
                params={"time": timecode_format(cue.end_ms // 1000), "text": cue.text[:80]},
            )
    return sorted(cues, key=lambda cue: cue.start_ms)
