"""Run in a subprocess with production settings: print the headers and cookies a browser gets.

Usage (the test does this): DJANGO_DEBUG=false ... python -m tests.security.production_probe
"""

import json
import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webcastory.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    # Headers are under test, not the static manifest (collectstatic is not run here).
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from accounts.models import User

    User.objects.create_user(email="probe@example.com", password="probe-password-123")
    client = Client()
    plain = client.get("/", HTTP_HOST="webcastory.example")
    pages = {
        "home": client.get("/", secure=True, HTTP_HOST="webcastory.example"),
        "login": client.get("/accounts/login/", secure=True, HTTP_HOST="webcastory.example"),
    }
    pages["after_login"] = client.post(
        "/accounts/login/",
        {"login": "probe@example.com", "password": "probe-password-123"},
        secure=True,
        HTTP_HOST="webcastory.example",
        HTTP_REFERER="https://webcastory.example/accounts/login/",
    )
    report = {
        "http_redirect": {"status": plain.status_code, "location": plain.get("Location", "")},
        "pages": {
            name: {"status": r.status_code, "headers": dict(r.headers.items())}
            for name, r in pages.items()
        },
        "cookies": {
            name: {
                "secure": bool(morsel["secure"]),
                "httponly": bool(morsel["httponly"]),
                "samesite": morsel["samesite"],
            }
            for name, morsel in client.cookies.items()
        },
    }
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
