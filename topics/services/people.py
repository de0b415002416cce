"""Who is around a topic (its team, organizers, followers) and the decisions on
record: what the other parts of the services build on."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.services import notify
from topics.models import (
    DecisionSubject,
    Topic,
    TopicFollow,
    TopicTransition,
)
from topics.rules import ORGANIZERS_GROUP, can


def decision_record(
    *,
    topic: Topic,
    actor: User | None,
    from_status: str,
    to_status: str,
    reason: str = "",
    subject: str = DecisionSubject.TOPIC,
    subject_label: str = "",
    subject_member: User | None = None,
) -> TopicTransition:
    """Keep a decision in the topic's audit trail (any app may record one)."""
    return TopicTransition.objects.create(
        topic=topic,
        actor=actor,
        subject=subject,
        subject_label=subject_label[:200],
        subject_member=subject_member,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
    )


def channel_organizers(topic: Topic) -> list[User]:
    """Who organizes the topic's channel, by the rule of topics.rules: its own
    organizers, the Organizers group, and staff (who organize every channel)."""
    return list(
        User.objects.filter(
            Q(organized_channels=topic.channel_id)
            | Q(groups__name=ORGANIZERS_GROUP)
            | Q(is_staff=True)
            | Q(is_superuser=True),
            is_active=True,
        ).distinct()
    )


def organizers_notify(
    *,
    topic: Topic,
    kind: str,
    actor: User,
    url: str,
    message: str = "",
    actor_name: str = "",
    status_label: str = "",
    team_told: bool = True,
) -> None:
    """Tell the channel's organizers that something waits for them (a proposal, a
    request to take part, a sponsor's interest, a report), by notification and by mail
    as each chose. When the topic's own team hears of it as such (`team_told`), an
    organizer on the team is not told twice."""
    team = {member.pk for member in topic_team(topic)} if team_told else set()
    notify(
        recipients=[m for m in channel_organizers(topic) if m.pk not in team],
        kind=kind,
        topic=topic,
        actor=actor,
        actor_name=actor_name,
        status_label=status_label,
        message=message,
        url=url,
    )


def topic_team(topic: Topic) -> list[User]:
    return [topic.proposer, *topic.co_proposers.all()]


def topic_followers(topic: Topic) -> list[User]:
    return [f.member for f in TopicFollow.objects.filter(topic=topic).select_related("member")]


def topic_follow(*, topic: Topic, member: User) -> None:
    TopicFollow.ensure(topic_id=topic.pk, member_id=member.pk)


def topic_unfollow(*, topic: Topic, member: User) -> None:
    TopicFollow.objects.filter(topic=topic, member=member).delete()


def topic_take(*, topic: Topic, organizer: User, replacing: int | None = None) -> None:
    """The organizer takes charge of the topic, or takes it over from the organizer
    they saw in charge (`replacing`, a member id, or None when they saw no one). If
    someone else took charge meanwhile, nothing changes and the error says who."""
    _in_charge_change(topic=topic, organizer=organizer, replacing=replacing, to=organizer)


def topic_let_go(*, topic: Topic, organizer: User, replacing: int | None = None) -> None:
    """No one is in charge of the topic any more; any of its organizers may say so."""
    _in_charge_change(topic=topic, organizer=organizer, replacing=replacing, to=None)


def _in_charge_change(
    *, topic: Topic, organizer: User, replacing: int | None, to: User | None
) -> None:
    if not can(organizer, "topics.handle_topic", topic):
        raise PermissionDenied
    since = timezone.now() if to is not None else None
    changed = Topic.objects.filter(pk=topic.pk, handled_by=replacing).update(
        handled_by=to, handled_since=since
    )
    if not changed:
        current = Topic.objects.select_related("handled_by").get(pk=topic.pk).handled_by
        raise ValidationError(
            _("%(name)s took charge of this topic meanwhile.")
            % {"name": current.display_name if current else _("No one")},
            code="changed",
        )
    topic.handled_by, topic.handled_since = to, since
