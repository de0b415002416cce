"""Links in mails, feeds and calendars name the address the site really runs on."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _site_url(**env_overrides) -> str:
    env = {**os.environ, **env_overrides}
    for name in ("SITE_URL", "RUN_SITE_URL", "DJANGO_SETTINGS_MODULE"):
        if name not in env_overrides:
            env.pop(name, None)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.SITE_URL)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.skipif((ROOT / ".env").exists(), reason="a .env file may set SITE_URL")
def test_site_url_follows_the_address_make_run_serves_on():
    assert _site_url() == "http://127.0.0.1:8000"
    assert _site_url(RUN_SITE_URL="http://127.0.0.1:8101") == "http://127.0.0.1:8101"
    assert (
        _site_url(RUN_SITE_URL="http://127.0.0.1:8101", SITE_URL="https://webcastory.example")
        == "https://webcastory.example"
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_tells_every_command_its_address(tmp_path):
    """`make run PORT=8101` with a stand-in Python that prints what it was given."""
    fake_python = tmp_path / "python"
    # The stand-in dev server lingers a moment, as the real one does: stopping it stops
    # the worker started beside it, which must have had the time to say it started.
    fake_python.write_text(
        '#!/bin/sh\necho "RUN_SITE_URL=$RUN_SITE_URL $1 $2"\n'
        '[ "$2" = runserver ] && sleep 2\nexit 0\n'
    )
    fake_python.chmod(0o755)
    uv = tmp_path / "uv"  # a stand-in uv: the lock is not under test
    uv.write_text("#!/bin/sh\nexit 0\n")
    uv.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL")}

    result = subprocess.run(  # noqa: S603 - fixed arguments, our own Makefile
        ["make", "-s", "run", "PORT=8101", f"VENV={tmp_path}", f"BIN={tmp_path}", f"UV={uv}"],  # noqa: S607
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("RUN_SITE_URL=")]
    assert lines[-4:-2] == [
        "RUN_SITE_URL=http://127.0.0.1:8101 manage.py migrate",
        "RUN_SITE_URL=http://127.0.0.1:8101 manage.py seed_demo",
    ]
    # The dev server and, beside it, the task worker (mails, digests, notices).
    assert sorted(lines[-2:]) == [
        "RUN_SITE_URL=http://127.0.0.1:8101 manage.py runserver",
        "RUN_SITE_URL=http://127.0.0.1:8101 manage.py worker",
    ]
