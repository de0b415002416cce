"""Pages shared by members, with their personal blocks filled in per request.

A page marks what differs from one member to another with
`{% personal "template.html" %}`: the member menu, their opinion, their
request to take part, and so on. For a member whose page differs from other
members' in those blocks only (no organizer or proposer role on it, no form
coming back with errors, no message waiting), the page is rendered once as a
*shell*: each personal block is left as a marker and every CSRF token as a
placeholder. The shell is cached under the versions of what it shows; each
request then renders only the personal blocks, in one pass, and the member's
own CSRF token.

Markers and placeholder carry a value derived from the secret key, so no
text a member writes can imitate them (and what members write is escaped or
sanitised anyway, which leaves no HTML comment in it).
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe

from topics.selectors import LOCAL_TIMEOUT, local_cache

SHELL_FLAG = "_personal_shell"


@lru_cache(maxsize=1)
def _secret_token() -> str:
    return salted_hmac("webcastory.personal", "markers").hexdigest()[:24]


def csrf_placeholder() -> str:
    return f"csrf-{_secret_token()}"


def _marker(name: str) -> str:
    return f"<!--personal-{_secret_token()}:{name}-->"


def _marker_pattern() -> re.Pattern:
    return re.compile(f"<!--personal-{_secret_token()}:([^>]*?)-->")


def _separator() -> str:
    return f"<!--personal-{_secret_token()}-->"


def personal_block(context, template_name: str) -> str:
    """What `{% personal %}` renders: the block itself, or its marker in a shell."""
    if context.get(SHELL_FLAG):
        return mark_safe(_marker(template_name))  # noqa: S308 - our own marker, no input
    template = context.template.engine.get_template(template_name)
    return template.render(context)


@lru_cache(maxsize=64)
def _blocks_template(names: tuple[str, ...]):
    """One template that renders every personal block of a shell, separated."""
    source = _separator().join('{% include "' + name + '" %}' for name in names)
    return engines["django"].from_string(source)


def _segments(shell: str) -> list[bytes | tuple[str] | None]:
    """The shell cut once, when cached: its text as UTF-8 (encoding a long page that is
    not pure ASCII is a cost better paid once), `(block name,)` for a personal block and
    `None` for a CSRF token."""
    segments: list[bytes | tuple[str] | None] = []
    pieces = _marker_pattern().split(shell)
    for index, piece in enumerate(pieces):
        if index % 2:
            segments.append((piece,))
            continue
        texts = piece.split(csrf_placeholder())
        for position, text in enumerate(texts):
            if position:
                segments.append(None)
            segments.append(text.encode())
    return segments


def render_shared(request, template_name: str, context: dict, *, key: str) -> HttpResponse:
    """Render a page from its cached shell, filling in this member's blocks."""
    segments = local_cache().get(key)
    if segments is None:
        shell_context = {**context, SHELL_FLAG: True, "csrf_token": csrf_placeholder()}
        segments = _segments(render_to_string(template_name, shell_context, request))
        local_cache().set(key, segments, LOCAL_TIMEOUT)
    names = tuple(segment[0] for segment in segments if isinstance(segment, tuple))
    blocks = iter(_blocks_template(names).render(context, request).split(_separator()))
    token = get_token(request).encode()
    out = []
    for segment in segments:
        if segment is None:
            out.append(token)
        elif isinstance(segment, tuple):
            out.append(next(blocks).encode())
        else:
            out.append(segment)
    return HttpResponse(b"".join(out))
