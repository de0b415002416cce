"""The release this process runs, for the cache's key prefix.

Every cached page and fragment's key starts with it, so a deploy that changes
code, templates, translations, static files or locked packages never reads
markup cached by the release before it (and two releases side by side during
a rolling deploy never share markup; they share the versions, so a write on
either retires both's entries). Set `RELEASE` (a commit id, a tag) to
name it; otherwise it is a digest of the files that shape a page, computed
once at start-up.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

# Sources only: a compiled catalogue (.mo) differs with each host's msgfmt, and two
# servers of one release must agree on its name.
SUFFIXES = {".py", ".html", ".txt", ".xml", ".po", ".css", ".js", ".svg", ".lock"}
SKIPPED = {
    ".git", ".venv", ".tools", "__pycache__", "node_modules", "media", "staticfiles",
    "tests", "bench", "test-artifacts",
}  # fmt: skip


def release_digest(base_dir: Path) -> str:
    """A short digest of the project's own files (names and contents)."""
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(base_dir):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED and not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if path.suffix in SUFFIXES:
                digest.update(str(path.relative_to(base_dir)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def release_id(base_dir: Path) -> str:
    return os.environ.get("RELEASE", "").strip() or release_digest(base_dir)
