"""The share address members pass around: counts a click, then shows the topic page."""

import re
from hashlib import sha256

from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View

from core import ratelimit
from topics import selectors, services

# Link previews and crawlers fetch shared addresses too: they are not clicks.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|embedly|whatsapp|telegram|"
    r"skypeuripreview|curl|wget|python-|http-client|headless",
    re.IGNORECASE,
)


def _client_key(request) -> str | None:
    """Whom the per-client limit counts: the member, else a digest of the address
    (never the address itself); None when the address cannot be told."""
    if request.user.is_authenticated:
        return f"m{request.user.pk}"
    try:
        address = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return None
    return "a" + sha256(address.encode()).hexdigest()[:20]


class TopicShareView(View):
    """``/t/<slug>/``: a click counts once per client and topic an hour (the
    ``share_click`` rate), never for a crawler, a link preview or a HEAD request, and
    only while the topic is public; every visitor is then sent to the topic page,
    whatever it says."""

    def get(self, request, slug):
        topic = selectors.topic_for_reading(slug=slug)
        # A HEAD asks for the headers only (link checkers, some previews): no click.
        if topic is not None and topic.is_public and request.method == "GET":
            client = _client_key(request)
            is_bot = BOT_USER_AGENT.search(request.headers.get("user-agent", "")) is not None
            if (
                client is not None
                and not is_bot
                and ratelimit.consume(action="share_click", member_id=f"{topic.pk}:{client}")
            ):
                services.topic_share_click_record(topic=topic)
        response = redirect(reverse("topics:topic_detail", kwargs={"slug": slug}))
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex"
        return response
