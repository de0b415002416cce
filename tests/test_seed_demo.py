import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from comments.models import Comment
from topics.models import Channel, Opinion, Topic

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(m.objects.count() for m in (Channel, User, Topic, Comment, Opinion))


def test_seed_demo_is_idempotent_and_fills_the_site(settings):
    settings.DEBUG = True

    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")

    assert _counts() == first
    assert first[:3] == (9, 5, 12)
    assert list(Channel.objects.values_list("name", flat=True)[:2]) == [
        "IT & digital",
        "HR & management",
    ]
    assert User.objects.get(email="organizer@webcastory.local").check_password("webcastory-demo")


def test_seed_demo_refuses_known_passwords_in_production(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("seed_demo")

    assert User.objects.count() == 0
