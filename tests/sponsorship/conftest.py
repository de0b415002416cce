import pytest

from sponsorship import services
from sponsorship.models import InterestStatus
from tests.factories import (
    OrganizerFactory,
    SponsorshipInterestFactory,
    TopicFactory,
    UserFactory,
    questionnaire_with_every_kind,
)

ROLES = [
    "anonymous",
    "member",
    "respondent",
    "proposer",
    "organizer",
    "confirmed_sponsor",
    "declined_sponsor",
]


def answers_for(questionnaire, role_index=0, scale=4):
    questions = list(questionnaire.questions.prefetch_related("choices"))
    role, relevance, sectors, company, expectations = questions
    return {
        f"question_{role.pk}": list(role.choices.all())[role_index].pk,
        f"question_{relevance.pk}": scale,
        f"question_{sectors.pk}": [c.pk for c in list(sectors.choices.all())[:2]],
        f"question_{company.pk}": "Acme",
        f"question_{expectations.pk}": "Real numbers, please.",
    }


@pytest.fixture
def sponsor_world():
    topic = TopicFactory(title="Sponsorable topic")
    questionnaire = questionnaire_with_every_kind(topic=topic)
    confirmed = SponsorshipInterestFactory(topic=topic, organisation="Confirmed Corp")
    services.sponsorship_interest_decide(interest=confirmed, status=InterestStatus.CONFIRMED)
    declined = SponsorshipInterestFactory(topic=topic, organisation="Declined Ltd")
    services.sponsorship_interest_decide(interest=declined, status=InterestStatus.DECLINED)
    respondent = UserFactory()
    form_answers = answers_for(questionnaire)
    questions = {q.pk: q for q in questionnaire.questions.prefetch_related("choices")}
    services.response_submit(
        questionnaire=questionnaire,
        respondent=respondent,
        answers={
            int(key.split("_")[1]): _as_value(questions[int(key.split("_")[1])], value)
            for key, value in form_answers.items()
        },
    )
    return {
        "topic": topic,
        "questionnaire": questionnaire,
        "anonymous": None,
        "member": UserFactory(),
        "respondent": respondent,
        "proposer": topic.proposer,
        "organizer": OrganizerFactory(),
        "confirmed_sponsor": confirmed.member,
        "declined_sponsor": declined.member,
    }


def _as_value(question, value):
    choices = {c.pk: c for c in question.choices.all()}
    if isinstance(value, list):
        return [choices[v] for v in value]
    if question.has_choices:
        return choices[value]
    return value


@pytest.fixture
def as_sponsor_role(client, sponsor_world):
    def login(role):
        if sponsor_world[role] is not None:
            client.force_login(sponsor_world[role])
        return client

    return login
