import pytest

from tests.factories import (
    FeedbackFactory,
    OrganizerFactory,
    ParticipationRequestFactory,
    TopicFactory,
    UserFactory,
)
from topics.models import ParticipationStatus, TopicStatus

ROLES = ["anonymous", "member", "proposer", "co_proposer", "participant", "organizer"]


@pytest.fixture
def world():
    """A topic and one person in each role around it."""
    proposer = UserFactory(full_name="Paula Proposer")
    co_proposer = UserFactory(full_name="Cora Coproposer")
    participant = UserFactory(full_name="Pierre Participant")
    topic = TopicFactory(proposer=proposer, status=TopicStatus.PROPOSED, title="The world topic")
    topic.co_proposers.add(co_proposer)
    ParticipationRequestFactory(
        topic=topic, applicant=participant, status=ParticipationStatus.ACCEPTED
    )
    FeedbackFactory(topic=topic, body="Only for the proposer's eyes")
    return {
        "topic": topic,
        "anonymous": None,
        "member": UserFactory(full_name="Mona Member"),
        "proposer": proposer,
        "co_proposer": co_proposer,
        "participant": participant,
        "organizer": OrganizerFactory(full_name="Otto Organizer"),
    }


@pytest.fixture
def as_role(client, world):
    def login(role):
        if world[role] is not None:
            client.force_login(world[role])
        return client

    return login
