"""A name after "de": French elides before a vowel sound, English says "from"/"of"."""

import pytest
from django.utils import translation

from core.names import from_name, of_name
from topics.models import InvitationStatus, ParticipationStatus, TopicStatus


@pytest.mark.parametrize(
    ("name", "french"),
    [
        ("Alice", "d'Alice"),
        ("Émilie", "d'Émilie"),
        ("yves", "d'yves"),
        ("  Olga", "d'  Olga"),
        ("Bob", "de Bob"),
        ("Hugo", "de Hugo"),
        ("“Isabelle”", "d'“Isabelle”"),
        ("", "de "),
    ],
)
def test_from_name_elides_before_a_vowel_sound_in_french(name, french):
    with translation.override("fr"):
        assert from_name(name) == french
    with translation.override("en"):
        assert from_name(name) == f"from {name}"


def test_of_name_in_both_languages():
    with translation.override("fr"):
        assert (of_name("IT & numérique"), of_name("Santé")) == (
            "d'IT & numérique",
            "de Santé",
        )
    with translation.override("en"):
        assert of_name("Energy") == "of Energy"


def test_requests_and_invitations_agree_in_the_feminine_topics_in_the_masculine():
    with translation.override("fr"):
        assert str(ParticipationStatus.ACCEPTED.label) == "Acceptée"
        assert str(ParticipationStatus.DECLINED.label) == "Refusée"
        assert str(InvitationStatus.ACCEPTED.label) == "Acceptée"
        assert str(TopicStatus.DECLINED.label) == "Refusé"
