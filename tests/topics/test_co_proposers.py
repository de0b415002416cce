"""Co-proposers join by accepting an invitation; the topic form tells nobody who is a member."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from notifications.models import Notification, NotificationKind
from tests.factories import ChannelFactory, OrganizerFactory, TopicFactory, UserFactory
from tests.topics.test_views import _proposal
from topics import services
from topics.models import (
    CoProposerInvitation,
    DecisionSubject,
    InvitationStatus,
    Topic,
    TopicStatus,
    TopicTransition,
)

pytestmark = pytest.mark.django_db

# Session, account, unread count, organizer role and each list of the page: one query each.
QUERIES_MY_SPACE = 10
INVITED = (
    "If these addresses belong to members, they are invited to bring the topic with you; "
    "they become co-proposers once they accept."
)


def _propose(client, channel, emails, title="Quantum-safe crypto for banks"):
    response = client.post(
        reverse("topics:topic_propose"),
        _proposal(channel, title=title, co_proposer_emails=emails, submit="1"),
        follow=True,
    )
    return response, Topic.objects.get(title=title)


def test_the_form_answers_the_same_for_a_member_and_a_stranger(member_client):
    channel = ChannelFactory()
    UserFactory(email="partner@example.com")

    known, _topic = _propose(member_client, channel, "partner@example.com", title="First one")
    unknown, _other = _propose(member_client, channel, "ghost@example.com", title="Second one")

    assert [str(m) for m in known.context["messages"]] == [
        "Your topic is proposed. The organizers will review it.",
        INVITED,
    ]
    assert [str(m) for m in unknown.context["messages"]] == [
        str(m) for m in known.context["messages"]
    ]
    assert (known.status_code, unknown.status_code) == (200, 200)
    assert sorted(CoProposerInvitation.objects.values_list("topic__title", "email", "status")) == [
        ("First one", "partner@example.com", InvitationStatus.PENDING),
        ("Second one", "ghost@example.com", InvitationStatus.PENDING),
    ]


def test_a_malformed_address_is_refused_without_saying_who_is_a_member(member_client):
    response = member_client.post(
        reverse("topics:topic_propose"),
        _proposal(ChannelFactory(), co_proposer_emails="not-an-address"),
    )

    assert response.status_code == 200
    assert "“not-an-address” is not an email address." in response.content.decode()
    assert Topic.objects.count() == 0


def test_the_edit_form_lists_invitations_alike_for_members_and_strangers(member_client, member):
    UserFactory(email="partner@example.com")
    topic = TopicFactory(proposer=member)
    services.co_proposer_invitations_set(
        topic=topic, emails=["partner@example.com", "ghost@example.com"], actor=member
    )

    page = member_client.get(reverse("topics:topic_edit", args=[topic.slug])).content.decode()

    assert "<li>ghost@example.com · Waiting for an answer</li>" in page
    assert "<li>partner@example.com · Waiting for an answer</li>" in page


def test_an_invitee_gets_nothing_until_they_accept(client, member_client, member):
    partner = UserFactory(email="partner@example.com", full_name="Pat Partner")
    _response, topic = _propose(member_client, ChannelFactory(), "Partner@Example.com")
    client.force_login(partner)

    before = client.get(topic.get_absolute_url()).content.decode()
    edit = client.get(reverse("topics:topic_edit", args=[topic.slug]))
    my_space = client.get(reverse("topics:my_space")).content.decode()

    assert list(topic.co_proposers.all()) == []
    card = f'<a href="{partner.get_absolute_url()}"><strong>Pat Partner</strong></a>'
    assert card not in before
    assert edit.status_code == 403
    assert (
        f"{member.display_name} invites you to bring the topic “Quantum-safe crypto for banks”"
        " with them." in my_space
    )
    assert 'name="answer" value="accept"' in my_space
    assert list(Notification.objects.filter(recipient=partner).values_list("kind", "url")) == [
        (NotificationKind.CO_PROPOSER_INVITATION, "/me/#invitations")
    ]

    invitation = CoProposerInvitation.objects.get()
    client.post(
        reverse("topics:co_proposer_invitation_answer", args=[invitation.pk]), {"answer": "accept"}
    )

    after = client.get(topic.get_absolute_url()).content.decode()
    assert list(topic.co_proposers.all()) == [partner]
    assert card in after
    assert client.get(reverse("topics:topic_edit", args=[topic.slug])).status_code == 200
    assert list(
        Notification.objects.filter(recipient=member).values_list("kind", "status_label")
    ) == [(NotificationKind.CO_PROPOSER_ANSWER, "Accepted")]
    assert list(
        TopicTransition.objects.filter(subject=DecisionSubject.CO_PROPOSER).values_list(
            "actor", "from_status", "to_status", "subject_label"
        )
    ) == [(partner.pk, "pending", "accepted", "Pat Partner")]


def test_a_pending_invitee_neither_reads_a_draft_nor_its_feedback(client, member):
    partner = UserFactory()
    topic = TopicFactory(proposer=member, status=TopicStatus.DRAFT)
    services.co_proposer_invitations_set(topic=topic, emails=[partner.email], actor=member)
    client.force_login(partner)

    assert client.get(topic.get_absolute_url()).status_code == 404
    assert not partner.has_perm("topics.view_feedback", topic)
    assert not partner.has_perm("topics.edit_topic", topic)


def test_an_invitee_who_declines_gets_nothing(client, member):
    partner = UserFactory()
    topic = TopicFactory(proposer=member)
    services.co_proposer_invitations_set(topic=topic, emails=[partner.email], actor=member)
    invitation = CoProposerInvitation.objects.get()
    client.force_login(partner)

    response = client.post(
        reverse("topics:co_proposer_invitation_answer", args=[invitation.pk]),
        {"answer": "decline"},
    )

    invitation.refresh_from_db()
    assert response["Location"] == reverse("topics:my_space")
    assert (invitation.status, list(topic.co_proposers.all())) == (InvitationStatus.DECLINED, [])
    assert list(
        Notification.objects.filter(recipient=member).values_list("kind", "status_label")
    ) == [(NotificationKind.CO_PROPOSER_ANSWER, "Declined")]


@pytest.mark.parametrize("role", ["anonymous", "member", "proposer", "organizer", "staff"])
def test_only_the_invitee_answers_an_invitation(client, role):
    proposer, invitee = UserFactory(), UserFactory()
    topic = TopicFactory(proposer=proposer)
    services.co_proposer_invitations_set(topic=topic, emails=[invitee.email], actor=proposer)
    invitation = CoProposerInvitation.objects.get()
    someone = {
        "anonymous": None,
        "member": UserFactory(),
        "proposer": proposer,
        "organizer": OrganizerFactory(),
        "staff": UserFactory(is_staff=True, is_superuser=True),
    }[role]
    if someone is not None:
        client.force_login(someone)

    response = client.post(
        reverse("topics:co_proposer_invitation_answer", args=[invitation.pk]), {"answer": "accept"}
    )

    invitation.refresh_from_db()
    expected = 302 if role == "anonymous" else 404
    assert (response.status_code, invitation.status) == (expected, InvitationStatus.PENDING)
    assert list(topic.co_proposers.all()) == []


def test_an_invitation_answered_or_withdrawn_cannot_be_accepted(client, member):
    partner = UserFactory()
    topic = TopicFactory(proposer=member)
    services.co_proposer_invitations_set(topic=topic, emails=[partner.email], actor=member)
    services.co_proposer_invitations_set(topic=topic, emails=[], actor=member)
    invitation = CoProposerInvitation.objects.get()
    client.force_login(partner)

    response = client.post(
        reverse("topics:co_proposer_invitation_answer", args=[invitation.pk]),
        {"answer": "accept"},
    )

    invitation.refresh_from_db()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "This invitation is no longer open."
    ]
    assert (invitation.status, list(topic.co_proposers.all())) == (InvitationStatus.WITHDRAWN, [])


def test_an_address_that_becomes_a_member_is_invited_at_the_next_save(member):
    topic = TopicFactory(proposer=member)
    services.co_proposer_invitations_set(topic=topic, emails=["later@example.com"], actor=member)
    newcomer = UserFactory(email="later@example.com")

    services.co_proposer_invitations_set(topic=topic, emails=["later@example.com"], actor=member)

    assert list(CoProposerInvitation.objects.values_list("invitee", "status")) == [
        (newcomer.pk, InvitationStatus.PENDING)
    ]
    assert Notification.objects.filter(recipient=newcomer).count() == 1


@pytest.mark.parametrize(
    ("role", "may_invite"), [("proposer", True), ("co_proposer", False), ("organizer", True)]
)
def test_who_may_change_the_co_proposers(as_role, world, role, may_invite):
    page = as_role(role).get(reverse("topics:topic_edit", args=[world["topic"].slug]))

    assert ('name="co_proposer_emails"' in page.content.decode()) == may_invite


def test_a_co_proposer_removed_from_the_list_loses_their_rights(world):
    topic, proposer, co_proposer = world["topic"], world["proposer"], world["co_proposer"]

    services.topic_update(topic=topic, data={}, actor=proposer, co_proposer_emails=[])

    assert list(topic.co_proposers.all()) == []
    assert not co_proposer.has_perm("topics.edit_topic", topic)


@pytest.mark.parametrize("invitations", [1, 5])
def test_my_space_queries_do_not_grow_with_invitations(
    client, django_assert_num_queries, invitations
):
    invitee = UserFactory()
    for _ in range(invitations):
        topic = TopicFactory()
        services.co_proposer_invitations_set(
            topic=topic, emails=[invitee.email], actor=topic.proposer
        )
    client.force_login(invitee)

    with django_assert_num_queries(QUERIES_MY_SPACE):
        page = client.get(reverse("topics:my_space")).content.decode()

    assert page.count('name="answer" value="accept"') == invitations


def test_the_edit_form_says_invited_only_when_addresses_are_added(member_client, member):
    topic = TopicFactory(proposer=member, title="Mine")
    url = reverse("topics:topic_edit", args=[topic.slug])
    data = _proposal(topic.channel, title="Mine", save="1")

    added = member_client.post(
        url, {**data, "co_proposer_emails": "ghost@example.com"}, follow=True
    )
    kept = member_client.post(
        url, {**data, "co_proposer_emails": "Ghost@example.com\r\n"}, follow=True
    )

    assert [str(m) for m in added.context["messages"]] == ["The topic is saved.", INVITED]
    assert [str(m) for m in kept.context["messages"]] == ["The topic is saved."]
    assert CoProposerInvitation.objects.filter(status=InvitationStatus.PENDING).count() == 1


def test_answering_twice_says_the_invitation_is_closed_even_for_a_superuser(client, member):
    admin = UserFactory(is_staff=True, is_superuser=True)
    topic = TopicFactory(proposer=member)
    services.co_proposer_invitations_set(topic=topic, emails=[admin.email], actor=member)
    invitation = CoProposerInvitation.objects.get()
    client.force_login(admin)
    url = reverse("topics:co_proposer_invitation_answer", args=[invitation.pk])
    client.post(url, {"answer": "accept"})

    again = client.post(url, {"answer": "decline"})

    invitation.refresh_from_db()
    assert (again.status_code, again["Location"]) == (302, reverse("topics:my_space"))
    assert [str(m) for m in get_messages(again.wsgi_request)][-1] == (
        "This invitation is no longer open."
    )
    assert invitation.status == InvitationStatus.ACCEPTED


def test_an_address_invited_before_it_joined_finds_the_invitation_at_sign_up(client, member):
    topic = TopicFactory(proposer=member, title="Shared idea")
    services.co_proposer_invitations_set(topic=topic, emails=["newcomer@example.com"], actor=member)

    client.post(
        reverse("account_signup"),
        {
            "full_name": "Nora Newcomer",
            "email": "newcomer@example.com",
            "password1": "a-sturdy-passphrase-9",
            "password2": "a-sturdy-passphrase-9",
        },
    )

    invitation = CoProposerInvitation.objects.get()
    assert invitation.invitee.email == "newcomer@example.com"
    assert list(
        Notification.objects.filter(recipient=invitation.invitee).values_list("kind", flat=True)
    ) == [NotificationKind.CO_PROPOSER_INVITATION]
    assert list(topic.co_proposers.all()) == []  # nothing granted until they accept
