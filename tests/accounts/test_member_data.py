"""A member's data: every piece is in their download, and deleting the account
erases or anonymises every piece (accounts/privacy.py and each app's privacy.py)."""

import io
import json
import zipfile
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.privacy import Treatment, member_data_fields
from accounts.services import account_delete, profile_update
from api.services import api_token_create
from comments.services import (
    comment_create,
    comment_mark_useful,
    comment_moderate,
    comment_notices_write_pending,
    comment_report,
)
from episodes.services import episode_update
from notifications.models import Digest, Notification, NotificationKind, NotificationPreference
from sponsorship.models import InterestStatus, Response, SponsorshipInterest
from sponsorship.services import (
    response_submit,
    sponsorship_interest_decide,
    sponsorship_interest_record,
)
from tests.factories import (
    ChannelFactory,
    CommentFactory,
    OrganizerFactory,
    ParticipationRequestFactory,
    TopicFactory,
    UserFactory,
    questionnaire_with_every_kind,
)
from tests.images import image_upload
from topics.models import (
    ParticipationRole,
    ParticipationStatus,
    Topic,
    TopicStatus,
    TopicTransition,
)
from topics.services import (
    co_proposer_invitation_accept,
    co_proposer_invitations_set,
    feedback_create,
    guest_message_send,
    opinion_set,
    participation_request_create,
    participation_request_decide,
    topic_create,
    topic_decide,
    topic_take,
    topic_update,
)
from webhooks.services import endpoint_create

pytestmark = pytest.mark.django_db

NAME = "Zéphyrine Quobble"
EMAIL = "zephyrine.quobble@example.com"
# Words only the member wrote, each in one place: none may survive the deletion.
SECRETS = [
    "Quobble",
    "zephyrine",
    "bio-secret",
    "headline-secret",
    "draft-secret",
    "feedback-secret",
    "motivation-secret",
    "availability-secret",
    "sponsor-message-secret",
    "sponsor-contact-secret",
    "answer-secret",
    "report-secret",
    "host-name-secret",
]

# Fields that hold a copy of a member's name or words away from any link to them.
# A new one goes here, and into its app's MEMBER_DATA.
NAME_SNAPSHOTS = {
    "notifications.Notification.actor_name",
    "topics.TopicTransition.subject_label",
    "topics.Topic.search_vector",
    "sponsorship.SponsorshipInterest.contact_name",
    "sponsorship.SponsorshipInterest.contact_email",
    "admin.LogEntry.object_repr",
    "accounts.PendingMail.recipients",
    "episodes.Episode.host_name",
}
# Text fields whose name looks like a snapshot but is not one.
NOT_SNAPSHOTS = {
    "accounts.User.full_name": "the member's own row, erased by accounts.privacy",
    "notifications.Notification.status_label": "a status, such as Accepted",
    "contenttypes.ContentType.app_label": "a Python package name",
    "accounts.PendingMail.from_email": "the site's own sender address",
    # The background tasks take no arguments: what they work on is rows of the apps.
    "django_tasks_database.DBTaskResult.backend_name": "the task backend's alias",
    "django_tasks_database.DBTaskResult.queue_name": "the task queue's name",
}


def _links_to_members() -> set[str]:
    return {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation and not field.auto_created and field.related_model is User
    }


def test_every_link_to_a_member_is_declared():
    """A new ForeignKey, OneToOne or ManyToMany to the user fails this test until its
    app's privacy module says what deletion does to it."""
    assert sorted(_links_to_members() - member_data_fields().keys()) == []


def test_every_name_snapshot_is_declared():
    looks_like_a_snapshot = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.name.endswith(("_name", "_label", "_repr", "_email"))
    }

    assert sorted(looks_like_a_snapshot - NAME_SNAPSHOTS - NOT_SNAPSHOTS.keys()) == []
    assert sorted(NAME_SNAPSHOTS - member_data_fields().keys()) == []


def test_every_declared_field_says_why_and_where_it_is_exported():
    fields = member_data_fields()
    links = _links_to_members()

    assert [label for label, field in fields.items() if not field.why] == []
    assert [
        label
        for label, field in fields.items()
        if label in links and bool(field.export) == bool(field.not_exported)
    ] == []


@dataclass
class World:
    member: User
    other: User
    organizer: User
    topic: Topic  # proposed by the member
    draft: Topic
    shared_draft: Topic
    others_topic: Topic
    public_comment_url: str
    moderated_for_someone: str


def _world(password: str) -> World:
    channel = ChannelFactory()
    organizer = OrganizerFactory(full_name="Oscar Organizer")
    other = UserFactory(full_name="Olga Other")
    member = UserFactory(full_name=NAME, email=EMAIL, password=password, bio="bio-secret")
    member.headline = "headline-secret"
    profile_update(user=member, data={}, avatar=image_upload())

    topic = topic_create(
        proposer=member,
        channel=channel,
        title="A topic to keep",
        summary="Public summary.",
        body="Public body.",
        submit=True,
        cover=image_upload(),
    )
    draft = topic_create(
        proposer=member,
        channel=channel,
        title="A draft",
        summary="Draft summary.",
        body="draft-secret",
        cover=image_upload(),
    )
    shared_draft = topic_create(
        proposer=member,
        channel=channel,
        title="A shared draft",
        summary="Shared.",
        body="Written together.",
        co_proposer_emails=[other.email],
    )
    co_proposer_invitation_accept(invitation=shared_draft.co_proposer_invitations.get(), by=other)

    others_topic = TopicFactory(proposer=other, channel=channel)
    others_comment = CommentFactory(topic=others_topic, author=other, body="Olga's view")
    public = comment_create(topic=others_topic, author=member, body="A public comment")
    moderated = comment_create(topic=others_topic, author=member, body="A moderated comment")
    comment_notices_write_pending()  # as the worker does once the posts commit
    comment_moderate(comment=moderated, actor=organizer, hide=True, reason="Off topic")
    comment_mark_useful(comment=others_comment, member=member)
    opinion_set(topic=others_topic, member=member, choice="essential")
    feedback_create(topic=others_topic, author=member, body="feedback-secret")
    request = participation_request_create(
        topic=others_topic,
        applicant=member,
        role=ParticipationRole.GUEST,
        motivation="motivation-secret",
        availability="availability-secret",
    )
    participation_request_decide(
        request=request, status=ParticipationStatus.ACCEPTED, actor=organizer, message="Welcome"
    )
    comment_report(comment=others_comment, reporter=member, reason="report-secret")
    sponsorship_interest_record(
        topic=others_topic,
        member=member,
        logo=image_upload(),
        organisation="Acme Lead",
        contact_name="sponsor-contact-secret",
        contact_email=EMAIL,
        message="sponsor-message-secret",
    )
    confirmed = sponsorship_interest_record(
        topic=topic,
        member=member,
        logo=image_upload(),
        organisation="Acme Confirmed",
        contact_name="sponsor-contact-secret",
        contact_email=EMAIL,
        message="sponsor-message-secret",
    )
    sponsorship_interest_decide(
        interest=confirmed, status=InterestStatus.CONFIRMED, actor=organizer
    )
    questionnaire = questionnaire_with_every_kind(topic=others_topic)
    questions = {q.text: q for q in questionnaire.questions.all()}
    response_submit(
        questionnaire=questionnaire,
        respondent=member,
        answers={
            questions["Your role"].pk: questions["Your role"].choices.first(),
            questions["Relevance"].pk: 4,
            questions["Company"].pk: "answer-secret",
        },
    )
    NotificationPreference.objects.create(member=member, by_email=False, replies_mail="daily")
    Digest.objects.create(member=member, frequency="daily", period_start=timezone.now(), items=2)

    # The member as an organizer and co-proposer.
    channel.organizers.add(member)
    handled = TopicFactory(channel=channel)
    topic_take(topic=handled, organizer=member)
    guest_message_send(
        request=ParticipationRequestFactory(topic=handled),
        by=member,
        body="See you on Tuesday at the studio.",
    )
    others_topic.co_proposers.add(member)
    co_proposer_invitations_set(
        topic=TopicFactory(proposer=other, channel=channel), emails=[EMAIL], actor=other
    )
    someone = UserFactory()
    reported = CommentFactory(topic=others_topic, author=someone)
    comment_report(comment=reported, reporter=other, reason="Rude")
    comment_moderate(comment=reported, actor=member, hide=True, reason="Rude indeed")
    decided = TopicFactory(proposer=other, channel=channel)
    topic_decide(topic=decided, to_status=TopicStatus.ACCEPTED, actor=member)
    # The member as an episode's host.
    episode_update(
        topic=others_topic, duration=600, host_member=member, host_name="host-name-secret"
    )
    # The member's API token (api app).
    api_token_create(member=member, name="token-name-secret")
    # The member registered a webhook endpoint (as a channel's organizer, once).
    endpoint_create(
        channel=channel,
        actor=member,
        url="https://93.184.216.34/hooks",
        events=["comment.created"],
    )

    # The admin's history of the member's account, and of the member's own admin work.
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.create(
        user=organizer,
        content_type=user_type,
        object_id=str(member.pk),
        object_repr=str(member),
        action_flag=CHANGE,
    )
    LogEntry.objects.create(
        user=member,
        content_type=user_type,
        object_id=str(other.pk),
        object_repr=str(other),
        action_flag=CHANGE,
    )
    member.refresh_from_db()
    return World(
        member,
        other,
        organizer,
        topic,
        draft,
        shared_draft,
        others_topic,
        public.get_absolute_url(),
        f"{someone.display_name}: {reported.body}",
    )


@pytest.fixture
def world(password) -> World:
    return _world(password)


def _media_files(settings) -> set[str]:
    root = settings.MEDIA_ROOT
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _traces(words: list[str]) -> list[tuple[str, str]]:
    """Every (model.field, word) where a text column of any model holds the word."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            for word in words:
                if model._default_manager.filter(**{f"{field.name}__icontains": word}).exists():
                    found.append((f"{model._meta.label}.{field.name}", word))
    return found


def test_the_world_holds_every_secret_before_deletion(world):
    """The deletion test below proves something only if the words are there first."""
    assert sorted({word for _field, word in _traces(SECRETS)}) == sorted(SECRETS)


def test_account_delete_leaves_no_trace_of_the_member(
    world, settings, django_capture_on_commit_callbacks
):
    kept_files = {world.topic.cover.name, world.topic.cover_thumbnail.name}
    assert len(_media_files(settings)) == 10  # avatar, two covers, two logos: two files each

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=world.member)

    assert _traces(SECRETS) == []
    assert _media_files(settings) == kept_files
    fields = member_data_fields()
    for label in sorted(_links_to_members()):
        app_model, name = label.rsplit(".", 1)
        model = apps.get_model(app_model)
        if fields[label].treatment == Treatment.ERASE:
            assert not model._default_manager.filter(**{name: world.member}).exists(), label


def test_account_delete_keeps_public_contributions_as_a_former_member(world, client):
    account_delete(user=world.member)

    assert set(Topic.objects.filter(proposer=world.member).values_list("title", flat=True)) == {
        "A topic to keep",
        "A shared draft",
    }
    page = client.get(world.public_comment_url).content.decode()
    assert "Comment from Former member" in page
    assert "A public comment" in page
    confirmed = SponsorshipInterest.objects.get(member=world.member)
    assert (
        confirmed.organisation,
        confirmed.status,
        confirmed.contact_name,
        confirmed.contact_email,
        confirmed.message,
        confirmed.logo.name,
    ) == ("Acme Confirmed", "confirmed", "", "", "", "")
    assert Response.objects.filter(respondent=world.member).exists() is False


def test_account_delete_takes_the_name_out_of_the_decision_history(world):
    account_delete(user=world.member)

    labels = set(
        TopicTransition.objects.filter(topic=world.others_topic)
        .exclude(subject_label="")
        .values_list("subject_label", flat=True)
    )
    assert labels == {
        "Former member (Guest expert)",
        "Former member: A moderated comment",
        # The comment the member hid as an organizer is someone else's: their name stays.
        world.moderated_for_someone,
    }


def test_account_delete_takes_name_and_words_out_of_others_notifications(world):
    account_delete(user=world.member)

    told = {
        (n.kind, n.actor_name, n.message)
        for n in Notification.objects.filter(recipient=world.other, topic=world.others_topic)
    }
    assert told == {
        (NotificationKind.COMMENT_NEW, "", ""),
        (NotificationKind.FEEDBACK_NEW, "", ""),
        (NotificationKind.PARTICIPATION_NEW, "", ""),
        (NotificationKind.SPONSOR_NEW, "Acme Lead", ""),
    }


def test_others_see_a_former_member_in_their_notifications(world, client):
    account_delete(user=world.member)
    client.force_login(world.other)

    page = client.get(reverse("notifications:notification_list")).content.decode()

    assert "A former member sent feedback on your topic" in page


def test_notifications_written_before_they_recorded_their_actor_lose_the_name_too(world):
    """Rows from before Notification.actor existed are found by the name, on the
    topics where the member acted."""
    Notification.objects.update(actor=None)
    stranger = UserFactory(full_name=NAME)
    elsewhere = TopicFactory(proposer=world.other)
    namesake = Notification.objects.create(
        recipient=world.other,
        kind=NotificationKind.COMMENT_NEW,
        topic=elsewhere,
        actor_name=stranger.display_name,
        url="/",
    )

    account_delete(user=world.member)

    assert sorted(
        Notification.objects.filter(recipient=world.other, topic=world.others_topic).values_list(
            "actor_name", "message"
        )
    ) == [("", ""), ("", ""), ("", ""), ("", ""), ("Acme Lead", "")]
    namesake.refresh_from_db()
    assert namesake.actor_name == NAME


def test_search_no_longer_finds_the_member_by_name(world, client):
    def found() -> bool:
        page = client.get(reverse("topics:search"), {"q": "Quobble"}).content.decode()
        return "A topic to keep" in page

    assert found() is True

    account_delete(user=world.member)

    assert found() is False


def test_pages_cached_before_the_deletion_no_longer_show_the_name(world, client):
    page = world.others_topic.get_absolute_url()
    assert NAME in client.get(page).content.decode()
    client.force_login(world.other)
    assert NAME in client.get(page).content.decode()
    client.logout()

    account_delete(user=world.member)

    assert NAME not in client.get(page).content.decode()
    client.force_login(world.other)
    assert NAME not in client.get(page).content.decode()


def test_deleting_a_member_in_the_admin_erases_their_data_the_same_way(
    world, client, django_capture_on_commit_callbacks
):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:accounts_user_delete", args=[world.member.pk])

    confirmation = client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"post": "yes"})

    assert "personal data erased, public contributions kept as a former member" in confirmation
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert (world.member.display_name, world.member.is_active) == ("Former member", False)
    assert _traces(SECRETS) == []


def test_the_admin_delete_action_erases_each_member_selected(world, client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [world.member.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert User.objects.filter(pk=world.member.pk).exists()
    assert _traces(SECRETS) == []


def test_account_delete_page_says_what_is_erased_and_what_stays(member_client):
    page = member_client.get(reverse("accounts:account_delete")).content.decode()

    for text in (
        "What is erased",
        "The private feedback you sent, your requests to take part",
        "Your name in other members' notifications",
        "What stays, shown as by a former member",
        "The topics you proposed, beyond drafts, and your comments",
    ):
        assert text in page


# The download -----------------------------------------------------------------------


def _download(client) -> tuple[dict, zipfile.ZipFile]:
    response = client.get(reverse("accounts:data_export"))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="webcastory-my-data-')
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return json.loads(bundle.read("data.json")), bundle


def _at(data: dict, path: str):
    for key in path.split("."):
        data = data[key]
    return data


def test_the_download_holds_every_declared_kind_of_data(world, client):
    client.force_login(world.member)

    data, _bundle = _download(client)

    empty = [
        (label, field.export)
        for label, field in member_data_fields().items()
        if field.export and not _at(data, field.export)
    ]
    assert empty == []


def test_the_download_carries_the_members_images(world, client):
    client.force_login(world.member)

    data, bundle = _download(client)

    images = [
        data["account"]["avatar"],
        *[t["cover"] for t in data["topics_proposed"] if t["cover"]],
        *[i["logo"] for i in data["sponsor_interests"]],
    ]
    assert sorted(images) == sorted(n for n in bundle.namelist() if n != "data.json")
    assert len(images) == 5
    assert bundle.read(data["account"]["avatar"]) == world.member.avatar.read()


def test_the_download_holds_what_the_member_received(world, client):
    client.force_login(world.member)

    data, _bundle = _download(client)

    assert [r["decision_message"] for r in data["participation_requests"]] == ["Welcome"]
    assert [
        (n["kind"], n["message"])
        for n in data["notifications"]
        if n["kind"] == NotificationKind.PARTICIPATION_DECISION
    ] == [("participation_decision", "Welcome")]
    assert [t["preparation_notes"] for t in data["topics_co_proposed"]] == [
        "Secret preparation notes."
    ]
    assert data["notification_preferences"] == [
        {
            "my_topics": True,
            "my_topics_mail": "at_once",
            "decisions": True,
            "decisions_mail": "at_once",
            "replies": True,
            "replies_mail": "daily",
            "followed": True,
            "followed_mail": "at_once",
            "organizing": True,
            "organizing_mail": "at_once",
            "by_email": False,
        }
    ]


def test_deleting_the_row_in_a_shell_erases_the_copies_first(
    settings, django_capture_on_commit_callbacks
):
    proposer = UserFactory()
    topic = TopicFactory(proposer=proposer)
    member = UserFactory(full_name=NAME)
    profile_update(user=member, data={}, avatar=image_upload())
    feedback_create(topic=topic, author=member, body="feedback-secret")

    with django_capture_on_commit_callbacks(execute=True):
        member.delete()

    assert User.objects.filter(pk=member.pk).exists() is False
    assert list(
        Notification.objects.filter(recipient=proposer).values_list("actor_name", "message")
    ) == [("", "")]
    assert _traces(SECRETS) == []
    assert _media_files(settings) == set()


def test_account_delete_drops_account_mails_still_waiting_for_the_member(member, settings):
    settings.EMAIL_BACKEND = "tests.workspace.broken_mail.BrokenBackend"
    from django.core.mail import EmailMessage

    from accounts.mail import account_mail_send
    from accounts.models import PendingMail

    account_mail_send(EmailMessage("Reset", "A link", to=[member.email.upper()]))
    account_mail_send(EmailMessage("Reset", "A link", to=["someone-else@example.com"]))

    account_delete(user=member)

    assert list(PendingMail.objects.values_list("recipients", flat=True)) == [
        ["someone-else@example.com"]
    ]


def test_a_topic_sent_back_to_draft_stays_with_what_others_wrote_on_it(password):
    organizer = OrganizerFactory()
    member = UserFactory(password=password)
    other = UserFactory()
    topic = topic_create(
        proposer=member,
        channel=ChannelFactory(),
        title="Once public",
        summary="S.",
        body="B.",
        submit=True,
    )
    comment_create(topic=topic, author=other, body="Another member's words")
    topic_decide(topic=topic, to_status=TopicStatus.DRAFT, actor=organizer, reason="Rework it")

    account_delete(user=member)

    assert list(Topic.objects.filter(pk=topic.pk).values_list("title", "comments__body")) == [
        ("Once public", "Another member's words")
    ]


def test_co_proposer_history_no_longer_names_a_deleted_member():
    proposer = UserFactory()
    member = UserFactory(full_name="Quentin Quillfeather")
    topic = topic_create(
        proposer=proposer,
        channel=ChannelFactory(),
        title="Together",
        summary="S.",
        body="B.",
        co_proposer_emails=[member.email],
    )
    co_proposer_invitation_accept(invitation=topic.co_proposer_invitations.get(), by=member)
    co_proposer_invitations_set(topic=topic, emails=[], actor=proposer)

    account_delete(user=member)

    labels = list(
        TopicTransition.objects.filter(topic=topic).values_list("subject_label", flat=True)
    )
    assert len(labels) == 2
    assert [label for label in labels if "Quillfeather" in label] == []


def test_an_invitation_sent_before_the_member_joined_goes_with_their_account():
    proposer = UserFactory()
    topic = TopicFactory(proposer=proposer)
    co_proposer_invitations_set(topic=topic, emails=["Late.Joiner@example.com"], actor=proposer)
    member = UserFactory(email="late.joiner@example.com")

    account_delete(user=member)

    assert not topic.co_proposer_invitations.exists()


def test_the_wording_an_edit_replaced_goes_with_its_author(password):
    member = UserFactory(password=password)
    topic = topic_create(
        proposer=member,
        channel=ChannelFactory(),
        title="Hiring",
        summary="Call me on 06 12 34 56 78.",
        body="B.",
        submit=True,
    )
    topic_decide(topic=topic, to_status=TopicStatus.ACCEPTED, actor=OrganizerFactory())
    topic_update(topic=topic, data={"summary": "Write to me."}, actor=member)
    assert _traces(["06 12 34 56 78"]) != []

    account_delete(user=member)

    assert _traces(["06 12 34 56 78"]) == []
