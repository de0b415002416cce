"""Injection through every text field, object-level access, and rate limits."""

import io
import zipfile

import pytest
from django.urls import reverse

from comments.models import Comment
from sponsorship.models import Questionnaire, Response, SponsorshipInterest
from tests.factories import (
    ChannelFactory,
    CommentFactory,
    FeedbackFactory,
    ParticipationRequestFactory,
    SponsorshipInterestFactory,
    TopicFactory,
    UserFactory,
    questionnaire_with_every_kind,
)
from tests.html import danger_in
from topics.models import Feedback, ParticipationRequest, Topic, TopicStatus

pytestmark = pytest.mark.django_db

CORPUS = [
    "<script>alert(document.cookie)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "[x](javascript:alert(1)) [y](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href='data:text/html,<script>alert(1)</script>'>d</a>",
    "<div><p>unclosed <b>tags <i>everywhere",
    "'; DROP TABLE topics_topic; -- \" OR 1=1 --",
    "{{ settings.SECRET_KEY }} {% load static %} ${7*7} <%= 7*7 %>",
    "\u202eevil\u202c \u0000 \ufeff zero\u200bwidth",
    "x" * 6000,
]


def _forms(topic, questionnaire, comment):
    """Every form a member can post, with the text fields the corpus goes into."""
    q = {q.text: q for q in questionnaire.questions.prefetch_related("choices")}
    role = q["Your role"].choices.first().pk
    return [
        (reverse("topics:topic_propose"), {
            "channel": topic.channel_id, "language": "en", "format": "talkshow",
            "treatment": "trends", "location": "studio", "save_draft": "1",
        }, ["title", "summary", "body", "location_detail", "preparation_notes"]),
        (reverse("accounts:profile_edit"), {"preferred_language": "en"},
         ["full_name", "headline", "company", "bio", "website"]),
        (reverse("comments:comment_create", args=[topic.slug]), {}, ["body"]),
        (reverse("topics:feedback_create", args=[topic.slug]), {}, ["body"]),
        (reverse("topics:participation_request_create", args=[topic.slug]), {"role": "guest"},
         ["motivation", "availability"]),
        (reverse("sponsorship:interest_create", args=[topic.slug]), {
            "contact_email": "a@example.com", "support_kind": "main", "budget_band": "undisclosed",
        }, ["organisation", "contact_name", "message"]),
        (reverse("sponsorship:questionnaire_answer", args=[topic.slug]), {
            f"question_{q['Your role'].pk}": role, f"question_{q['Relevance'].pk}": 3,
        }, [f"question_{q['Company'].pk}", f"question_{q['Expectations'].pk}"]),
        (reverse("comments:comment_report", args=[comment.pk]), {}, ["reason"]),
        (reverse("topics:search"), {}, ["q"]),
    ]  # fmt: skip


@pytest.mark.parametrize("payload", CORPUS, ids=range(len(CORPUS)))
def test_injection_corpus_through_every_text_field(client, settings, payload):
    settings.ACCOUNT_RATE_LIMITS = False
    settings.MEMBER_RATE_LIMITS = {}
    member = UserFactory()
    topic = TopicFactory(title="Target topic")
    questionnaire = questionnaire_with_every_kind(topic=topic)
    comment = CommentFactory(topic=topic)
    client.force_login(member)

    for url, base, fields in _forms(topic, questionnaire, comment):
        for field in fields:
            data = {**base, **dict.fromkeys(fields, "ok"), field: payload}
            response = client.get(url, data) if url.endswith("/search/") else client.post(url, data)
            assert response.status_code < 500, (url, field)
            if response.status_code < 300:
                assert danger_in(response.content.decode()) == [], (url, field)

    for url in (
        topic.get_absolute_url(),
        reverse("topics:my_space"),
        member.get_absolute_url(),
        reverse("home"),
        *[t.get_absolute_url() for t in Topic.objects.filter(proposer=member)],
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert danger_in(page.content.decode()) == [], url


def test_member_cannot_reach_another_members_private_things(member_client, member):
    other = UserFactory()
    topic = TopicFactory(proposer=other)
    draft = TopicFactory(proposer=other, status=TopicStatus.DRAFT)
    FeedbackFactory(topic=topic, author=other, body="Other's private feedback")
    request = ParticipationRequestFactory(topic=topic, applicant=other, motivation="Private why")
    interest = SponsorshipInterestFactory(topic=topic, member=other, message="Secret budget")
    questionnaire = questionnaire_with_every_kind(topic=topic)
    Response.objects.create(questionnaire=questionnaire, respondent=other)

    topic_page = member_client.get(topic.get_absolute_url()).content.decode()
    assert "Other&#x27;s private feedback" not in topic_page
    assert "Private why" not in topic_page
    assert "Secret budget" not in topic_page
    assert member_client.get(draft.get_absolute_url()).status_code == 404
    assert member_client.get(reverse("topics:topic_edit", args=[draft.slug])).status_code == 404
    assert (
        member_client.post(
            reverse("topics:participation_request_withdraw", args=[request.pk])
        ).status_code
        == 404
    )
    assert (
        member_client.post(reverse("sponsorship:interest_withdraw", args=[interest.pk])).status_code
        == 404
    )
    for name in (
        "sponsorship:lead_list",
        "sponsorship:questionnaire_results",
        "sponsorship:questionnaire_export",
        "sponsorship:questionnaire_edit",
    ):
        assert member_client.get(reverse(name, args=[topic.slug])).status_code == 403
    download = member_client.get(reverse("accounts:data_export")).streaming_content
    export = zipfile.ZipFile(io.BytesIO(b"".join(download))).read("data.json").decode()
    assert other.email not in export
    assert "Private why" not in export
    # The profile form always edits the logged-in member, whatever is posted.
    member_client.post(
        reverse("accounts:profile_edit"),
        {"full_name": "Hijack", "preferred_language": "en", "id": other.pk, "email": other.email},
    )
    other.refresh_from_db()
    assert other.full_name != "Hijack"
    request.refresh_from_db()
    interest.refresh_from_db()
    assert (request.status, interest.status) == ("pending", "new")
    assert Feedback.objects.count() == 1 and ParticipationRequest.objects.count() == 1
    assert SponsorshipInterest.objects.count() == 1 and Questionnaire.objects.count() == 1


def test_member_cannot_edit_or_delete_another_members_comment(member_client):
    comment = CommentFactory(body="Not yours")

    member_client.post(reverse("comments:comment_edit", args=[comment.pk]), {"body": "Mine now"})
    member_client.post(reverse("comments:comment_delete", args=[comment.pk]))

    comment.refresh_from_db()
    assert (comment.body, comment.deleted_at) == ("Not yours", None)
    assert Comment.objects.count() == 1


def test_signup_is_rate_limited(client):
    statuses = []
    for n in range(11):
        response = client.post(
            reverse("account_signup"),
            {
                "full_name": "Bot",
                "email": f"bot{n}@example.com",
                "password1": "x",
                "password2": "y",
            },
        )
        statuses.append(response.status_code)

    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


def test_password_reset_is_rate_limited(client):
    member = UserFactory()
    statuses = [
        client.post(reverse("account_reset_password"), {"email": member.email}).status_code
        for _ in range(4)
    ]

    assert statuses == [302, 302, 302, 429]


def test_channel_accent_colour_cannot_inject_css(client):
    ChannelFactory(accent_color="#1;}a{b")  # seven characters, the column's size

    css = client.get(reverse("topics:channel_styles")).content.decode()

    assert "a{b" not in css
