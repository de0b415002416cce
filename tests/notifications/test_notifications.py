import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from comments import services as comment_services
from notifications.models import LastMail, MailState, Notification, NotificationPreference
from notifications.services import unsubscribe_token
from sponsorship import services as sponsorship_services
from tests.factories import CommentFactory, TopicFactory, UserFactory
from topics import services
from topics.models import TopicStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (where mails leave) as the block exits."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return list(mail.outbox)

    return run


def _a_while_later(*, minutes: int) -> None:
    """Everything told so far, and the mails it caused, happened that long ago."""
    earlier = timezone.now() - timedelta(minutes=minutes)
    Notification.objects.update(created_at=earlier)
    LastMail.objects.update(at=earlier)


def _only(messages):
    assert len(messages) == 1, [m.subject for m in messages]
    return messages[0]


def test_new_comment_mails_the_proposer_in_their_language(outbox):
    proposer = UserFactory(preferred_language="fr")
    topic = TopicFactory(proposer=proposer, title="Le sujet")
    author = UserFactory(full_name="Ana Author")

    message = _only(
        outbox(lambda: comment_services.comment_create(topic=topic, author=author, body="Hi"))
    )

    assert message.to == [proposer.email]
    assert message.subject == "[Webcastory] Ana Author a commenté votre sujet « Le sujet »."
    assert f"http://127.0.0.1:8000/topics/{topic.slug}/#comment-" in message.body
    assert "dans les 15 prochaines minutes ne vous seront pas envoyés" in message.body
    html = message.alternatives[0][0]
    assert "Voir sur Webcastory" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize(
    ("action", "subject"),
    [
        (
            lambda t, m: services.feedback_create(topic=t, author=m, body="Nice"),
            "[Webcastory] Mia Member sent feedback on your topic “T”.",
        ),
        (
            lambda t, m: services.participation_request_create(
                topic=t, applicant=m, role="guest", motivation="Me"
            ),
            "[Webcastory] Mia Member asks to take part in “T”.",
        ),
        (
            lambda t, m: sponsorship_services.sponsorship_interest_record(
                topic=t, member=m, organisation="Acme", contact_name="A",
                contact_email="a@example.com",
            ),
            "[Webcastory] Acme would sponsor “T”.",
        ),
    ],
    ids=["feedback", "participation", "sponsor"],
)  # fmt: skip
def test_member_actions_notify_the_proposer(outbox, action, subject):
    topic = TopicFactory(title="T")
    member = UserFactory(full_name="Mia Member")

    message = _only(outbox(lambda: action(topic, member)))

    assert (message.to, message.subject) == ([topic.proposer.email], subject)
    assert Notification.objects.get().recipient == topic.proposer


def test_reply_mails_the_commenter(outbox):
    topic = TopicFactory(title="T")
    parent = CommentFactory(topic=topic)
    replier = UserFactory(full_name="Rita Replier")

    messages = outbox(
        lambda: comment_services.comment_create(
            topic=topic, author=replier, body="Yes", parent=parent
        )
    )

    assert sorted((m.to[0], m.subject) for m in messages) == sorted(
        [
            (topic.proposer.email, "[Webcastory] Rita Replier commented on your topic “T”."),
            (parent.author.email, "[Webcastory] Rita Replier replied to your comment on “T”."),
        ]
    )


def test_decision_mails_proposer_with_reason(outbox):
    topic = TopicFactory(title="T")
    organizer = UserFactory()

    message = _only(
        outbox(
            lambda: services.topic_decide(
                topic=topic, to_status=TopicStatus.DECLINED, actor=organizer, reason="Too close"
            )
        )
    )

    assert message.subject == "[Webcastory] The organizers set your topic “T” to: Declined."
    assert "Too close" in message.body


def test_participation_decision_mails_the_applicant(outbox):
    topic = TopicFactory(title="T")
    request = services.participation_request_create(
        topic=topic, applicant=UserFactory(preferred_language="fr"), role="guest", motivation="Me"
    )
    mail.outbox.clear()

    sent = outbox(
        lambda: services.participation_request_decide(
            request=request, status="accepted", actor=UserFactory(), message="Welcome!"
        )
    )

    # The channel's organizers heard of the request itself.
    message = _only([m for m in sent if m.to == [request.applicant.email]])

    assert message.to == [request.applicant.email]
    assert message.subject == "[Webcastory] Votre demande de participation à « T » : Acceptée."
    # Accepted: the mail leads to the invitation, to confirm or decline.
    assert f"/participation/{request.pk}/answer/" in message.body


def test_sponsor_decision_mails_the_sponsor(outbox):
    topic = TopicFactory(title="T")
    interest = sponsorship_services.sponsorship_interest_record(
        topic=topic, member=UserFactory(), organisation="Acme", contact_name="A",
        contact_email="a@example.com",
    )  # fmt: skip
    mail.outbox.clear()

    sent = outbox(
        lambda: sponsorship_services.sponsorship_interest_decide(
            interest=interest, status="confirmed", actor=UserFactory()
        )
    )

    # The channel's organizers heard of the interest itself.
    message = _only([m for m in sent if m.to == [interest.member.email]])

    assert message.subject == "[Webcastory] Your sponsor interest for “T”: Confirmed."


def test_followers_hear_of_scheduling_and_publishing(outbox):
    topic = TopicFactory(title="T", status=TopicStatus.ACCEPTED)
    follower = UserFactory()
    services.topic_follow(topic=topic, member=follower)
    organizer = UserFactory()
    when = datetime(2030, 3, 4, 10, 30, tzinfo=ZoneInfo("Europe/Paris"))

    scheduled = outbox(
        lambda: services.topic_schedule(
            topic=topic, actor=organizer, recording_at=when, location_detail="Studio B"
        )
    )
    mail.outbox.clear()
    services.topic_mark_recorded(topic=topic, actor=organizer)
    published = outbox(
        lambda: services.topic_publish(
            topic=topic, actor=organizer, video_url="https://youtu.be/dQw4w9WgXcQ"
        )
    )

    # The proposer also gets the calendar invitation (tests/topics/test_recording_invitations).
    invitations = [m for m in scheduled if m.attachments]
    assert [m.to for m in invitations] == [[topic.proposer.email]]
    scheduled = [m for m in scheduled if not m.attachments]
    # The address goes to the team (and accepted participants) only.
    assert sorted((m.to[0], m.subject, "Studio B" in m.body) for m in scheduled) == sorted(
        [
            (
                follower.email,
                "[Webcastory] “T” is scheduled for recording: Mon 4 Mar 2030, 10:30 (Europe/Paris).",
                False,
            ),
            (
                topic.proposer.email,
                "[Webcastory] “T” is scheduled for recording: Mon 4 Mar 2030, 10:30 (Europe/Paris).",
                True,
            ),
        ]
    )
    assert {m.subject for m in published} == {"[Webcastory] The episode of “T” is published."}


def test_no_mail_and_no_notification_when_the_transaction_rolls_back(outbox):
    topic = TopicFactory()

    def failing():
        with transaction.atomic():
            services.feedback_create(topic=topic, author=UserFactory(), body="Hello")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        outbox(failing)

    assert (mail.outbox, Notification.objects.count()) == ([], 0)


def test_a_busy_topic_mails_its_proposer_once_per_interval(outbox, settings):
    settings.NOTIFICATION_MAIL_INTERVAL = 15 * 60
    topic = TopicFactory(proposer=UserFactory(preferred_language="en"))
    other = TopicFactory(proposer=topic.proposer)
    author = UserFactory(full_name="Ana Author")

    def comment(on):
        return outbox(lambda: comment_services.comment_create(topic=on, author=author, body="More"))

    first = comment(topic)
    for _n in range(3):
        comment(topic)
    elsewhere = comment(other)

    assert len(first) == 1
    assert "in the next 15 minutes will not be mailed to you" in first[0].body
    assert len(elsewhere) == 2  # another topic has its own interval
    states = list(Notification.objects.filter(topic=topic).order_by("pk").values_list(
        "mail_state", flat=True
    ))  # fmt: skip
    assert states == [MailState.SENT] + [MailState.HELD] * 3
    # Every comment is still on the site, mail or no mail.
    assert Notification.objects.filter(recipient=topic.proposer, read_at=None).count() == 5

    _a_while_later(minutes=16)
    assert len(comment(topic)) == 3  # the interval is over: mailed again


def test_a_comment_mail_holds_no_mail_of_another_kind(outbox, settings):
    settings.NOTIFICATION_MAIL_INTERVAL = 15 * 60
    topic = TopicFactory()
    comment_services.comment_create(topic=topic, author=UserFactory(), body="First")

    messages = outbox(lambda: services.feedback_create(topic=topic, author=UserFactory(), body="x"))

    assert "sent feedback on your topic" in _only(messages).subject


def test_an_interval_of_zero_mails_every_comment(outbox, settings):
    settings.NOTIFICATION_MAIL_INTERVAL = 0
    topic = TopicFactory()
    author = UserFactory()

    for _n in range(3):
        messages = outbox(
            lambda: comment_services.comment_create(topic=topic, author=author, body="x")
        )

    assert len(messages) == 3
    assert "will not be mailed" not in messages[0].body


def test_mail_server_down_is_logged_and_the_action_stands(outbox, settings, caplog):
    settings.EMAIL_BACKEND = "tests.workspace.broken_mail.BrokenBackend"
    topic = TopicFactory()

    with caplog.at_level(logging.WARNING, logger="notifications.tasks"):
        outbox(lambda: services.feedback_create(topic=topic, author=UserFactory(), body="Hi"))

    assert topic.feedback.count() == 1
    notification = Notification.objects.get()
    # Tried again in a minute, by the worker's tick; a server down costs no attempt.
    assert (notification.mail_state, notification.mail_attempts) == (MailState.PENDING, 0)
    assert notification.mail_due_at > timezone.now() + timedelta(seconds=50)
    assert "The mail server cannot be reached (SMTP server unreachable)" in caplog.text


def test_preferences_switch_notifications_off(outbox):
    topic = TopicFactory()
    NotificationPreference.objects.create(member=topic.proposer, my_topics=False)

    messages = outbox(lambda: services.feedback_create(topic=topic, author=UserFactory(), body="x"))

    assert (messages, Notification.objects.count()) == ([], 0)


def test_email_can_be_off_while_site_notifications_stay(outbox):
    topic = TopicFactory()
    NotificationPreference.objects.create(member=topic.proposer, by_email=False)

    messages = outbox(lambda: services.feedback_create(topic=topic, author=UserFactory(), body="x"))

    assert (messages, Notification.objects.count()) == ([], 1)


def test_unsubscribe_link_stops_the_category_mails(client):
    member = UserFactory()
    url = reverse(
        "notifications:notification_unsubscribe",
        args=[unsubscribe_token(member=member, category="my_topics")],
    )

    page = client.get(url)
    assert "Stop the mails for: Activity on the topics I brought?" in page.content.decode()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "You will still find these notifications on the site" in response.content.decode()
    preference = NotificationPreference.objects.get(member=member)
    assert (preference.my_topics, preference.my_topics_mail) == (True, "never")
    assert preference.decisions_mail == "at_once"


@pytest.mark.parametrize(
    "token",
    ["garbage", "eyJtIjoxLCJjIjoibXlfdG9waWNzIn0:forged:signature"],
)
def test_unsubscribe_link_cannot_be_forged(client, token):
    UserFactory()

    response = client.post(reverse("notifications:notification_unsubscribe", args=[token]))

    assert response.status_code == 404
    assert NotificationPreference.objects.count() == 0


def test_notification_page_lists_and_marks_read(client):
    topic = TopicFactory(title="T")
    services.feedback_create(topic=topic, author=UserFactory(full_name="Fay"), body="x")
    client.force_login(topic.proposer)

    header = client.get(reverse("home")).content.decode()
    assert '1<span class="visually-hidden"> unread</span>' in header
    page = client.get(reverse("notifications:notification_list")).content.decode()

    assert "Fay sent feedback on your topic “T”." in page
    assert Notification.objects.get().read_at is not None
    assert 'visually-hidden"> unread' not in client.get(reverse("home")).content.decode()


def test_proposers_and_commenters_follow_automatically():
    proposer, commenter = UserFactory(), UserFactory()
    channel = TopicFactory().channel
    topic = services.topic_create(
        proposer=proposer, channel=channel, title="Auto", summary="S", body="B", submit=True
    )
    comment_services.comment_create(topic=topic, author=commenter, body="Hi")

    assert sorted(topic.follows.values_list("member", flat=True)) == sorted(
        [proposer.pk, commenter.pk]
    )


def test_follow_and_unfollow_from_the_topic_page(member_client, member):
    topic = TopicFactory()
    url = reverse("topics:topic_follow", args=[topic.slug])

    member_client.post(url, {"follow": "1"})
    assert topic.follows.filter(member=member).exists()
    member_client.post(url, {"follow": "0"})
    assert not topic.follows.filter(member=member).exists()


def _feedback_again(topic, member):
    services.feedback_create(topic=topic, author=member, body="Again")


def _take_part_again(topic, member):
    request = services.participation_request_create(
        topic=topic, applicant=member, role="guest", motivation="Me"
    )
    services.participation_request_withdraw(request=request, by=member)


def _sponsor_again(topic, member):
    interest = sponsorship_services.sponsorship_interest_record(
        topic=topic, member=member, organisation="Acme", contact_name="A",
        contact_email="a@example.com",
    )  # fmt: skip
    sponsorship_services.sponsorship_interest_withdraw(interest=interest, by=member)


@pytest.mark.parametrize(
    "again", [_feedback_again, _take_part_again, _sponsor_again], ids=lambda f: f.__name__
)
def test_a_member_repeating_an_action_mails_the_proposer_once_per_interval(outbox, settings, again):
    """Whoever calls the service (a page, the admin, a shell), a loop of the same
    action tells the team on the site each time and mails them once."""
    settings.NOTIFICATION_MAIL_INTERVAL = 15 * 60
    topic = TopicFactory(title="T")
    member = UserFactory(full_name="Mia Member")

    for _n in range(5):
        messages = outbox(lambda: again(topic, member))

    assert [m.to for m in messages] == [[topic.proposer.email]]
    assert (
        "Further notifications like this one about this topic in the next 15 minutes will not "
        "be mailed to you: you will find them on the site."
    ) in messages[0].body
    states = Notification.objects.order_by("pk").values_list("mail_state", flat=True)
    assert list(states) == [MailState.SENT] + [MailState.HELD] * 4
    assert Notification.objects.filter(recipient=topic.proposer, read_at=None).count() == 5


def test_the_mail_interval_counts_per_topic_and_kind(outbox, settings):
    settings.NOTIFICATION_MAIL_INTERVAL = 15 * 60
    proposer = UserFactory()
    topic, other = TopicFactory(proposer=proposer), TopicFactory(proposer=proposer)
    member = UserFactory()

    outbox(lambda: services.feedback_create(topic=topic, author=member, body="One"))
    outbox(lambda: services.feedback_create(topic=other, author=member, body="Elsewhere"))
    messages = outbox(
        lambda: services.participation_request_create(
            topic=topic, applicant=member, role="guest", motivation="Me"
        )
    )

    assert len(messages) == 3
    _a_while_later(minutes=16)
    messages = outbox(lambda: services.feedback_create(topic=topic, author=member, body="Later"))
    assert len(messages) == 4  # the interval is over: mailed again


def test_a_moved_recording_is_mailed_again_within_the_interval(outbox, settings):
    """Decisions and schedules are never held: each changes what its reader must do."""
    settings.NOTIFICATION_MAIL_INTERVAL = 900
    topic = TopicFactory(title="T", status=TopicStatus.ACCEPTED)
    organizer = UserFactory()
    first = datetime(2030, 3, 4, 10, 30, tzinfo=ZoneInfo("Europe/Paris"))

    outbox(
        lambda: services.topic_schedule(
            topic=topic, actor=organizer, recording_at=first, location_detail="Studio B"
        )
    )
    mail.outbox.clear()
    moved = outbox(
        lambda: services.topic_schedule(
            topic=topic,
            actor=organizer,
            recording_at=first + timedelta(days=1),
            location_detail="Studio C",
        )
    )

    notices = [m for m in moved if not m.attachments]  # beside the calendar invitation
    assert [(m.subject, "Studio C" in m.body) for m in notices] == [
        ("[Webcastory] “T” is scheduled for recording: Tue 5 Mar 2030, 10:30 (Europe/Paris).", True)
    ]


def test_a_second_decision_on_a_request_is_mailed_within_the_interval(outbox, settings):
    settings.NOTIFICATION_MAIL_INTERVAL = 900
    topic = TopicFactory(title="T")
    request = services.participation_request_create(
        topic=topic, applicant=UserFactory(), role="guest", motivation="Me"
    )
    organizer = UserFactory()
    outbox(
        lambda: services.participation_request_decide(
            request=request, status="accepted", actor=organizer
        )
    )
    mail.outbox.clear()

    second = outbox(
        lambda: services.participation_request_decide(
            request=request, status="declined", actor=organizer
        )
    )

    assert [m.to for m in second] == [[request.applicant.email]]
    assert "Declined" in second[0].subject
