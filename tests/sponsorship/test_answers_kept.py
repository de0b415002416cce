"""Editing a questionnaire never loses answers: answered items are retired, not destroyed."""

import csv
import io

import pytest
from django.db.models import RestrictedError
from django.forms import ValidationError
from django.urls import reverse

from sponsorship import selectors, services
from sponsorship.models import Answer, Choice, Question, QuestionKind
from tests.factories import OrganizerFactory, UserFactory, questionnaire_with_every_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered():
    """Two members chose "Manager" and wrote their company."""
    questionnaire = questionnaire_with_every_kind()
    role = questionnaire.questions.get(text="Your role")
    company = questionnaire.questions.get(text="Company")
    manager = role.choices.get(label="Manager")
    for name in ("Acme", "Globex"):
        services.response_submit(
            questionnaire=questionnaire,
            respondent=UserFactory(),
            answers={role.pk: manager, company.pk: name},
        )
    return questionnaire


def _item(question, **changes):
    return {
        "id": question.pk,
        "text": question.text,
        "help_text": question.help_text,
        "kind": question.kind,
        "required": question.required,
        "options": [c.label for c in question.choices.filter(retired_at=None)],
        "delete": False,
        **changes,
    }


def _save(questionnaire, items, confirm=False):
    return services.questionnaire_save(
        topic=questionnaire.topic,
        title=questionnaire.title,
        intro="",
        is_open=True,
        questions=items,
        confirm_retirements=confirm,
    )


def _role(questionnaire):
    return questionnaire.questions.get(text="Your role", retired_at=None)


def _results(questionnaire):
    data = selectors.questionnaire_results(questionnaire=questionnaire)
    return [
        (
            r.question.text,
            r.question.is_retired,
            r.answered,
            [(o.label, o.count, o.retired) for o in r.options],
            r.texts,
        )
        for r in data["results"]
        if r.question.text in ("Your role", "Company")
    ]


def _csv(client, questionnaire):
    client.force_login(questionnaire.topic.proposer)
    response = client.get(
        reverse("sponsorship:questionnaire_export", args=[questionnaire.topic.slug])
    )
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_removing_an_answered_option_asks_first_and_changes_nothing(answered):
    role = _role(answered)

    with pytest.raises(services.RetirementNotConfirmed) as raised:
        _save(answered, [_item(role, options=["Engineer", "Other"])])

    assert raised.value.messages == [
        "The option “Manager” of “Your role” was chosen 2 times: it will be retired "
        "(no longer offered) and kept with its answers in the results."
    ]
    assert list(role.choices.values_list("label", "retired_at")) == [
        ("Manager", None),
        ("Engineer", None),
        ("Other", None),
    ]


def test_a_confirmed_option_removal_retires_it_with_its_answers(client, answered):
    role = _role(answered)

    _save(answered, [_item(role, options=["Engineer", "Other"])], confirm=True)

    manager = Choice.objects.get(label="Manager")
    assert manager.is_retired
    assert manager.answers.count() == 2
    assert _results(answered)[0] == (
        "Your role",
        False,
        2,
        [("Engineer", 0, False), ("Other", 0, False), ("Manager", 2, True)],
        [],
    )
    rows = _csv(client, answered)
    assert [row[2] for row in rows] == ["Your role", "Manager (retired)", "Manager (retired)"]


def test_putting_a_retired_option_back_restores_its_answers(answered):
    role = _role(answered)
    _save(answered, [_item(role, options=["Engineer", "Other"])], confirm=True)

    _save(answered, [_item(role, options=["Manager", "Engineer", "Other"])])

    assert list(role.choices.values_list("label", "retired_at")) == [
        ("Manager", None),
        ("Engineer", None),
        ("Other", None),
    ]
    assert _results(answered)[0][3] == [
        ("Manager", 2, False),
        ("Engineer", 0, False),
        ("Other", 0, False),
    ]


def test_an_unanswered_option_is_deleted_without_asking(answered):
    role = _role(answered)

    _save(answered, [_item(role, options=["Manager", "Engineer"])])

    assert list(role.choices.values_list("label", flat=True)) == ["Manager", "Engineer"]


def test_changing_the_type_of_an_answered_question_starts_a_new_version(client, answered):
    role = _role(answered)
    company = answered.questions.get(text="Company")

    with pytest.raises(services.RetirementNotConfirmed) as raised:
        _save(answered, [_item(role), _item(company, kind=QuestionKind.LONG_TEXT)])
    assert raised.value.messages == [
        "“Company” has 2 answers: changing its type retires it, kept with its answers in "
        "the results, and starts a new question."
    ]
    _save(answered, [_item(role), _item(company, kind=QuestionKind.LONG_TEXT)], confirm=True)

    company.refresh_from_db()
    assert (company.kind, company.is_retired, company.answers.count()) == ("short_text", True, 2)
    new_company = answered.questions.get(text="Company", retired_at=None)
    assert (new_company.kind, new_company.order) == ("long_text", 1)
    assert _results(answered)[1:] == [
        ("Company", False, 0, [], []),
        ("Company", True, 2, [], ["Acme", "Globex"]),
    ]
    rows = _csv(client, answered)
    assert rows[0][-2:] == ["Company (retired)", "Expectations"]
    assert [row[-2] for row in rows[1:]] == ["Acme", "Globex"]


def test_deleting_an_answered_question_retires_it(client, member_client, answered):
    company = answered.questions.get(text="Company")

    _save(answered, [_item(company, delete=True)], confirm=True)

    company.refresh_from_db()
    assert (company.is_retired, company.answers.count()) == (True, 2)
    page = member_client.get(
        reverse("sponsorship:questionnaire_answer", args=[answered.topic.slug])
    ).content.decode()
    assert f'name="question_{company.pk}"' not in page
    client.force_login(answered.topic.proposer)
    results = client.get(
        reverse("sponsorship:questionnaire_results", args=[answered.topic.slug])
    ).content.decode()
    assert '>Company <span class="badge text-bg-secondary">Retired</span></h2>' in results
    assert "<li>Acme</li>" in results


def test_an_unanswered_question_is_deleted_without_asking(answered):
    expectations = answered.questions.get(text="Expectations")

    _save(answered, [_item(expectations, delete=True)])

    assert not Question.objects.filter(pk=expectations.pk).exists()


def test_changing_answers_keeps_the_answers_to_retired_questions(answered):
    company = answered.questions.get(text="Company")
    _save(answered, [_item(company, delete=True)], confirm=True)
    respondent = company.answers.get(text="Acme").response.respondent
    role = _role(answered)

    services.response_submit(
        questionnaire=answered,
        respondent=respondent,
        answers={role.pk: role.choices.get(label="Engineer")},
    )

    assert sorted(company.answers.values_list("text", flat=True)) == ["Acme", "Globex"]


def test_the_database_refuses_to_delete_answered_questions_and_options(answered):
    role = _role(answered)

    with pytest.raises(RestrictedError):
        role.choices.get(label="Manager").delete()
    with pytest.raises(RestrictedError):
        role.delete()

    assert Answer.objects.filter(question=role).count() == 2


def test_an_answered_question_cannot_change_type_through_model_validation(answered):
    role = _role(answered)
    role.kind = QuestionKind.MULTIPLE

    with pytest.raises(ValidationError) as raised:
        role.full_clean()

    assert raised.value.message_dict == {
        "kind": [
            "This question has answers, so its type cannot change: retire it and add a new "
            "question."
        ]
    }


def test_deleting_the_topic_still_deletes_its_questionnaire_and_answers(answered):
    answered.topic.delete()

    assert (Question.objects.count(), Choice.objects.count(), Answer.objects.count()) == (0, 0, 0)


# The edit page ------------------------------------------------------------------


def _edit_data(questionnaire, **changes):
    questions = list(questionnaire.questions.filter(retired_at=None))
    data = {
        "title": questionnaire.title,
        "intro": "",
        "is_open": "on",
        "form-TOTAL_FORMS": str(len(questions)),
        "form-INITIAL_FORMS": str(len(questions)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "40",
    }
    for n, question in enumerate(questions):
        data[f"form-{n}-id"] = str(question.pk)
        data[f"form-{n}-text"] = question.text
        data[f"form-{n}-kind"] = question.kind
        data[f"form-{n}-options"] = "\n".join(
            question.choices.filter(retired_at=None).values_list("label", flat=True)
        )
        if question.required:
            data[f"form-{n}-required"] = "on"
    data.update(changes)
    return data


def test_edit_page_says_which_questions_hold_answers(client, answered):
    client.force_login(answered.topic.proposer)

    page = client.get(
        reverse("sponsorship:questionnaire_edit", args=[answered.topic.slug])
    ).content.decode()

    assert page.count("This question has 2 answers, which are kept") == 2


def test_edit_page_asks_before_retiring_then_saves_on_confirmation(client, answered):
    organizer = OrganizerFactory()
    client.force_login(organizer)
    url = reverse("sponsorship:questionnaire_edit", args=[answered.topic.slug])
    data = _edit_data(answered, **{"form-0-options": "Engineer\nOther"})

    asked = client.post(url, data)

    page = asked.content.decode()
    assert asked.status_code == 200
    assert "This edit affects answers already given. Nothing is saved yet." in page
    assert (
        "<li>The option “Manager” of “Your role” was chosen 2 times: it will be retired "
        "(no longer offered) and kept with its answers in the results.</li>"
    ) in page
    assert 'name="confirm_retirements" value="1"' in page
    assert ">\nEngineer\nOther</textarea>" in page
    assert Choice.objects.get(label="Manager").retired_at is None

    confirmed = client.post(url, {**data, "confirm_retirements": "1"})

    assert confirmed.status_code == 302
    assert Choice.objects.get(label="Manager").is_retired
    edit = client.get(url).content.decode()
    assert ">\nEngineer\nOther</textarea>" in edit


def test_edit_page_lists_retired_questions(client, answered):
    company = answered.questions.get(text="Company")
    _save(answered, [_item(company, delete=True)], confirm=True)
    client.force_login(answered.topic.proposer)

    page = client.get(
        reverse("sponsorship:questionnaire_edit", args=[answered.topic.slug])
    ).content.decode()

    assert "Retired questions" in page
    assert f'name="form-3-id" value="{company.pk}"' not in page
    assert "<li>Company <small" in page


# The admin ----------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_cannot_delete_an_answered_question(admin_client, answered):
    role = _role(answered)

    page = admin_client.get(reverse("admin:sponsorship_question_delete", args=[role.pk]))
    admin_client.post(reverse("admin:sponsorship_question_delete", args=[role.pk]), {"post": "yes"})

    assert page.status_code == 403
    assert Answer.objects.filter(question=role).count() == 2


def _admin_question_data(question, *, with_choices: bool = True) -> dict:
    """The admin's change form of a question, as it comes, with its options inline."""
    choices = list(question.choices.all()) if with_choices else []
    data = {
        "questionnaire": question.questionnaire_id,
        "order": question.order,
        "text": question.text,
        "help_text": "",
        "kind": question.kind,
        "required": "on",
        "choices-TOTAL_FORMS": str(len(choices)),
        "choices-INITIAL_FORMS": str(len(choices)),
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }
    for n, choice in enumerate(choices):
        data |= {
            f"choices-{n}-id": choice.pk,
            f"choices-{n}-question": question.pk,
            f"choices-{n}-order": choice.order,
            f"choices-{n}-label": choice.label,
        }
    return data


def test_admin_inline_cannot_delete_an_answered_option(admin_client, answered):
    role = _role(answered)
    data = _admin_question_data(role)
    data["choices-0-DELETE"] = "on"

    response = admin_client.post(reverse("admin:sponsorship_question_change", args=[role.pk]), data)

    assert response.status_code == 200
    assert (
        "Deleting option Manager would require deleting the following protected related "
        "objects: chosen option"
    ) in response.content.decode()
    assert Choice.objects.get(label="Manager").answers.count() == 2


def test_admin_cannot_change_the_type_of_an_answered_question(admin_client, answered):
    role = _role(answered)
    data = _admin_question_data(role, with_choices=False) | {"kind": "short_text"}

    response = admin_client.post(reverse("admin:sponsorship_question_change", args=[role.pk]), data)

    assert response.status_code == 200
    assert "This question has answers, so its type cannot change" in response.content.decode()
    role.refresh_from_db()
    assert role.kind == "single"


def test_admin_cannot_rename_an_answered_option(admin_client, answered):
    role = _role(answered)
    data = _admin_question_data(role)
    data["choices-0-label"] = "Director"

    response = admin_client.post(reverse("admin:sponsorship_question_change", args=[role.pk]), data)

    assert response.status_code == 200
    assert (
        "This option has answers, so it cannot be renamed: retire it and add a new option."
    ) in response.content.decode()
    assert list(role.choices.values_list("label", flat=True)) == ["Manager", "Engineer", "Other"]


def test_a_retired_option_is_no_longer_offered(member_client, answered):
    role = _role(answered)
    _save(answered, [_item(role, options=["Engineer", "Other"])], confirm=True)
    manager = Choice.objects.get(label="Manager")
    url = reverse("sponsorship:questionnaire_answer", args=[answered.topic.slug])

    relevance = answered.questions.get(text="Relevance")

    page = member_client.get(url).content.decode()
    response = member_client.post(
        url, {f"question_{role.pk}": manager.pk, f"question_{relevance.pk}": "3"}
    )

    assert f'name="question_{role.pk}" value="{manager.pk}"' not in page
    assert f'name="question_{role.pk}" value="{role.choices.get(label="Engineer").pk}"' in page
    assert response.status_code == 400
    assert manager.answers.count() == 2
