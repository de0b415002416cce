import csv
import io

import pytest
from django.urls import reverse

from sponsorship.models import Answer, Response
from tests.factories import UserFactory, questionnaire_with_every_kind
from tests.sponsorship.conftest import answers_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire():
    return questionnaire_with_every_kind()


def _url(questionnaire):
    return reverse("sponsorship:questionnaire_answer", args=[questionnaire.topic.slug])


def test_member_answers_and_changes_answers(member_client, member, questionnaire):
    member_client.post(_url(questionnaire), answers_for(questionnaire, role_index=0, scale=2))
    member_client.post(_url(questionnaire), answers_for(questionnaire, role_index=1, scale=5))

    response = Response.objects.get()
    assert response.respondent == member
    role = response.answers.get(question__text="Your role")
    assert [c.label for c in role.choices.all()] == ["Engineer"]
    assert response.answers.get(question__text="Relevance").scale == 5
    page = member_client.get(_url(questionnaire)).content.decode()
    assert (
        'value="5" class="form-check-input" id="id_question_' in page.replace(" checked", "")
        or "checked" in page
    )


def _bad(questionnaire, field_text, value):
    data = answers_for(questionnaire)
    question = questionnaire.questions.get(text=field_text)
    key = f"question_{question.pk}"
    if value is None:
        data.pop(key)
    else:
        data[key] = value
    return data


@pytest.mark.parametrize(
    ("field_text", "value", "message"),
    [
        ("Your role", None, "This field is required."),
        ("Relevance", None, "This field is required."),
        ("Relevance", "0", "Select a valid choice. 0 is not one of the available choices."),
        ("Relevance", "6", "Select a valid choice. 6 is not one of the available choices."),
        ("Your role", "999999", "Select a valid choice. That choice is not one of the available"),
        ("Sectors", ["999999"], "Select a valid choice. 999999 is not one of the available"),
        ("Company", "x" * 301, "Ensure this value has at most 300 characters (it has 301)."),
    ],
)
def test_bad_answers_are_refused_with_message_and_nothing_saved(
    member_client, questionnaire, field_text, value, message
):
    response = member_client.post(_url(questionnaire), _bad(questionnaire, field_text, value))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert (Response.objects.count(), Answer.objects.count()) == (0, 0)


def test_option_of_another_question_is_refused(member_client, questionnaire):
    sectors = questionnaire.questions.get(text="Sectors")
    other_option = sectors.choices.first().pk

    response = member_client.post(
        _url(questionnaire), _bad(questionnaire, "Your role", str(other_option))
    )

    assert response.status_code == 400
    assert Response.objects.count() == 0


def test_invalid_change_keeps_the_earlier_answers(member_client, questionnaire):
    member_client.post(_url(questionnaire), answers_for(questionnaire, scale=3))

    member_client.post(_url(questionnaire), _bad(questionnaire, "Relevance", "9"))

    assert Answer.objects.get(question__text="Relevance").scale == 3
    assert Answer.objects.count() == 5


def test_closed_questionnaire_cannot_be_answered(member_client, questionnaire):
    questionnaire.is_open = False
    questionnaire.save()

    response = member_client.post(_url(questionnaire), answers_for(questionnaire))

    assert response.status_code == 403
    assert Response.objects.count() == 0


def test_csv_export_neutralises_formulas(client, questionnaire):
    for n, text in enumerate(['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "plain"]):
        respondent = UserFactory(full_name=f"=Name{n}" if n == 0 else f"Person {n}")
        client.force_login(respondent)
        data = answers_for(questionnaire)
        data[f"question_{questionnaire.questions.get(text='Company').pk}"] = text
        client.post(_url(questionnaire), data)
    client.force_login(questionnaire.topic.proposer)

    response = client.get(
        reverse("sponsorship:questionnaire_export", args=[questionnaire.topic.slug])
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "respondent", "answered_at", "Your role", "Relevance", "Sectors", "Company", "Expectations"
    ]  # fmt: skip
    assert [row[5] for row in rows[1:]] == [
        '\'=HYPERLINK("http://x")',
        "'+1+1",
        "'-2",
        "'@SUM(A1)",
        "plain",
    ]
    assert rows[1][0] == "'=Name0"
    assert rows[1][4] == "Tech; Retail"


@pytest.mark.parametrize("respondents", [1, 100])
def test_results_page_queries_are_constant(client, django_assert_num_queries, respondents):
    from sponsorship import services

    questionnaire = questionnaire_with_every_kind()
    questions = list(questionnaire.questions.prefetch_related("choices"))
    for _n in range(respondents):
        services.response_submit(
            questionnaire=questionnaire,
            respondent=UserFactory(),
            answers={
                questions[0].pk: questions[0].choices.first(),
                questions[1].pk: 4,
                questions[2].pk: list(questions[2].choices.all()),
                questions[3].pk: "Acme",
            },
        )
    client.force_login(questionnaire.topic.proposer)

    with django_assert_num_queries(16):
        response = client.get(
            reverse("sponsorship:questionnaire_results", args=[questionnaire.topic.slug])
        )

    page = response.content.decode()
    assert f"{respondents} respondent" in page
    assert f"<span>Manager</span><span>{respondents} (100 %)</span>" in page
