"""Every text limit is shown on its field and enforced with a message, never by a cut."""

import re

import pytest
from django.urls import reverse

from comments.models import CommentReport
from tests.factories import CommentFactory, TopicFactory, UserFactory
from topics.models import Feedback, ParticipationRequest

pytestmark = pytest.mark.django_db


def _help(page: str, field_id: str) -> str:
    return re.search(rf'<div id="{field_id}" class="form-text">(.*?)</div>', page).group(1)


def _maxlength(page: str, field_id: str) -> str:
    tag = re.search(rf'<(?:textarea|input)[^>]*\bid="{field_id}"[^>]*>', page).group(0)
    return re.search(r'maxlength="(\d+)"', tag).group(1)


def test_topic_page_forms_show_their_limits(member_client):
    page = member_client.get(TopicFactory().get_absolute_url()).content.decode()

    shown = {
        field_id: (_maxlength(page, field_id), _help(page, f"{field_id}_helptext"))
        for field_id in ("feedback_body", "id_motivation", "id_availability", "comment_body")
    }

    assert shown == {
        "feedback_body": (
            "5000",
            "Only the proposers and the organizers will read it. Up to 5,000 characters.",
        ),
        "id_motivation": ("3000", "Up to 3,000 characters."),
        "id_availability": (
            "300",
            "For example: weekday mornings, from March. Up to 300 characters.",
        ),
        "comment_body": ("5000", "Markdown is supported. Up to 5,000 characters."),
    }


def test_limits_are_shown_in_the_readers_language(client):
    client.force_login(UserFactory(preferred_language="fr"))

    page = client.get(TopicFactory().get_absolute_url()).content.decode()

    assert _help(page, "id_motivation_helptext") == "Jusqu'à 3\xa0000 caractères."


def test_report_and_reply_forms_show_their_limits(member_client):
    comment = CommentFactory()

    report = member_client.get(reverse("comments:comment_report", args=[comment.pk]))
    reply = member_client.get(reverse("comments:comment_detail", args=[comment.pk]))

    report_page, reply_page = report.content.decode(), reply.content.decode()
    assert (_maxlength(report_page, "id_reason"), _help(report_page, "id_reason_helptext")) == (
        "1000",
        "Up to 1,000 characters.",
    )
    assert (_maxlength(reply_page, "reply-body"), _help(reply_page, "reply-body-help")) == (
        "5000",
        "Markdown is supported. Up to 5,000 characters.",
    )


@pytest.mark.parametrize(
    ("field", "limit", "extra"),
    [
        ("motivation", 3000, {"availability": "Mornings"}),
        ("availability", 300, {"motivation": "I know the subject"}),
    ],
)
def test_a_long_request_comes_back_with_a_message_and_its_text(member_client, field, limit, extra):
    topic = TopicFactory()
    text = "x" * (limit + 1)

    response = member_client.post(
        reverse("topics:participation_request_create", args=[topic.slug]),
        {"role": "guest", field: text, **extra},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert f"Ensure this value has at most {limit} characters (it has {limit + 1})." in page
    assert text in page
    assert f"Up to {limit:,} characters." in page
    assert not ParticipationRequest.objects.exists()


def test_a_long_feedback_comes_back_with_a_message_and_its_text(member_client):
    topic = TopicFactory()
    text = "x" * 5001

    response = member_client.post(
        reverse("topics:feedback_create", args=[topic.slug]), {"body": text}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Ensure this value has at most 5000 characters (it has 5001)." in page
    assert f"{text}</textarea>" in page
    assert "Up to 5,000 characters." in page
    assert not Feedback.objects.exists()


def test_a_long_report_comes_back_with_a_message_and_its_text(member_client):
    comment = CommentFactory()
    text = "x" * 1001

    response = member_client.post(
        reverse("comments:comment_report", args=[comment.pk]), {"reason": text}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Ensure this value has at most 1000 characters (it has 1001)." in page
    assert f"{text}</textarea>" in page
    assert "Up to 1,000 characters." in page
    assert not CommentReport.objects.exists()


def test_line_breaks_count_once_as_the_browser_counts_them(member_client):
    """A browser counts a line break as one character against maxlength and sends it as
    two (CR LF): what the field let through must not be refused on sending."""
    topic = TopicFactory()
    lines = ["x" * 160] * 31  # 4,960 characters and 30 line breaks: 4,990 in the browser
    typed = "\r\n".join(lines)

    member_client.post(reverse("topics:feedback_create", args=[topic.slug]), {"body": typed})
    member_client.post(reverse("comments:comment_create", args=[topic.slug]), {"body": typed})

    assert Feedback.objects.get().body == "\n".join(lines)
    assert topic.comments.get().body == "\n".join(lines)
