"""Which cache versions a write to a sponsorship model moves (see core/versions.py)."""

from accounts.models import User
from core import versions
from core.versions import watch
from sponsorship.models import Choice, Question, Questionnaire, Response, SponsorshipInterest


def _interest(interest: SponsorshipInterest):
    # Confirmed sponsors are on the topic page, and the rules read them with it.
    return (versions.topic_activity(interest.topic_id),)


def _questionnaire(questionnaire: Questionnaire):
    return (versions.topic_activity(questionnaire.topic_id),)


def _by_questionnaire(model, field: str):
    def moves(row):
        topic_ids = Questionnaire.objects.filter(
            pk__in=model._default_manager.filter(pk=row.pk).values(field)
        ).values_list("topic_id", flat=True)
        return [versions.topic_activity(pk) for pk in topic_ids]

    return moves


def _response(response: Response):
    topic_id = (
        Questionnaire.objects.filter(pk=response.questionnaire_id)
        .values_list("topic_id", flat=True)
        .first()
    )
    return () if topic_id is None else (versions.topic_activity(topic_id),)


def _sponsor_appearances(member: User):
    if member.pk is None:
        return ()
    topic_ids = SponsorshipInterest.objects.filter(member=member).values_list("topic_id", flat=True)
    return [versions.topic_activity(pk) for pk in set(topic_ids)]


def watch_sponsorship() -> None:
    watch(SponsorshipInterest, _interest, needs=("topic_id",))
    watch(Questionnaire, _questionnaire, needs=("topic_id",))
    watch(Question, _by_questionnaire(Question, "questionnaire_id"))
    watch(Choice, _by_questionnaire(Choice, "question__questionnaire_id"))
    watch(Response, _response, needs=("questionnaire_id",))
    watch(User, _sponsor_appearances, shown=User.DISPLAY_FIELDS)
