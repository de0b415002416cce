import pytest

from tests.factories import (
    ChannelFactory,
    CommentFactory,
    ParticipationRequestFactory,
    SponsorshipInterestFactory,
    TopicFactory,
    UserFactory,
)

ROLES = ["anonymous", "member", "proposer", "other_organizer", "channel_organizer", "admin"]


@pytest.fixture
def desk():
    """A proposed topic on a channel, with its people and the things awaiting decisions."""
    channel = ChannelFactory(name="IT & digital")
    other_channel = ChannelFactory(name="HR & management")
    channel_organizer = UserFactory(full_name="Chan Organizer")
    channel.organizers.add(channel_organizer)
    other_organizer = UserFactory(full_name="Other Organizer")
    other_channel.organizers.add(other_organizer)
    proposer = UserFactory(full_name="Paula Proposer", preferred_language="fr")
    topic = TopicFactory(channel=channel, proposer=proposer, title="Zero trust in practice")
    applicant = UserFactory(full_name="Andy Applicant")
    request = ParticipationRequestFactory(topic=topic, applicant=applicant)
    comment = CommentFactory(topic=topic, body="Buy my product!")
    lead = SponsorshipInterestFactory(topic=topic)
    return {
        "topic": topic,
        "request": request,
        "comment": comment,
        "lead": lead,
        "applicant": applicant,
        "anonymous": None,
        "member": UserFactory(),
        "proposer": proposer,
        "other_organizer": other_organizer,
        "channel_organizer": channel_organizer,
        "admin": UserFactory(is_staff=True, is_superuser=True),
    }


@pytest.fixture
def as_desk_role(client, desk):
    def login(role):
        if desk[role] is not None:
            client.force_login(desk[role])
        return client

    return login
