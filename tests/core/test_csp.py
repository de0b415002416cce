"""The Content-Security-Policy header, built once for the responses that carry the settings'
policy, is the header django-csp would build, and follows the settings when they change."""

import pytest
from csp.constants import NONCE
from csp.decorators import csp_update
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from core.csp import CSPMiddleware

HEADER = "Content-Security-Policy"
REPORT_ONLY = "Content-Security-Policy-Report-Only"


def _respond(middleware_class, view=None):
    request = RequestFactory().get("/somewhere/")
    view = view or (lambda request: HttpResponse("ok"))
    middleware = middleware_class(view)
    return request, middleware(request)


def test_a_plain_response_carries_the_header_django_csp_builds():
    _request, ours = _respond(CSPMiddleware)
    _request, theirs = _respond(LibraryCSPMiddleware)

    assert ours[HEADER] == theirs[HEADER] == build_policy()
    assert "object-src 'none'" in ours[HEADER]
    assert REPORT_ONLY not in ours


def test_changed_settings_change_the_header():
    _respond(CSPMiddleware)  # the settings' policy is built and kept
    changed = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["https://img.example"]}}
    report = {"DIRECTIVES": {"default-src": ["'none'"]}}

    with override_settings(
        CONTENT_SECURITY_POLICY=changed, CONTENT_SECURITY_POLICY_REPORT_ONLY=report
    ):
        _request, response = _respond(CSPMiddleware)
        assert "img-src https://img.example" in response[HEADER]
        assert response[REPORT_ONLY] == "default-src 'none'"

    _request, response = _respond(CSPMiddleware)
    assert "img-src https://img.example" not in response[HEADER]
    assert REPORT_ONLY not in response


def test_a_view_that_changes_its_policy_gets_its_own_header():
    view = csp_update({"img-src": "https://img.example"})(lambda request: HttpResponse("ok"))

    _request, response = _respond(CSPMiddleware, view)

    assert "https://img.example" in response[HEADER]


def test_a_nonce_used_by_the_page_is_in_its_header():
    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')

    policy = {"DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", NONCE]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        _request, response = _respond(CSPMiddleware, view)

    nonce = response.content.decode().split('nonce="')[1].split('"')[0]
    assert f"'nonce-{nonce}'" in response[HEADER]


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error():
    request, _response = _respond(CSPMiddleware)

    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
