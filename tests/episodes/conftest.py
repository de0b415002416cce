import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import ChannelFactory, EpisodeFactory, OrganizerFactory, UserFactory

VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
Welcome to the show about grid storage.

00:01:05.500 --> 00:01:09.000
<v Ada>Batteries are the BACKBONE of the grid.

00:02:00.000 --> 00:02:03.000
Thank you for watching.
"""


def vtt_upload(text: str = VTT, name: str = "episode.vtt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/vtt")


def client_for(member) -> Client:
    client = Client()
    if member is not None:
        client.force_login(member)
    return client


@pytest.fixture
def episode():
    return EpisodeFactory()


@pytest.fixture
def channel_organizer(episode):
    """Organizes the episode's channel only (not the Organizers group)."""
    member = UserFactory(full_name="Chan Organizer")
    episode.topic.channel.organizers.add(member)
    return member


@pytest.fixture
def organizer():
    return OrganizerFactory(full_name="Olga Organizer")


@pytest.fixture
def other_channel():
    return ChannelFactory()
