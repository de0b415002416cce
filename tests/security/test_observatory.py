"""The production headers score A+ on the MDN HTTP Observatory rubric, computed here."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_settings_security import PRODUCTION_ENV

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    database = tmp_path_factory.mktemp("probe") / "probe.sqlite3"
    env = {
        **os.environ,
        **PRODUCTION_ENV,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_ALLOWED_HOSTS": "webcastory.example",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-m", "tests.security.production_probe"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _directives(csp: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in csp.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def observatory_score(headers: dict[str, str], cookies: dict[str, dict]) -> tuple[int, list[str]]:
    """Score as the MDN HTTP Observatory does: start at 100, penalties and bonuses per test."""
    score, notes = 100, []
    csp = _directives(headers.get("Content-Security-Policy", ""))
    scripts = csp.get("script-src", csp.get("default-src", []))
    if not csp:
        score, notes = score - 25, [*notes, "no CSP"]
    elif "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts:
        score, notes = score - 20, [*notes, "CSP allows unsafe script"]
    if csp and (csp.get("object-src") != ["'none'"] or "base-uri" not in csp):
        score, notes = score - 5, [*notes, "CSP without object-src 'none' or base-uri"]
    if cookies:
        if not all(c["secure"] for c in cookies.values()):
            score, notes = score - 20, [*notes, "cookie without Secure"]
        elif all(c["samesite"] and c["httponly"] for c in cookies.values()):
            score, notes = score + 5, [*notes, "+5 cookies Secure, HttpOnly and SameSite"]
    hsts = headers.get("Strict-Transport-Security", "")
    max_age = int(hsts.split("max-age=")[1].split(";")[0]) if "max-age=" in hsts else 0
    if max_age < 15_768_000:
        score, notes = score - 20, [*notes, "HSTS missing or under six months"]
    if headers.get("X-Content-Type-Options", "").lower() != "nosniff":
        score, notes = score - 5, [*notes, "no nosniff"]
    if "frame-ancestors" in csp:
        score, notes = score + 5, [*notes, "+5 framing controlled by CSP frame-ancestors"]
    elif headers.get("X-Frame-Options", "").upper() not in ("DENY", "SAMEORIGIN"):
        score, notes = score - 20, [*notes, "framing not controlled"]
    referrer = headers.get("Referrer-Policy", "")
    if referrer in (
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    ):
        score, notes = score + 5, [*notes, "+5 private Referrer-Policy"]
    elif referrer in ("unsafe-url", "no-referrer-when-downgrade"):
        score, notes = score - 5, [*notes, "unsafe Referrer-Policy"]
    return score, notes


def test_plain_http_is_redirected_to_https(production):
    redirect = production["http_redirect"]

    assert (redirect["status"], redirect["location"]) == (301, "https://webcastory.example/")


@pytest.mark.parametrize("page", ["home", "login", "after_login"])
def test_production_headers_score_a_plus(production, page):
    headers = production["pages"][page]["headers"]

    score, notes = observatory_score(headers, production["cookies"])

    assert score >= 100, notes
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert int(headers["Strict-Transport-Security"].split("max-age=")[1].split(";")[0]) >= 31536000
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_every_cookie_is_secure_httponly_and_samesite(production):
    cookies = production["cookies"]

    assert {"sessionid", "csrftoken"} <= set(cookies)
    assert {
        n: c for n, c in cookies.items() if not (c["secure"] and c["httponly"] and c["samesite"])
    } == {}
