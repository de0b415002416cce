"""Every URL pattern of the project, made concrete with objects from a small world."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

from notifications.services import unsubscribe_token
from sponsorship.models import Questionnaire
from tests.factories import (
    ChannelFactory,
    CommentFactory,
    ParticipationRequestFactory,
    SponsorshipInterestFactory,
    TopicFactory,
    UserFactory,
    questionnaire_with_every_kind,
)
from topics.models import Studio
from webhooks.models import Endpoint


def url_patterns(patterns=None, prefix="", namespace=None):
    """(name, regex-ish route) for each pattern; the admin counts as one entry."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            if ns == "admin":
                yield "admin:*", prefix + str(pattern.pattern)
                continue
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or str(pattern.pattern)
            yield (f"{namespace}:{name}" if namespace else name), prefix + str(pattern.pattern)


def world():
    owner = UserFactory(full_name="Owner Other")
    channel = ChannelFactory(slug="walk-channel")
    topic = TopicFactory(channel=channel, proposer=owner, slug="walk-topic")
    questionnaire_with_every_kind(topic=topic)
    return {
        "owner": owner,
        "channel": channel,
        "topic": topic,
        "comment": CommentFactory(topic=topic, author=owner),
        "request": ParticipationRequestFactory(topic=topic, applicant=owner),
        "interest": SponsorshipInterestFactory(topic=topic, member=owner),
        "questionnaire": Questionnaire.objects.get(topic=topic),
        "studio": Studio.objects.create(channel=channel, name="Walk studio", address="1 rue"),
        "endpoint": Endpoint.objects.create(
            channel=channel, url="https://93.184.216.34/", events=["comment.created"], secret="x"
        ),
    }


def concrete_url(name: str, route: str, objects: dict) -> str:
    """Fill a route's parameters with the world's objects (all owned by someone else)."""
    if name == "admin:*":
        return "/admin/"
    path = re.sub(r"\(\?P<(\w+)>.*?\)", lambda m: f"<{m.group(1)}>", route)
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    channel_routes = name.startswith(("topics:channel", "episodes:channel")) or (
        name in ("topics:workspace_studio_list", "webhooks:endpoint_list")
    )
    values = {
        "slug": objects["channel"].slug if channel_routes else objects["topic"].slug,
        "pk": {
            "topics:participation_request_withdraw": objects["request"].pk,
            "topics:workspace_participation_decide": objects["request"].pk,
            "sponsorship:interest_withdraw": objects["interest"].pk,
            "topics:workspace_studio_edit": objects["studio"].pk,
            "topics:workspace_studio_remove": objects["studio"].pk,
        }.get(
            name,
            objects["endpoint"].pk if name.startswith("webhooks:") else objects["comment"].pk,
        ),
        "token": unsubscribe_token(member=objects["owner"], category="my_topics"),
        "public_id": objects["owner"].public_id,
        "key": "not-a-real-key",
        "uidb36": "zz",
        "path": "nothing-here.png",
    }
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), path)
    return "/" + path
