"""Writes for sponsor interest and audience questionnaires."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.images import image_reencode
from accounts.models import User
from sponsorship.models import (
    CHOICE_KINDS,
    OPEN_INTEREST_STATUSES,
    Answer,
    Choice,
    InterestStatus,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireTemplate,
    Response,
    SponsorshipInterest,
)
from topics.models import DecisionSubject, NotificationKind, Topic
from topics.notifications import notify
from topics.services import decision_record

INTEREST_TRANSITIONS: dict[str, frozenset[str]] = {
    InterestStatus.NEW: frozenset(
        {InterestStatus.IN_DISCUSSION, InterestStatus.CONFIRMED, InterestStatus.DECLINED}
    ),
    InterestStatus.IN_DISCUSSION: frozenset({InterestStatus.CONFIRMED, InterestStatus.DECLINED}),
    InterestStatus.CONFIRMED: frozenset({InterestStatus.DECLINED}),
    InterestStatus.DECLINED: frozenset(),
    InterestStatus.WITHDRAWN: frozenset(),
}


class DuplicateInterestError(ValidationError):
    pass


def _duplicate() -> DuplicateInterestError:
    return DuplicateInterestError(
        _("You already expressed interest for this topic. Withdraw it to send a new one."),
        code="duplicate",
    )


def sponsorship_interest_record(
    *, topic: Topic, member: User, logo=None, **fields: Any
) -> SponsorshipInterest:
    """One open interest per member and topic, also under concurrent submissions; none
    once the episode is published."""
    if topic.is_published:
        raise ValidationError(
            _("The episode is published; sponsor offers are closed."), code="published"
        )
    if SponsorshipInterest.objects.filter(
        topic=topic, member=member, status__in=OPEN_INTEREST_STATUSES
    ).exists():
        raise _duplicate()
    interest = SponsorshipInterest(topic=topic, member=member, **fields)
    if logo is not None:
        clean = image_reencode(logo)
        interest.logo.save(clean.image.name, clean.image, save=False)
        interest.logo_thumbnail.save(clean.thumbnail.name, clean.thumbnail, save=False)
    try:
        with transaction.atomic():
            interest.save()
            notify(
                recipients=[topic.proposer],
                kind=NotificationKind.SPONSOR_NEW,
                topic=topic,
                actor=member,
                actor_name=interest.organisation,
                message=interest.message,
                url=reverse("sponsorship:lead_list", kwargs={"slug": topic.slug}),
            )
    except IntegrityError as error:
        for field in (interest.logo, interest.logo_thumbnail):
            if field:
                field.delete(save=False)
        raise _duplicate() from error
    return interest


@transaction.atomic
def sponsorship_interest_withdraw(*, interest: SponsorshipInterest, by: User) -> None:
    if interest.member_id != by.pk:
        raise PermissionDenied
    if not interest.is_open:
        raise ValidationError(_("This interest is already closed."), code="closed")
    interest.status = InterestStatus.WITHDRAWN
    interest.save(update_fields=["status", "updated_at"])


@transaction.atomic
def sponsorship_interest_decide(
    *,
    interest: SponsorshipInterest,
    status: str,
    actor: User | None = None,
    internal_notes: str | None = None,
) -> SponsorshipInterest:
    """Organizers move a lead along: new → in discussion → confirmed or declined.

    A change of status goes to the audit trail and to the member; notes alone do not.
    """
    locked = SponsorshipInterest.objects.select_for_update().get(pk=interest.pk)
    if status != locked.status and status not in INTEREST_TRANSITIONS[locked.status]:
        raise ValidationError(
            _("A sponsor interest cannot go from “%(from)s” to “%(to)s”."),
            code="transition",
            params={
                "from": InterestStatus(locked.status).label,
                "to": InterestStatus(status).label,
            },
        )
    from_status = locked.status
    locked.status = status
    if internal_notes is not None:
        locked.internal_notes = internal_notes
    locked.save(update_fields=["status", "internal_notes", "updated_at"])
    interest.status, interest.internal_notes = locked.status, locked.internal_notes
    if from_status != status:
        decision_record(
            topic=locked.topic,
            actor=actor,
            from_status=from_status,
            to_status=status,
            subject=DecisionSubject.SPONSORSHIP,
            subject_label=locked.organisation,
        )
        notify(
            recipients=[locked.member],
            kind=NotificationKind.SPONSOR_DECISION,
            topic=locked.topic,
            actor=actor,
            status_label=InterestStatus(status).label,
            url=f"{locked.topic.get_absolute_url()}#sponsor",
        )
    return locked


TOPIC_CLOSED_LABEL = gettext_lazy("the topic is no longer open")


def sponsorship_interests_tell_topic_closed(*, topic: Topic, actor: User | None) -> None:
    """The topic left the site (declined, sent back to draft, withdrawn): the members with
    an open sponsor interest hear of it. Their interests stay as they are, for the
    organizers to follow up (the topic may come back). Called by topics.services."""
    members = {
        interest.member
        for interest in SponsorshipInterest.objects.filter(
            topic=topic, status__in=OPEN_INTEREST_STATUSES
        ).select_related("member")
    }
    notify(
        recipients=members,
        kind=NotificationKind.SPONSOR_DECISION,
        topic=topic,
        actor=actor,
        status_label=TOPIC_CLOSED_LABEL,
        url=reverse("topics:my_space"),
    )


# Questionnaires --------------------------------------------------------------------


def _choices_set(question: Question, labels: list[str]) -> None:
    """Keep existing options whose label stays (their answers too), add and drop the rest."""
    existing = {choice.label: choice for choice in question.choices.all()}
    keep = []
    for order, label in enumerate(labels):
        choice = existing.get(label)
        if choice is None:
            choice = Choice.objects.create(question=question, label=label, order=order)
        elif choice.order != order:
            choice.order = order
            choice.save(update_fields=["order"])
        keep.append(choice.pk)
    question.choices.exclude(pk__in=keep).delete()


def options_parse(text: str) -> list[str]:
    labels: list[str] = []
    for line in (text or "").splitlines():
        label = line.strip()[:200]
        if label and label not in labels:
            labels.append(label)
    return labels


@transaction.atomic
def questionnaire_save(
    *, topic: Topic, title: str, intro: str, is_open: bool, questions: list[dict[str, Any]]
) -> Questionnaire:
    """Create or update a topic's questionnaire and its ordered questions.

    ``questions`` items: ``id`` (None for a new one), ``text``, ``help_text``,
    ``kind``, ``required``, ``options`` (list of labels), ``delete``.
    """
    questionnaire, _created = Questionnaire.objects.get_or_create(topic=topic)
    questionnaire.title, questionnaire.intro, questionnaire.is_open = title, intro, is_open
    questionnaire.save()
    order = 0
    for item in questions:
        question = questionnaire.questions.filter(pk=item["id"]).first() if item.get("id") else None
        if item.get("delete"):
            if question is not None:
                question.delete()
            continue
        if question is None:
            question = Question(questionnaire=questionnaire)
        question.order = order
        order += 1
        for name in ("text", "help_text", "kind", "required"):
            setattr(question, name, item[name])
        question.save()
        _choices_set(question, item.get("options", []) if question.kind in CHOICE_KINDS else [])
    return questionnaire


@transaction.atomic
def questionnaire_copy_template(*, topic: Topic, template: QuestionnaireTemplate) -> Questionnaire:
    """Append a template's questions to the topic's questionnaire (created if needed)."""
    questionnaire, created = Questionnaire.objects.get_or_create(
        topic=topic, defaults={"title": template.name, "template": template}
    )
    if not created and questionnaire.template_id is None:
        questionnaire.template = template
        questionnaire.save(update_fields=["template"])
    start = questionnaire.questions.count()
    for offset, source in enumerate(template.questions.all()):
        question = Question.objects.create(
            questionnaire=questionnaire,
            order=start + offset,
            text=source.text,
            help_text=source.help_text,
            kind=source.kind,
            required=source.required,
            template_question=source,
        )
        if source.kind in CHOICE_KINDS:
            _choices_set(question, options_parse(source.options))
    return questionnaire


def response_submit(
    *, questionnaire: Questionnaire, respondent: User, answers: dict[int, Any]
) -> Response:
    """Save a member's answers all at once, replacing earlier ones; nothing half-saved.

    ``answers`` maps a question id to a str (text), an int (scale), a Choice
    (single) or a list of Choices (multiple), already validated by the form.
    """
    if not questionnaire.is_open:
        raise ValidationError(_("This questionnaire is closed."), code="closed")
    for _attempt in range(2):
        try:
            with transaction.atomic():
                response, _created = Response.objects.select_for_update().get_or_create(
                    questionnaire=questionnaire, respondent=respondent
                )
                response.answers.all().delete()
                for question in questionnaire.questions.all():
                    value = answers.get(question.pk)
                    if value in (None, "", []):
                        continue
                    answer = Answer(response=response, question=question)
                    if question.kind == QuestionKind.SCALE:
                        answer.scale = int(value)
                    elif question.kind in CHOICE_KINDS:
                        answer.save()
                        answer.choices.set(value if isinstance(value, list) else [value])
                        continue
                    else:
                        answer.text = str(value)
                    answer.save()
                response.save(update_fields=["updated_at"])
                return response
        except IntegrityError:
            # Another submission of the same member created the response first.
            continue
    raise ValidationError(_("Your answers could not be saved. Please try again."))
