"""A topic from draft to published: creation, edits, transitions and their record."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from secrets import token_hex

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.events import event_emit
from core.images import image_reencode
from core.markdown import markdown_render
from notifications.models import NotificationKind
from notifications.services import notify
from topics.invitations import CANCEL, recording_invitations_soon, recording_people
from topics.models import (
    OPEN_PARTICIPATION_STATUSES,
    PUBLIC_STATUSES,
    RECORDED_STATUSES,
    TOPIC_CONTENT_FIELDS,
    TOPIC_TRANSITIONS,
    Channel,
    DecisionSubject,
    ParticipationRequest,
    ParticipationStatus,
    Topic,
    TopicStatus,
    TopicTransition,
)
from topics.services.co_proposers import co_proposer_invitations_set
from topics.services.people import (
    channel_organizers,
    decision_record,
    organizers_notify,
    topic_follow,
)

PAST_RECORDING_MESSAGE = gettext_lazy("Choose a recording date and time in the future.")
OWN_TOPIC_MESSAGE = gettext_lazy(
    "You bring this topic: opinions, feedback and requests to take part are for other members."
)
NOT_OPEN_MESSAGE = gettext_lazy("This topic is not open to contributions.")
REQUESTS_CLOSED_MESSAGE = gettext_lazy("Recording is over; requests are closed.")


class TransitionError(ValidationError):
    """A status change the life cycle does not allow."""


# Slugs. A draft's address ends with a random part, so that it tells no one else
# anything; a topic takes its address from its title when it is first submitted,
# numbered (-2, -3…) after the topics that were public before it. A title that
# matches someone's draft thus gives no sign of it. The slug column is unique:
# two submissions racing for one address both succeed, the second one numbered.
SLUG_ATTEMPTS = 20
SLUG_NUMBERED_ATTEMPTS = 10


def _slug_base(title: str) -> str:
    return slugify(title, allow_unicode=False)[:150].strip("-") or "topic"


def _slug_draft(title: str) -> str:
    return f"{_slug_base(title)}-{token_hex(4)}"


def _slug_public(title: str, *, exclude_pk: int | None) -> str:
    base = _slug_base(title)
    taken = Topic.objects.exclude(pk=exclude_pk)
    slug, n = base, 2
    while taken.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _slug_save(topic: Topic, *, public: bool, update_fields: list[str] | None = None) -> None:
    """Save the topic under a free slug made from its title (see above). A concurrent
    save that takes the same slug first makes this one try the next."""
    for attempt in range(SLUG_ATTEMPTS):
        if public and attempt < SLUG_NUMBERED_ATTEMPTS:
            topic.slug = _slug_public(topic.title, exclude_pk=topic.pk)
        else:
            topic.slug = _slug_draft(topic.title)
        try:
            with transaction.atomic():
                topic.save(update_fields=update_fields)
        except IntegrityError:
            if not Topic.objects.filter(slug=topic.slug).exclude(pk=topic.pk).exists():
                raise  # another constraint than the slug's
            continue
        return
    raise IntegrityError("No free slug found for the topic.")


def _render(topic: Topic) -> None:
    topic.body_html = markdown_render(topic.body)
    topic.preparation_notes_html = markdown_render(topic.preparation_notes)


def _cover_store(topic: Topic, cover) -> None:
    clean = image_reencode(cover)
    for field in (topic.cover, topic.cover_thumbnail):
        if field:
            field.delete(save=False)
    topic.cover.save(clean.image.name, clean.image, save=False)
    topic.cover_thumbnail.save(clean.thumbnail.name, clean.thumbnail, save=False)


@transaction.atomic
def topic_create(
    *,
    proposer: User,
    channel: Channel,
    title: str,
    summary: str,
    body: str,
    submit: bool = False,
    cover=None,
    co_proposer_emails: Iterable[str] = (),
    connected_topics: Iterable[Topic] = (),
    **fields,
) -> Topic:
    """A new topic, saved as a draft; ``submit`` proposes it straight away. The
    addresses in ``co_proposer_emails`` are invited to bring it too."""
    topic = Topic(
        proposer=proposer, channel=channel, title=title, summary=summary, body=body, **fields
    )
    if cover is not None:
        _cover_store(topic, cover)
    topic_admin_add(topic=topic)
    co_proposer_invitations_set(topic=topic, emails=co_proposer_emails, actor=proposer)
    topic.connected_topics.set([t for t in connected_topics if t.pk != topic.pk])
    if submit:
        topic_transition(topic=topic, to_status=TopicStatus.PROPOSED, actor=proposer)
    return topic


@transaction.atomic
def topic_admin_add(*, topic: Topic) -> Topic:
    """Save a new topic as a draft under the site's rules: its text rendered and
    sanitised, a draft's address, followed by its proposer (the search index follows
    the save). topic_create and the Django admin both add topics through here."""
    _render(topic)
    _slug_save(topic, public=False)
    topic_follow(topic=topic, member=topic.proposer)
    return topic


# Once accepted, these are what the organizers accepted: each edit of them is kept in
# the audit trail, with what changed, and the channel's organizers are told.
WATCHED_AFTER_ACCEPTANCE = ("title", "summary", "body")
EDIT_WATCHED_STATUSES = (TopicStatus.ACCEPTED, TopicStatus.SCHEDULED, *RECORDED_STATUSES)
EDIT_NOTICE_CHARACTERS = 2000


@transaction.atomic
def topic_update(
    *,
    topic: Topic,
    data: dict,
    actor: User | None = None,
    cover=None,
    co_proposer_emails: Iterable[str] | None = None,
    connected_topics: Iterable[Topic] | None = None,
) -> Topic:
    """Save a topic's content (the topic may already hold the new values, as a
    ModelForm leaves it); ``co_proposer_emails``, when given, is the whole list of
    co-proposers and invitations the topic should have."""
    before = Topic.objects.select_for_update().only("status", *WATCHED_AFTER_ACCEPTANCE)
    before = before.get(pk=topic.pk)
    for name in TOPIC_CONTENT_FIELDS:
        if name in data:
            setattr(topic, name, data[name])
    _render(topic)
    # Only what this edit sets is written: the instance may have been loaded before a
    # schedule or a publication committed, whose fields it would otherwise put back.
    concrete = {field.name for field in Topic._meta.concrete_fields}
    written = {name for name in data if name in concrete}
    written |= {"body_html", "preparation_notes_html", "updated_at"}
    if cover is not None:
        _cover_store(topic, cover)
        written |= {"cover", "cover_thumbnail"}
    topic.save(update_fields=written)
    if before.status in EDIT_WATCHED_STATUSES:
        _edit_after_acceptance_record(before=before, topic=topic, actor=actor)
    if co_proposer_emails is not None:
        co_proposer_invitations_set(topic=topic, emails=co_proposer_emails, actor=actor)
    if connected_topics is not None:
        topic.connected_topics.set([t for t in connected_topics if t.pk != topic.pk])
    return topic


@transaction.atomic
def topic_transition(
    *, topic: Topic, to_status: str, actor: User | None, reason: str = ""
) -> TopicTransition:
    """Move a topic along its life cycle; every move is kept in the audit trail."""
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    from_status = locked.status
    if to_status not in TOPIC_TRANSITIONS[from_status]:
        raise TransitionError(
            _("A topic cannot go from “%(from)s” to “%(to)s”."),
            code="transition",
            params={
                "from": TopicStatus(from_status).label,
                "to": TopicStatus(to_status).label,
            },
        )
    locked.status = to_status
    update_fields = ["status", "updated_at"]
    if to_status == TopicStatus.PROPOSED:
        locked.proposed_at = timezone.now()
        update_fields.append("proposed_at")
    if from_status == TopicStatus.PUBLISHED:
        # Off the site, whoever takes it off (first_published_at stays).
        locked.published_at = None
        update_fields.append("published_at")
    if to_status == TopicStatus.PROPOSED and locked.submitted_at is None:
        # First submitted: it takes its address from its title (see _slug_save).
        locked.submitted_at = timezone.now()
        update_fields += ["submitted_at", "slug"]
        _slug_save(locked, public=True, update_fields=update_fields)
    else:
        locked.save(update_fields=update_fields)
    if from_status == TopicStatus.SCHEDULED and to_status == TopicStatus.ACCEPTED:
        # The recording is cancelled: the calendars that hold it remove it.
        locked.recording_sequence += 1
        locked.save(update_fields=["recording_sequence"])
        recording_invitations_soon(locked, method=CANCEL, members=recording_people(locked))
    topic.status = locked.status
    topic.published_at = locked.published_at
    topic.recording_sequence = locked.recording_sequence
    topic.submitted_at = locked.submitted_at
    topic.proposed_at = locked.proposed_at
    topic.slug = locked.slug
    transition = decision_record(
        topic=topic, actor=actor, from_status=from_status, to_status=to_status, reason=reason
    )
    if from_status in PUBLIC_STATUSES and to_status not in PUBLIC_STATUSES:
        _topic_closed(topic=topic, actor=actor)
    if to_status == TopicStatus.RECORDED:
        # Nobody joins a set that has been filmed: the requests still waiting close.
        _requests_close(topic=topic, actor=actor, statuses=[ParticipationStatus.PENDING])
    if to_status == TopicStatus.PROPOSED and actor is not None:
        organizers_notify(
            topic=topic,
            kind=NotificationKind.TOPIC_PROPOSED,
            actor=actor,
            url=reverse("topics:workspace_topic", kwargs={"slug": topic.slug}),
        )
    if to_status == TopicStatus.PROPOSED:
        event_emit("topic.proposed", topic=topic)
    return transition


# Apps above this one (sponsorship) tell their own people when a topic leaves the site:
# they register here as Django starts (their AppConfig.ready), since topics never
# imports them. Each is called as listener(topic=..., actor=...), inside the transition.
_topic_closed_listeners: list[Callable[..., None]] = []


def topic_closed_listen(listener: Callable[..., None]) -> None:
    if listener not in _topic_closed_listeners:
        _topic_closed_listeners.append(listener)


def _topic_closed(*, topic: Topic, actor: User | None) -> None:
    """A public topic was declined, sent back to draft or withdrawn: its page is gone for
    applicants, so their open requests close (they may apply again if it comes back),
    and they, like the apps' listeners' people (sponsors), are told."""
    _requests_close(topic=topic, actor=actor, statuses=OPEN_PARTICIPATION_STATUSES)
    for listener in _topic_closed_listeners:
        listener(topic=topic, actor=actor)


def _requests_close(*, topic: Topic, actor: User | None, statuses) -> None:
    """Close the topic's requests in these statuses, each in the audit trail, and tell
    their authors."""
    requests = list(
        ParticipationRequest.objects.select_for_update()
        .filter(topic=topic, status__in=statuses)
        .select_related("applicant")
    )
    if requests:
        ParticipationRequest.objects.filter(pk__in=[r.pk for r in requests]).update(
            status=ParticipationStatus.CLOSED, decided_at=timezone.now()
        )
        for request in requests:
            decision_record(
                topic=topic,
                actor=actor,
                from_status=request.status,
                to_status=ParticipationStatus.CLOSED,
                subject=DecisionSubject.PARTICIPATION,
                subject_label=f"{request.applicant.display_name} ({request.get_role_display()})",
                subject_member=request.applicant,
            )
        notify(
            recipients=[r.applicant for r in requests],
            kind=NotificationKind.PARTICIPATION_DECISION,
            topic=topic,
            actor=actor,
            status_label=ParticipationStatus.CLOSED.label,
            url=reverse("topics:my_space"),
        )


def _edit_after_acceptance_record(*, before: Topic, topic: Topic, actor: User | None) -> None:
    """Keep an edit of an accepted topic in its audit trail and tell its organizers."""
    changed = [
        name for name in WATCHED_AFTER_ACCEPTANCE if getattr(before, name) != getattr(topic, name)
    ]
    if not changed:
        return
    parts = []
    for name in changed:
        label = str(Topic._meta.get_field(name).verbose_name).capitalize()
        old, new = getattr(before, name), getattr(topic, name)
        if name == "body":
            diff = difflib.unified_diff(
                old.splitlines(), new.splitlines(), _("before"), _("after"), lineterm=""
            )
            parts.append(f"{label}:\n" + "\n".join(diff))
        else:
            parts.append(f"{label}: “{old}” → “{new}”")
    description = "\n\n".join(parts)
    decision_record(
        topic=topic,
        actor=actor,
        from_status=before.status,
        to_status=topic.status,
        reason=description,
        subject=DecisionSubject.EDIT,
        subject_label=", ".join(str(Topic._meta.get_field(name).verbose_name) for name in changed),
    )
    notify(
        recipients=channel_organizers(topic),
        kind=NotificationKind.TOPIC_EDITED,
        topic=topic,
        actor=actor,
        message=description[:EDIT_NOTICE_CHARACTERS],
        url=reverse("topics:workspace_topic", kwargs={"slug": topic.slug}),
    )
