"""What the OpenAPI schema says beyond the views: the token, and the errors' one shape."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details, served as application/problem+json.",
    "properties": {
        "type": {"type": "string", "example": "urn:webcastory:problem:invalid"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "400 only: each field's messages; the request's as a whole "
            "under non_field_errors.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status"],
}

ERRORS = {
    "400": "The request is not valid (see `errors`), or the service refused it.",
    "401": "The token is missing where one is needed, unknown, revoked or expired.",
    "403": "The token's scope or its member's role does not allow this.",
    "404": "Nothing here, or nothing this reader may see.",
    "429": "Over the member's rate limit for this action.",
}


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token made in My space → API tokens (wct_…).",
        }


def problem_responses(result, generator, request, public):
    """Postprocessing hook: every operation documents the problem responses."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    reference = {"$ref": "#/components/schemas/Problem"}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code in ERRORS:
                operation["responses"].setdefault(
                    code,
                    {
                        "description": ERRORS[code],
                        "content": {"application/problem+json": {"schema": reference}},
                    },
                )
    return result
