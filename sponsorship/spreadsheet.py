"""CSV downloads that spreadsheet programs open safely (the questionnaire export, the
episode report)."""

import csv
import re
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """Neutralise cells a spreadsheet would run as a formula (OWASP CSV injection)."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def csv_filename(name: str) -> str:
    """A file name safe in a Content-Disposition header: letters, digits, - and _."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:100] or "export"


def csv_response(rows: Iterable[Iterable[str]], *, filename: str) -> HttpResponse:
    """UTF-8 with a byte order mark (spreadsheet programs then read accents right),
    every cell neutralised, never kept by a cache."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{csv_filename(filename)}.csv"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return response
