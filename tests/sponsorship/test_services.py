import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from sponsorship import services
from sponsorship.models import (
    Choice,
    InterestStatus,
    QuestionKind,
    QuestionnaireTemplate,
    Response,
    SponsorshipInterest,
)
from tests.factories import (
    SponsorshipInterestFactory,
    TopicFactory,
    UserFactory,
    questionnaire_with_every_kind,
)
from tests.topics.test_services import _race

pytestmark = pytest.mark.django_db

FIELDS = {
    "organisation": "Acme",
    "contact_name": "Ann",
    "contact_email": "ann@example.com",
    "support_kind": "main",
    "budget_band": "over_50k",
}


def test_one_open_interest_per_member_then_again_after_withdrawal():
    topic, member = TopicFactory(), UserFactory()
    first = services.sponsorship_interest_record(topic=topic, member=member, **FIELDS)

    with pytest.raises(ValidationError):
        services.sponsorship_interest_record(topic=topic, member=member, **FIELDS)
    services.sponsorship_interest_withdraw(interest=first, by=member)
    services.sponsorship_interest_record(topic=topic, member=member, **FIELDS)

    assert list(SponsorshipInterest.objects.order_by("pk").values_list("status", flat=True)) == [
        "withdrawn",
        "new",
    ]


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        (["in_discussion", "confirmed"], True),
        (["confirmed"], True),
        (["declined", "confirmed"], False),
        (["in_discussion", "new"], False),
    ],
)
def test_interest_status_transitions(path, allowed):
    interest = SponsorshipInterestFactory()
    try:
        for status in path:
            services.sponsorship_interest_decide(interest=interest, status=status)
    except ValidationError:
        assert not allowed
    else:
        assert allowed
    interest.refresh_from_db()
    assert interest.status == (path[-1] if allowed else path[0])


def test_template_copy_keeps_questions_and_options():
    template = QuestionnaireTemplate.objects.create(name="Audience")
    template.questions.create(order=0, text="Size?", kind=QuestionKind.SINGLE, options="S\nM\nL")
    template.questions.create(order=1, text="Why?", kind=QuestionKind.LONG_TEXT)
    topic = TopicFactory()

    questionnaire = services.questionnaire_copy_template(topic=topic, template=template)

    assert [(q.text, q.kind) for q in questionnaire.questions.all()] == [
        ("Size?", "single"),
        ("Why?", "long_text"),
    ]
    assert list(Choice.objects.values_list("label", flat=True)) == ["S", "M", "L"]


def test_questionnaire_save_keeps_answers_of_unchanged_options():
    questionnaire = questionnaire_with_every_kind()
    role = questionnaire.questions.get(text="Your role")
    manager = role.choices.get(label="Manager")
    member = UserFactory()
    services.response_submit(
        questionnaire=questionnaire, respondent=member, answers={role.pk: manager}
    )

    services.questionnaire_save(
        topic=questionnaire.topic,
        title="New title",
        intro="",
        is_open=True,
        questions=[
            {"id": role.pk, "text": "Role", "help_text": "", "kind": "single",
             "required": True, "options": ["Manager", "Director"]},
        ],
    )  # fmt: skip

    assert list(role.choices.values_list("label", flat=True)) == ["Manager", "Director"]
    assert list(manager.answers.values_list("response__respondent", flat=True)) == [member.pk]
    assert questionnaire.questions.count() == 5


def test_closed_questionnaire_refuses_answers():
    questionnaire = questionnaire_with_every_kind()
    questionnaire.is_open = False
    questionnaire.save()

    with pytest.raises(ValidationError):
        services.response_submit(questionnaire=questionnaire, respondent=UserFactory(), answers={})

    assert Response.objects.count() == 0


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_sponsor_interests_leave_one_open_row():
    topic, member = TopicFactory(), UserFactory()

    errors = _race(
        lambda: services.sponsorship_interest_record(topic=topic, member=member, **FIELDS)
    )

    assert all(isinstance(e, ValidationError) for e in errors)
    assert SponsorshipInterest.objects.filter(status=InterestStatus.NEW).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_questionnaire_answers_leave_one_response():
    questionnaire = questionnaire_with_every_kind()
    member = UserFactory()
    company = questionnaire.questions.get(text="Company")

    errors = _race(
        lambda: services.response_submit(
            questionnaire=questionnaire, respondent=member, answers={company.pk: "Acme"}
        )
    )

    assert errors == []
    assert Response.objects.count() == 1
    assert list(company.answers.values_list("text", flat=True)) == ["Acme"]
