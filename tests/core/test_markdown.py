import re

import pytest
from django.urls import reverse

from comments.models import Comment
from core.markdown import markdown_render
from tests.factories import TopicFactory, UserFactory
from tests.html import danger_in
from topics.models import Feedback, ParticipationRequest

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>',
    '<div style="background:url(javascript:alert(1))" onclick="x()">raw</div>',
    "<iframe src=https://evil.example></iframe>",
    "<svg/onload=alert(1)>",
    "</textarea><script>alert(2)</script>",
    "{{ request.user.password }} {% debug %}",
]

DANGER = re.compile(
    r"<script|onerror=|onload=|onclick=|javascript:|<iframe|<svg|data:text/html|style=", re.I
)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_render_leaves_nothing_executable(payload):
    assert DANGER.search(markdown_render(payload)) is None


def test_one_text_leaves_nothing_behind_for_the_next():
    """The converter is reused: a link defined in one comment must not resolve in another."""
    first = markdown_render("See [the report][r].\n\n[r]: https://example.com/report")
    assert 'href="https://example.com/report"' in first
    second = markdown_render("See [the report][r].")
    assert "href" not in second
    assert "[the report][r]" in second


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_topic_text_come_out_inert(client, payload):
    proposer = UserFactory(full_name=payload)
    topic = TopicFactory(proposer=proposer, title=payload, summary=payload, body=payload)
    topic.body_html = markdown_render(payload)
    topic.save()
    # Feedback and requests to take part come from another member, who is named alike.
    client.force_login(UserFactory(full_name=payload))

    client.post(reverse("comments:comment_create", args=[topic.slug]), {"body": payload})
    client.post(reverse("topics:feedback_create", args=[topic.slug]), {"body": payload})
    client.post(
        reverse("topics:participation_request_create", args=[topic.slug]),
        {"role": "guest", "motivation": payload, "availability": payload},
    )
    assert Comment.objects.filter(topic=topic).count() == 1
    assert Feedback.objects.filter(topic=topic).count() == 1
    assert ParticipationRequest.objects.filter(topic=topic).count() == 1

    for reader in ("member", proposer):
        if reader != "member":
            client.force_login(reader)
        for url in (topic.get_absolute_url(), reverse("topics:my_space"), reverse("home")):
            response = client.get(url)
            assert response.status_code == 200
            assert danger_in(response.content.decode()) == []
