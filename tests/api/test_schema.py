"""The committed OpenAPI schema is the code's: `make schema` rewrites it."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

COMMITTED = Path(__file__).resolve().parents[2] / "api" / "openapi.yaml"


def test_the_committed_schema_matches_the_code():
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)

    assert out.getvalue() == COMMITTED.read_text(), (
        "api/openapi.yaml is not what the code describes: run `make schema` and commit it."
    )


def test_the_schema_is_served(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    assert response.content.decode() == COMMITTED.read_text()
