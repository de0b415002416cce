"""The API reference: Swagger UI from the sidecar package's files, under the site's CSP."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_reference_loads_its_assets_as_files_under_the_policy(client):
    response = client.get("/api/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    # No inline script or style: every script has a src, no style element or attribute.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "<style" not in html
    assert "style=" not in html
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in assets
    assert all(finders.find(asset) for asset in assets)
    assert 'data-schema-url="/api/schema/"' in html
    assert "cdn" not in html.lower()
