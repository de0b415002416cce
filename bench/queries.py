"""Database queries per request for each benchmarked page, measured in-process."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webcastory.settings")

import django

django.setup()

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

from accounts.models import User


def count(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    if response.status_code >= 400:
        raise SystemExit(f"{url} answered {response.status_code}")
    return len(queries)


def main(pages: list[dict]) -> dict[str, int]:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    anonymous, member = Client(), Client()
    member.force_login(User.objects.get(email="bench0@example.com"))
    result = {}
    for page in pages:
        client = member if page.get("login") else anonymous
        count(client, page["method"], page["path"], page.get("data"))  # warm caches
        result[page["name"]] = count(client, page["method"], page["path"], page.get("data"))
    return result


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
