"""Every API error in one shape: RFC 9457 problem details, as application/problem+json.

    {"type": "urn:webcastory:problem:invalid", "title": "…", "status": 400,
     "detail": "…", "errors": {"field": ["message", …]}}

`type` names the kind of problem (a URN: stable, not a page to fetch), `title` says it
in words (in the request's language), `detail` says what happened this time, and
`errors` (400 only) gives each field's messages; messages about the whole request are
under "non_field_errors". A 500 says nothing of its cause: the trace goes to the log.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings

logger = logging.getLogger("api")

CONTENT_TYPE = "application/problem+json"
URN = "urn:webcastory:problem:"


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: ("invalid", _("The request is not valid.")),
        401: ("unauthenticated", _("A valid token is needed.")),
        403: ("forbidden", _("This is not open to you.")),
        404: ("not-found", _("Nothing here.")),
        405: ("method-not-allowed", _("This method is not allowed here.")),
        406: ("not-acceptable", _("This format cannot be served.")),
        415: ("unsupported-media-type", _("Send JSON.")),
        429: ("rate-limited", _("You are going a little fast.")),
        500: ("server-error", _("Something went wrong on our side.")),
    }


def problem(
    status_code: int, detail: str = "", *, errors: dict | None = None, kind: str = ""
) -> dict:
    code, title = _titles().get(status_code, ("error", _("The request failed.")))
    body = {"type": URN + (kind or code), "title": title, "status": status_code}
    if detail:
        body["detail"] = str(detail)
    if errors:
        body["errors"] = errors
    return body


def _messages(detail) -> list[str]:
    if isinstance(detail, list):
        return [str(item) for item in detail]
    if isinstance(detail, dict):
        return [str(item) for value in detail.values() for item in _messages(value)]
    return [str(detail)]


def _field_errors(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(field): _messages(value) for field, value in detail.items()}
    return {api_settings.NON_FIELD_ERRORS_KEY: _messages(detail)}


def exception_handler(error, context):
    """DRF's exception handler, answering every error, unexpected ones included."""
    headers = {}
    if isinstance(error, Http404):
        error = exceptions.NotFound()
    elif isinstance(error, PermissionDenied):
        error = exceptions.PermissionDenied(*(error.args[:1] or ()))
    elif isinstance(error, DjangoValidationError):
        # A service refused the write (a state that does not allow it, a duplicate).
        error = exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages})
    if isinstance(error, exceptions.APIException):
        if getattr(error, "auth_header", None):
            headers["WWW-Authenticate"] = error.auth_header
        if getattr(error, "wait", None):
            headers["Retry-After"] = str(int(error.wait))
        if isinstance(error, exceptions.ValidationError):
            errors = _field_errors(error.detail)
            body = problem(400, _("See the errors of each field."), errors=errors)
        else:
            body = problem(error.status_code, " ".join(_messages(error.detail)))
        return Response(body, status=error.status_code, headers=headers, content_type=CONTENT_TYPE)
    logger.exception("API error", exc_info=error)
    return Response(problem(500), status=500, content_type=CONTENT_TYPE)


def server_error_response() -> JsonResponse:
    """The 500 of an error raised outside the API's views (a middleware)."""
    return JsonResponse(
        problem(status.HTTP_500_INTERNAL_SERVER_ERROR),
        status=500,
        content_type=CONTENT_TYPE,
    )
