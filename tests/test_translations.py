"""The French catalogue is complete and the committed .mo matches the .po."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES"


def test_every_french_entry_is_translated():
    catalogue = polib.pofile(str(LOCALE / "django.po"))

    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_compiled_catalogue_matches_the_po_file():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    with open(LOCALE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    stale = [
        e.msgid
        for e in catalogue.translated_entries()
        if not e.msgid_plural
        and (compiled.pgettext(e.msgctxt, e.msgid) if e.msgctxt else compiled.gettext(e.msgid))
        != e.msgstr
    ]
    assert stale == []


@pytest.mark.skipif(
    shutil.which("xgettext") is None and os.environ.get("CI") != "true",
    reason="xgettext (gettext) is needed to extract the strings",
)
def test_the_catalogue_holds_every_string_the_code_marks(tmp_path):
    """A string marked for translation but never extracted shows in English to French
    readers, and no other test sees it: extract again, from a copy, and compare."""
    root = LOCALE.parent.parent.parent
    copy = tmp_path / "project"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(".*", "staticfiles", "media", "node_modules", "__pycache__"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete",
         "--ignore=tests", "--ignore=bench", "-v0"],
        cwd=copy, check=True, capture_output=True,
    )  # fmt: skip
    committed = {e.msgid for e in polib.pofile(str(LOCALE / "django.po"))}
    extracted = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))

    assert sorted({e.msgid for e in extracted} - committed) == []
