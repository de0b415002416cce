"""Production settings and the security headers every response carries."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x7Q!kP2vN9mR4tL8wZ1cB6yH3jF5gD0sA-e_uI7oK2nM9bV4cX1zL8qW3rT6yU0p",
    "DJANGO_ALLOWED_HOSTS": "webcastory.example",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _manage(*args, env_overrides):
    env = {**os.environ, **env_overrides}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_the_development_secret():
    env = {**PRODUCTION_ENV}
    env.pop("DJANGO_SECRET_KEY")
    env["DJANGO_SECRET_KEY"] = ""

    result = _manage("check", env_overrides=env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["home", "account_login", "account_signup"])
def test_every_response_carries_security_headers(client, url_name):
    response = client.get(reverse(url_name))

    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "base-uri 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_templates_hold_no_inline_script_or_style(client):
    page = client.get(reverse("home")).content.decode()

    assert "<script>" not in page
    assert " style=" not in page
    assert " onclick=" not in page
