"""Text members write is shown as text wherever a form builds a label or help from it."""

import pytest
from django.urls import reverse

from sponsorship.models import Choice, Question, QuestionKind
from tests.factories import ChannelFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db

REFRESH = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
REFRESH_ESCAPED = (
    "&lt;meta http-equiv=&quot;refresh&quot; content=&quot;0;url=https://evil.example/&quot;&gt;"
)
SCRIPT = "<script>alert(1)</script>"
SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_question_help_text_is_escaped_on_the_questionnaire_page(member_client):
    questionnaire = QuestionnaireFactory()
    Question.objects.create(
        questionnaire=questionnaire,
        text="Company",
        help_text=f"Your employer {REFRESH}",
        kind=QuestionKind.SHORT_TEXT,
    )

    page = member_client.get(
        reverse("sponsorship:questionnaire_answer", args=[questionnaire.topic.slug])
    ).content.decode()

    assert f"Your employer {REFRESH_ESCAPED}" in page
    assert "http-equiv" not in page.replace(REFRESH_ESCAPED, "")


def test_question_text_and_option_labels_are_escaped_on_the_questionnaire_page(member_client):
    questionnaire = QuestionnaireFactory()
    question = Question.objects.create(
        questionnaire=questionnaire,
        text=f"Role {SCRIPT}",
        help_text=SCRIPT,
        kind=QuestionKind.SINGLE,
    )
    Choice.objects.create(question=question, order=0, label=f"Boss {REFRESH}")
    Choice.objects.create(question=question, order=1, label="Other")

    page = member_client.get(
        reverse("sponsorship:questionnaire_answer", args=[questionnaire.topic.slug])
    ).content.decode()

    assert f"Role {SCRIPT_ESCAPED}" in page
    assert f"Boss {REFRESH_ESCAPED}" in page
    assert "<script>alert" not in page
    assert "http-equiv" not in page.replace(REFRESH_ESCAPED, "")


def test_question_texts_are_escaped_on_the_edit_and_results_pages(client):
    questionnaire = QuestionnaireFactory()
    question = Question.objects.create(
        questionnaire=questionnaire, text=SCRIPT, help_text=REFRESH, kind=QuestionKind.MULTIPLE
    )
    Choice.objects.create(question=question, order=0, label=SCRIPT)
    Choice.objects.create(question=question, order=1, label=REFRESH)
    client.force_login(questionnaire.topic.proposer)

    for name in ("questionnaire_edit", "questionnaire_results"):
        page = client.get(
            reverse(f"sponsorship:{name}", args=[questionnaire.topic.slug])
        ).content.decode()

        assert SCRIPT_ESCAPED in page
        assert "<script>alert" not in page
        assert '<meta http-equiv="refresh"' not in page


def test_channel_names_are_escaped_in_the_topic_form(member_client):
    ChannelFactory(name=f"Ops {SCRIPT}")

    page = member_client.get(reverse("topics:topic_propose")).content.decode()

    assert f"Ops {SCRIPT_ESCAPED}" in page
    assert "<script>alert" not in page


def test_answer_fields_show_their_limits_after_the_help_text(member_client):
    questionnaire = QuestionnaireFactory()
    Question.objects.create(
        questionnaire=questionnaire,
        text="Expectations",
        help_text="<b>Be frank</b>",
        kind=QuestionKind.LONG_TEXT,
    )
    Question.objects.create(questionnaire=questionnaire, text="Company", kind="short_text")

    page = member_client.get(
        reverse("sponsorship:questionnaire_answer", args=[questionnaire.topic.slug])
    ).content.decode()

    assert "&lt;b&gt;Be frank&lt;/b&gt; Up to 5,000 characters." in page
    assert 'maxlength="5000"' in page
    assert ">Up to 300 characters.</div>" in page
