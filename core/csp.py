"""Project middleware."""

from __future__ import annotations

from functools import cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What a view may set on its response to change the policy (django-csp's decorators and
# our topic page do); such responses, and those using a nonce, take django-csp's own path.
PER_RESPONSE = (
    "_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro",
)  # fmt: skip


@cache
def _settings_policies() -> tuple[str, str] | None:
    """The policy and report-only policy the settings give, built once; None when
    they exclude some paths (left to django-csp)."""
    for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
        if (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES"):
            return None
    return build_policy(), build_policy(report_only=True)


@receiver(setting_changed)
def _settings_policies_forget(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _settings_policies.cache_clear()


class CSPMiddleware(LibraryCSPMiddleware):
    """django-csp, without rebuilding an unchanged policy for every response.

    django-csp builds the header from the settings on each response, which cost
    a trivial page a tenth of its time. Most responses carry exactly the
    settings' policy, so it is built once; anything else goes to django-csp.
    """

    def process_response(self, request, response):
        policies = _settings_policies()
        if (
            policies is None
            or settings.DEBUG  # django-csp leaves Django's debug pages alone
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in PER_RESPONSE)
            or HEADER in response
            or HEADER_REPORT_ONLY in response
        ):
            return super().process_response(request, response)
        policy, report_only = policies
        if policy:
            response[HEADER] = policy
        if report_only:
            response[HEADER_REPORT_ONLY] = report_only
        # As django-csp does: a nonce asked for after this point is an error, not a
        # nonce silently missing from the header.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
