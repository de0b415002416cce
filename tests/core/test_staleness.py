"""The staleness matrix: a write shows on the very next request, whoever makes it.

Each row is a piece of data shown on cached pages, each column a way to write
it (a service, an admin change, an admin action, the member's own pages, the
shell through a management command), and each page that shows it is read
warm (cached) before the write and again after it. The coverage tests at the
end fail when a model registered in the admin is neither watched by
core.versions nor declared here as shown on no cached page.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import PendingMail, User
from accounts.services import account_delete, profile_update
from comments import services as comment_services
from comments.models import Comment, CommentReport, CommentUseful, TopicThread
from core import versions
from episodes.models import Chapter, Episode
from notifications.models import Digest, LastMail, Notification, NotificationPreference
from sponsorship.models import (
    Answer,
    Choice,
    InterestStatus,
    Question,
    Questionnaire,
    QuestionnaireTemplate,
    Response,
    SponsorshipInterest,
    TemplateQuestion,
)
from sponsorship.services import sponsorship_interest_decide
from tests.adminforms import admin_action, admin_change
from tests.factories import (
    ChannelFactory,
    CommentFactory,
    OpinionFactory,
    OrganizerFactory,
    ParticipationRequestFactory,
    SponsorshipInterestFactory,
    TopicFactory,
    UserFactory,
)
from topics import services
from topics.models import (
    Channel,
    CoProposerInvitation,
    Feedback,
    Opinion,
    OpinionChoice,
    ParticipationRequest,
    ParticipationStatus,
    Studio,
    Topic,
    TopicFollow,
    TopicStatus,
    TopicTransition,
)

pytestmark = pytest.mark.django_db

# Models the admin can edit that no cached page shows, and where they are shown instead.
UNCACHED = {
    Feedback: "the proposers' topic page and My space, rendered per request",
    CoProposerInvitation: "My space and the edit page, rendered per request",
    TopicTransition: "the workspace, rendered per request",
    CommentReport: "the workspace; hiding a comment is a Comment write",
    CommentUseful: "counted on Comment.useful_count, a Comment write",
    TopicFollow: "the member's own follow button, rendered per request",
    TopicThread: "the numbering counter; the numbers are on Comment rows",
    Notification: "the member's notifications page, rendered per request",
    NotificationPreference: "the member's settings page, rendered per request",
    QuestionnaireTemplate: "the organizers' templates, copied into questionnaires",
    TemplateQuestion: "the organizers' templates, copied into questionnaires",
    Answer: "the results page for proposers and organizers, rendered per request",
    EmailAddress: "the member's own e-mail settings, rendered per request",
    PendingMail: "the mail worker's queue",
    LastMail: "the hold interval's record of mails sent, shown nowhere",
    Digest: "the record of digests sent, shown in the admin only",
    DBTaskResult: "the task worker's queue, shown in the admin only",
    Group: "organizer roles, read per request by the rules",
    Site: "the feeds' and mails' domain, rendered per request",
}


# The world and its pages --------------------------------------------------------------


@pytest.fixture
def world():
    organizer = OrganizerFactory(full_name="Olga Organizer")
    proposer = UserFactory(full_name="Paula Proposer")
    commenter = UserFactory(full_name="Carl Commenter")
    reader = UserFactory(full_name="Rita Reader")
    channel = ChannelFactory(name="Energy")
    topic = TopicFactory(
        channel=channel, proposer=proposer, title="Grid storage", status=TopicStatus.ACCEPTED
    )
    comment = CommentFactory(topic=topic, author=commenter, body="Batteries first")
    return {
        "organizer": organizer,
        "proposer": proposer,
        "commenter": commenter,
        "reader": reader,
        "channel": channel,
        "topic": topic,
        "comment": comment,
    }


def _as(member) -> Client:
    client = Client()
    if member is not None:
        client.force_login(member)
    return client


PAGES = {
    "topic (visitor)": (None, lambda w: w["topic"].get_absolute_url()),
    "topic (member)": ("reader", lambda w: w["topic"].get_absolute_url()),
    "channel": (None, lambda w: w["channel"].get_absolute_url()),
    "home": (None, lambda w: reverse("home")),
    "search": (None, lambda w: reverse("topics:search") + "?q=Grid"),
    "feed": (None, lambda w: reverse("topics:channel_feed_rss", args=[w["channel"].slug])),
    "comments feed": (
        None,
        lambda w: reverse("comments:topic_comments_feed", args=[w["topic"].slug]),
    ),
    "comment page": (
        "reader",
        lambda w: reverse("comments:comment_detail", args=[w["comment"].pk]),
    ),
    "conversation": (
        None,
        lambda w: reverse("comments:comment_conversation", args=[w["comment"].pk]),
    ),
    "workspace": ("organizer", lambda w: reverse("topics:workspace_topic", args=[w["topic"].slug])),
    "my space": ("proposer", lambda w: reverse("topics:my_space")),
}


# Visitors get these whole from the page cache: the warm read must be a hit, or the
# matrix would prove nothing about the cache.
VISITOR_CACHED = {"topic (visitor)", "channel", "home", "search", "conversation"}


def _read(world, pages, *, warm: bool = True) -> dict[str, str]:
    """Each page, as its reader gets it (read twice: the second read is from the caches,
    which for visitors' pages is checked)."""
    seen = {}
    for name in pages:
        who, url = PAGES[name]
        client = _as(world[who] if who else None)
        first = client.get(url(world), follow=True)
        response = client.get(url(world), follow=True)
        assert response.status_code == 200, name
        if warm and name in VISITOR_CACHED and first.status_code == 200:
            assert response.get("X-Page-Cache") == "hit", name
        seen[name] = response.content.decode()
    return seen


def shell(code: str) -> None:
    """A write from `manage.py shell -c`, a management command like any other."""
    call_command("shell", command=code)


# The matrix --------------------------------------------------------------------------

TOPIC_PAGES = ["topic (visitor)", "topic (member)", "channel", "home", "search", "feed",
               "comment page", "workspace", "my space"]  # fmt: skip


def _topic_title_by_service(w):
    services.topic_update(
        topic=w["topic"], actor=w["proposer"], data={"title": "Grid storage at scale"}
    )


def _topic_title_by_admin(w):
    admin_change(w["topic"], title="Grid storage at scale")


def _topic_title_by_shell(w):
    shell(
        "from topics.models import Topic; t = Topic.objects.get(title='Grid storage'); "
        "t.title = 'Grid storage at scale'; t.save()"
    )


@pytest.mark.parametrize(
    "write", [_topic_title_by_service, _topic_title_by_admin, _topic_title_by_shell]
)
def test_a_topic_title_shows_everywhere_at_once(world, write):
    _read(world, TOPIC_PAGES)
    write(world)
    for name, page in _read(world, TOPIC_PAGES).items():
        assert "Grid storage at scale" in page, name


COMMENT_PAGES = ["topic (visitor)", "topic (member)", "comments feed", "comment page",
                 "conversation"]  # fmt: skip


def _comment_edit_by_service(w):
    comment_services.comment_edit(
        comment=w["comment"], by=w["commenter"], body="Pumped hydro first"
    )


def _comment_edit_by_admin(w):
    admin_change(w["comment"], body="Pumped hydro first")


def _comment_edit_by_shell(w):
    shell(
        f"from comments.models import Comment; Comment.objects.filter(pk={w['comment'].pk})"
        ".update(body='Pumped hydro first', body_html='<p>Pumped hydro first</p>')"
    )


@pytest.mark.parametrize(
    "write", [_comment_edit_by_service, _comment_edit_by_admin, _comment_edit_by_shell]
)
def test_an_edited_comment_shows_at_once(world, write):
    _read(world, COMMENT_PAGES)
    write(world)
    for name, page in _read(world, COMMENT_PAGES).items():
        assert "Pumped hydro first" in page, name
        assert "Batteries first" not in page, name


def _comment_hide_by_service(w):
    comment_services.comment_moderate(comment=w["comment"], actor=w["organizer"], hide=True)


def _comment_hide_by_admin(w):
    admin_change(w["comment"], hidden_at_0="2026-12-01", hidden_at_1="10:00:00")


def _comment_gone_by_admin_action(w):
    admin_action(Comment, "delete_selected", [w["comment"]])


@pytest.mark.parametrize(
    "write", [_comment_hide_by_service, _comment_hide_by_admin, _comment_gone_by_admin_action]
)
def test_a_hidden_or_removed_comment_leaves_the_thread_at_once(world, write):
    pages = ["topic (visitor)", "topic (member)", "comments feed"]  # its page is gone
    _read(world, pages)
    write(world)
    for name, page in _read(world, pages).items():
        assert "Batteries first" not in page, name


MEMBER_PAGES = ["topic (visitor)", "topic (member)", "home", "channel", "workspace"]


def _rename_by_profile(w):
    client = _as(w["proposer"])
    response = client.post(
        reverse("accounts:profile_edit"),
        {"full_name": "Paula Renamed", "preferred_language": "en"},
    )
    assert response.status_code == 302


def _rename_by_service(w):
    profile_update(user=w["proposer"], data={"full_name": "Paula Renamed"})


def _rename_by_admin(w):
    admin_change(w["proposer"], full_name="Paula Renamed")


def _rename_by_shell(w):
    shell(
        "from accounts.models import User; u = User.objects.get(full_name='Paula Proposer'); "
        "u.full_name = 'Paula Renamed'; u.save()"
    )


@pytest.mark.parametrize(
    "write", [_rename_by_profile, _rename_by_service, _rename_by_admin, _rename_by_shell]
)
def test_a_renamed_member_shows_renamed_at_once(world, write):
    CommentFactory(topic=world["topic"], author=world["proposer"], body="From the proposer")
    _read(world, MEMBER_PAGES)
    write(world)
    for name, page in _read(world, MEMBER_PAGES).items():
        assert "Paula Renamed" in page, name
        assert "Paula Proposer" not in page, name


@pytest.mark.parametrize("how", ["service", "admin action"])
def test_a_deleted_member_is_gone_from_every_page_at_once(world, how):
    pages = ["topic (visitor)", "topic (member)", "comments feed", "comment page", "conversation"]
    _read(world, pages)
    if how == "service":
        account_delete(user=world["commenter"])
    else:
        admin_action(User, "delete_selected", [world["commenter"]])
    for name, page in _read(world, pages).items():
        assert "Carl Commenter" not in page, name


def _channel_by_admin(w):
    admin_change(w["channel"], name="Energy and climate")


def _channel_by_shell(w):
    shell(
        "from topics.models import Channel; c = Channel.objects.get(name='Energy'); "
        "c.name = 'Energy and climate'; c.save()"
    )


@pytest.mark.parametrize("write", [_channel_by_admin, _channel_by_shell])
def test_a_renamed_channel_shows_at_once(world, write):
    pages = ["topic (visitor)", "topic (member)", "channel", "home", "my space"]
    _read(world, pages)
    write(world)
    for name, page in _read(world, pages).items():
        assert "Energy and climate" in page, name
        if name.startswith("topic"):
            # The breadcrumb, not only the menu every page has.
            assert re.search(r'breadcrumb-item"><a href="[^"]*">Energy and climate<', page), name


def _studio_by_service(w):
    services.studio_update(
        studio=w["studio"], actor=w["organizer"], data={"name": "Studio Volta", "city": "Lyon"}
    )


def _studio_by_admin(w):
    admin_change(w["studio"], name="Studio Volta", city="Lyon")


def _studio_by_shell(w):
    shell(
        "from topics.models import Studio; s = Studio.objects.get(name='Studio Ampere'); "
        "s.name = 'Studio Volta'; s.city = 'Lyon'; s.save()"
    )


@pytest.mark.parametrize("write", [_studio_by_service, _studio_by_admin, _studio_by_shell])
def test_a_renamed_studio_shows_on_the_topic_at_once(world, write):
    """The topic page names its recording's studio: an edit of the studio shows."""
    pages = ["topic (visitor)", "topic (member)", "workspace"]
    world["studio"] = Studio.objects.create(
        channel=world["channel"], name="Studio Ampere", city="Paris", address="1 rue A"
    )
    services.topic_schedule(
        topic=world["topic"],
        actor=world["organizer"],
        recording_at=timezone.now() + timedelta(days=3),
        studio=world["studio"],
    )
    _read(world, pages)
    write(world)
    for name, page in _read(world, pages).items():
        assert "Studio Volta, Lyon" in page, name
        assert "Studio Ampere" not in page, name


@pytest.mark.parametrize("how", ["service", "admin action"])
def test_opinions_show_at_once(world, how):
    pages = ["topic (visitor)", "topic (member)"]
    OpinionFactory(topic=world["topic"], choice=OpinionChoice.ESSENTIAL)
    _read(world, pages)
    if how == "service":
        services.opinion_set(
            topic=world["topic"], member=world["reader"], choice=OpinionChoice.ESSENTIAL
        )
        expected = "2 opinions"
    else:
        admin_action(Opinion, "delete_selected", Opinion.objects.all())
        expected = "0 opinions"
    for name, page in _read(world, pages).items():
        assert expected in page, name


@pytest.mark.parametrize("how", ["service", "admin"])
def test_a_participant_on_the_set_shows_at_once(world, how):
    pages = ["topic (visitor)", "topic (member)"]
    guest = UserFactory(full_name="Gina Guest")
    request = ParticipationRequestFactory(topic=world["topic"], applicant=guest)
    _read(world, pages)
    if how == "service":
        services.participation_request_decide(
            request=request, actor=world["organizer"], status=ParticipationStatus.ACCEPTED
        )
    else:
        admin_change(request, status=ParticipationStatus.ACCEPTED)
    for name, page in _read(world, pages).items():
        assert "Gina Guest" in page, name


@pytest.mark.parametrize("how", ["service", "admin"])
def test_a_confirmed_sponsor_shows_at_once(world, how):
    pages = ["topic (visitor)", "topic (member)"]
    interest = SponsorshipInterestFactory(
        topic=world["topic"], organisation="Volta Industries", may_name_publicly=True
    )
    _read(world, pages)
    if how == "service":
        sponsorship_interest_decide(
            interest=interest, actor=world["organizer"], status=InterestStatus.CONFIRMED
        )
    else:
        admin_change(interest, status=InterestStatus.CONFIRMED)
    for name, page in _read(world, pages).items():
        assert "Volta Industries" in page, name


# What retires nothing --------------------------------------------------------------


def _all_versions(world) -> dict[str, str]:
    topic, channel = world["topic"], world["channel"]
    names = [versions.topic(topic.pk), versions.topic_comments(topic.pk),
             versions.topic_activity(topic.pk), versions.channel(channel.pk),
             versions.member(world["reader"].pk), versions.LISTS, versions.CHANNELS]  # fmt: skip
    return versions.read(*names)


def test_log_in_language_preferences_and_follows_retire_nothing(world, password):
    reader = world["reader"]
    reader.set_password(password)
    reader.save()
    before = _all_versions(world)

    client = Client()
    client.post(reverse("account_login"), {"login": reader.email, "password": password})
    client.post(reverse("accounts:language_set"), {"language": "fr"})
    Client().post(reverse("accounts:language_set"), {"language": "fr"})  # a visitor's
    client.post(reverse("notifications:notification_preferences"), {})
    client.post(reverse("topics:topic_follow", args=[world["topic"].slug]))

    assert _all_versions(world) == before


def test_activity_keeps_the_topic_and_moves_only_its_own_version(world):
    topic = world["topic"]
    before = _all_versions(world)

    comment_services.comment_create(topic=topic, author=world["reader"], body="One more")

    after = _all_versions(world)
    moved = {name for name in before if before[name] != after[name]}
    assert moved == {versions.topic_comments(topic.pk), versions.LISTS}


# Coverage --------------------------------------------------------------------------


def test_every_model_in_the_admin_is_watched_or_declared_uncached():
    registered = {model for model in apps.get_models() if admin.site.is_registered(model)}
    unaccounted = registered - versions.watched_models() - set(UNCACHED)
    assert unaccounted == set(), (
        "Watch these in the app's versions.py, or say in UNCACHED why no cached page "
        f"shows them: {sorted(m._meta.label for m in unaccounted)}"
    )


# Each watched model, and the matrix rows that write it.
COVERED = {
    Topic: test_a_topic_title_shows_everywhere_at_once,
    Channel: test_a_renamed_channel_shows_at_once,
    Studio: test_a_renamed_studio_shows_on_the_topic_at_once,
    Comment: test_an_edited_comment_shows_at_once,
    Opinion: test_opinions_show_at_once,
    ParticipationRequest: test_a_participant_on_the_set_shows_at_once,
    User: test_a_renamed_member_shows_renamed_at_once,
    SponsorshipInterest: test_a_confirmed_sponsor_shows_at_once,
    Questionnaire: "tests/sponsorship: the audience block",
    Question: "tests/sponsorship: the audience block",
    Choice: "tests/sponsorship: the audience block",
    Response: "tests/sponsorship: the audience block",
    Episode: "tests/episodes/test_cache.py: the topic page's episode block",
    Chapter: "tests/episodes/test_cache.py: the episode page's chapters",
}


def test_every_watched_model_has_a_row_in_the_matrix_and_versioned_bulk_writes():
    assert versions.watched_models() == set(COVERED)
    for model in versions.watched_models():
        assert isinstance(model._default_manager.all(), versions.VersionedQuerySet), model
