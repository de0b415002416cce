import pytest
from django.urls import reverse

from sponsorship.models import Questionnaire, QuestionnaireTemplate
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def _formset(*questions, total=None):
    data = {
        "title": "About you",
        "intro": "Two minutes.",
        "is_open": "on",
        "form-TOTAL_FORMS": str(total or len(questions)),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "40",
    }
    for n, question in enumerate(questions):
        for key, value in question.items():
            data[f"form-{n}-{key}"] = value
    return data


def test_proposer_builds_a_questionnaire(client):
    topic = TopicFactory()
    client.force_login(topic.proposer)

    response = client.post(
        reverse("sponsorship:questionnaire_edit", args=[topic.slug]),
        _formset(
            {"text": "Your sector?", "kind": "single", "required": "on", "options": "A\nB\nA"},
            {"text": "Why?", "kind": "long_text"},
            {"text": "", "kind": "short_text"},
        ),
    )

    assert response.status_code == 302
    questionnaire = Questionnaire.objects.get(topic=topic)
    assert (questionnaire.title, questionnaire.is_open) == ("About you", True)
    assert [(q.text, q.kind, q.required) for q in questionnaire.questions.all()] == [
        ("Your sector?", "single", True),
        ("Why?", "long_text", False),
    ]
    assert list(questionnaire.questions.first().choices.values_list("label", flat=True)) == [
        "A",
        "B",
    ]


def test_choice_question_needs_two_options(client):
    topic = TopicFactory()
    client.force_login(topic.proposer)

    response = client.post(
        reverse("sponsorship:questionnaire_edit", args=[topic.slug]),
        _formset({"text": "Pick", "kind": "multiple", "options": "Only one"}),
    )

    assert response.status_code == 400
    assert "A choice question needs at least two options." in response.content.decode()
    assert not Questionnaire.objects.exists()


def test_template_questions_are_copied_from_the_edit_page(client):
    topic = TopicFactory()
    template = QuestionnaireTemplate.objects.create(name="Standard audience profile")
    template.questions.create(text="Company size?", kind="single", options="Small\nLarge")
    client.force_login(topic.proposer)

    client.post(
        reverse("sponsorship:questionnaire_from_template", args=[topic.slug]),
        {"template": template.pk},
    )

    page = client.get(reverse("sponsorship:questionnaire_edit", args=[topic.slug]))
    assert "Company size?" in page.content.decode()
    assert Questionnaire.objects.get().template == template


def test_an_option_over_the_limit_is_refused_and_kept(client):
    topic = TopicFactory()
    client.force_login(topic.proposer)
    long_option = "o" * 201

    response = client.post(
        reverse("sponsorship:questionnaire_edit", args=[topic.slug]),
        _formset({"text": "Pick", "kind": "single", "options": f"Short\n{long_option}"}),
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert f"An option holds up to 200 characters; “{'o' * 30}…” has 201." in page
    assert f">\nShort\n{long_option}</textarea>" in page
    assert not Questionnaire.objects.exists()


def test_question_fields_show_their_limits(client):
    topic = TopicFactory()
    client.force_login(topic.proposer)

    page = client.get(reverse("sponsorship:questionnaire_edit", args=[topic.slug]))

    html = page.content.decode()
    assert 'name="form-0-text" maxlength="300"' in html
    assert "Up to 300 characters." in html
    assert "Up to 200 characters per option." in html


def test_a_template_option_over_the_limit_is_refused_not_cut(client):
    topic = TopicFactory()
    template = QuestionnaireTemplate.objects.create(name="Long options")
    template.questions.create(text="Size?", kind="single", options=f"Small\n{'L' * 201}")
    client.force_login(topic.proposer)

    response = client.post(
        reverse("sponsorship:questionnaire_from_template", args=[topic.slug]),
        {"template": template.pk},
        follow=True,
    )

    assert f"An option holds up to 200 characters; “{'L' * 30}…” has 201." in (
        response.content.decode()
    )
    assert not Questionnaire.objects.exists()


def test_the_editor_explains_options_in_the_readers_language(client):
    topic = TopicFactory()
    topic.proposer.preferred_language = "fr"
    topic.proposer.save()
    client.force_login(topic.proposer)

    page = client.get(reverse("sponsorship:questionnaire_edit", args=[topic.slug])).content.decode()

    assert "Up to 200 characters per option." not in page
    assert "200 caractères" in page
