import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import User
from comments.models import Comment
from core.markdown import markdown_render
from sponsorship.models import (
    Choice,
    Question,
    QuestionKind,
    Questionnaire,
    SponsorshipInterest,
)
from topics.models import (
    Channel,
    Feedback,
    Opinion,
    OpinionChoice,
    ParticipationRequest,
    ParticipationRole,
    Topic,
    TopicStatus,
)
from topics.rules import ORGANIZERS_GROUP


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.com")
    full_name = factory.Sequence(lambda n: f"Member {n}")
    headline = "Consultant"
    company = "Example & Co"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "correct-horse-battery-42")
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganizerFactory(UserFactory):
    @factory.post_generation
    def organizer_group(self, create, extracted, **kwargs):
        if create:
            group, _created = Group.objects.get_or_create(name=ORGANIZERS_GROUP)
            self.groups.add(group)


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Channel {n}")
    name_fr = factory.LazyAttribute(lambda o: f"Chaîne {o.name}")
    slug = factory.Sequence(lambda n: f"channel-{n}")
    description = "What this channel is about."
    description_fr = "De quoi parle cette chaîne."
    order = factory.Sequence(int)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Topic number {n}")
    slug = factory.Sequence(lambda n: f"topic-number-{n}")
    channel = factory.SubFactory(ChannelFactory)
    summary = "A short summary of the topic."
    body = "The **full** text of the topic."
    body_html = factory.LazyAttribute(lambda o: markdown_render(o.body))
    preparation_notes = "Secret preparation notes."
    preparation_notes_html = factory.LazyAttribute(lambda o: markdown_render(o.preparation_notes))
    proposer = factory.SubFactory(UserFactory)
    status = TopicStatus.PROPOSED


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    topic = factory.SubFactory(TopicFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Comment text {n}")
    body_html = factory.LazyAttribute(lambda o: markdown_render(o.body))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from comments.services import comment_thread_place

        comment = model_class(*args, **kwargs)
        comment_thread_place(comment)
        comment.save()
        return comment


class OpinionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opinion

    topic = factory.SubFactory(TopicFactory)
    member = factory.SubFactory(UserFactory)
    choice = OpinionChoice.ESSENTIAL


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    topic = factory.SubFactory(TopicFactory)
    author = factory.SubFactory(UserFactory)
    body = "Private feedback for the proposer."


class ParticipationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipationRequest

    topic = factory.SubFactory(TopicFactory)
    applicant = factory.SubFactory(UserFactory)
    role = ParticipationRole.GUEST
    motivation = "I have done this for ten years."


class SponsorshipInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SponsorshipInterest

    topic = factory.SubFactory(TopicFactory)
    member = factory.SubFactory(UserFactory)
    organisation = factory.Sequence(lambda n: f"Sponsor Company {n}")
    contact_name = "Sam Contact"
    contact_email = "sam@example.com"


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    topic = factory.SubFactory(TopicFactory)
    title = "Who are you?"


def questionnaire_with_every_kind(topic=None) -> Questionnaire:
    """A questionnaire holding one question of each type, the first two required."""
    questionnaire = QuestionnaireFactory(**({"topic": topic} if topic else {}))
    role = Question.objects.create(
        questionnaire=questionnaire,
        order=0,
        text="Your role",
        kind=QuestionKind.SINGLE,
        required=True,
    )
    for order, label in enumerate(["Manager", "Engineer", "Other"]):
        Choice.objects.create(question=role, order=order, label=label)
    Question.objects.create(
        questionnaire=questionnaire,
        order=1,
        text="Relevance",
        kind=QuestionKind.SCALE,
        required=True,
    )
    sectors = Question.objects.create(
        questionnaire=questionnaire, order=2, text="Sectors", kind=QuestionKind.MULTIPLE
    )
    for order, label in enumerate(["Tech", "Retail", "Public"]):
        Choice.objects.create(question=sectors, order=order, label=label)
    Question.objects.create(
        questionnaire=questionnaire, order=3, text="Company", kind=QuestionKind.SHORT_TEXT
    )
    Question.objects.create(
        questionnaire=questionnaire, order=4, text="Expectations", kind=QuestionKind.LONG_TEXT
    )
    return questionnaire


# Episodes (appended: keeps merges with the other apps' factories easy) -----------------


def _published_topic_factory():
    from django.utils import timezone

    return TopicFactory(
        status=TopicStatus.PUBLISHED,
        published_at=timezone.now(),
        first_published_at=timezone.now(),
        video_url="https://www.youtube.com/watch?v=abcdefghijk",
    )


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "episodes.Episode"

    topic = factory.LazyFunction(_published_topic_factory)
    duration = 3600
    host_name = "Harriet Host"


class ChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "episodes.Chapter"

    episode = factory.SubFactory(EpisodeFactory)
    start = factory.Sequence(lambda n: 60 * n)
    title = factory.Sequence(lambda n: f"Chapter {n}")


class TranscriptCueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "episodes.TranscriptCue"

    episode = factory.SubFactory(EpisodeFactory)
    start_ms = factory.Sequence(lambda n: 5000 * n)
    end_ms = factory.LazyAttribute(lambda o: o.start_ms + 4000)
    text = factory.Sequence(lambda n: f"Cue text {n}")
