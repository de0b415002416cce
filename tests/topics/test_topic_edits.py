"""Edits of an accepted topic are kept in its audit trail and told to its organizers."""

import pytest
from django.urls import reverse

from notifications.models import Notification, NotificationKind
from tests.factories import OrganizerFactory, TopicFactory, UserFactory
from tests.topics.test_views import _proposal
from topics import services
from topics.models import DecisionSubject, TopicStatus, TopicTransition

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted():
    topic = TopicFactory(
        status=TopicStatus.ACCEPTED,
        title="Old title",
        summary="Old summary.",
        body="First line\nSecond line",
    )
    channel_organizer = UserFactory()
    topic.channel.organizers.add(channel_organizer)
    UserFactory()  # a member who organizes nothing
    return {
        "topic": topic,
        "channel_organizer": channel_organizer,
        "organizer": OrganizerFactory(),
    }


def _edits():
    return list(
        TopicTransition.objects.filter(subject=DecisionSubject.EDIT).values_list(
            "actor", "from_status", "to_status", "subject_label", "reason"
        )
    )


def test_a_proposer_edit_after_acceptance_is_audited_and_told(client, accepted):
    topic = accepted["topic"]
    client.force_login(topic.proposer)

    form = client.get(reverse("topics:topic_edit", args=[topic.slug])).content.decode()
    assert "the organizers are told of every change to its title, summary or full text" in form
    client.post(
        reverse("topics:topic_edit", args=[topic.slug]),
        _proposal(
            topic.channel,
            title="New title",
            summary="Old summary.",
            body="First line\nChanged line",
            save="1",
        ),
    )

    assert _edits() == [
        (
            topic.proposer.pk,
            "accepted",
            "accepted",
            "title, full text",
            "Title: “Old title” → “New title”\n\n"
            "Full text:\n--- before\n+++ after\n@@ -1,2 +1,2 @@\n First line\n-Second line\n"
            "+Changed line",
        )
    ]
    client.force_login(accepted["organizer"])
    workspace = client.get(reverse("topics:workspace_topic", args=[topic.slug])).content.decode()
    assert "Title: “Old title” → “New title”<br><br>Full text:<br>--- before<br>" in workspace
    told = Notification.objects.filter(kind=NotificationKind.TOPIC_EDITED)
    assert sorted(told.values_list("recipient", "url")) == sorted(
        [
            (accepted["channel_organizer"].pk, f"/workspace/topics/{topic.slug}/"),
            (accepted["organizer"].pk, f"/workspace/topics/{topic.slug}/"),
        ]
    )


def test_an_edit_before_acceptance_is_not_recorded(accepted):
    topic = accepted["topic"]
    topic.status = TopicStatus.PROPOSED
    topic.save()

    services.topic_update(topic=topic, data={"title": "New title"}, actor=topic.proposer)

    assert (_edits(), Notification.objects.count()) == ([], 0)


def test_an_edit_that_changes_no_watched_field_is_not_recorded(accepted):
    topic = accepted["topic"]

    services.topic_update(topic=topic, data={"location_detail": "Studio B"}, actor=topic.proposer)

    assert (_edits(), Notification.objects.count()) == ([], 0)


def test_an_admin_edit_after_acceptance_is_recorded_too(client, accepted):
    topic = accepted["topic"]
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:topics_topic_change", args=[topic.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if hasattr(field.widget, "widgets"):  # a date and a time
            data[f"{name}_0"] = data[f"{name}_1"] = ""
        elif value is not None and name != "cover":
            data[name] = value
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
    data["summary"] = "A new summary."

    response = client.post(url, data)

    assert response.status_code == 302
    assert _edits() == [
        (
            admin.pk,
            "accepted",
            "accepted",
            "summary",
            "Summary: “Old summary.” → “A new summary.”",
        )
    ]
