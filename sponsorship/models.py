from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.versions import VersionedQuerySet
from topics.models import Topic


def sponsor_logo_path(instance: "SponsorshipInterest", filename: str) -> str:
    return f"sponsors/{filename}"


class SupportKind(models.TextChoices):
    MAIN = "main", _("Main sponsor")
    PARTNER = "partner", _("Partner")
    IN_KIND = "in_kind", _("In-kind support")


class BudgetBand(models.TextChoices):
    UNDISCLOSED = "undisclosed", _("I would rather discuss it")
    UNDER_5K = "under_5k", _("Under €5,000")
    FROM_5K = "5k_15k", _("€5,000 to €15,000")
    FROM_15K = "15k_50k", _("€15,000 to €50,000")
    OVER_50K = "over_50k", _("Over €50,000")


class InterestStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_DISCUSSION = "in_discussion", _("In discussion")
    CONFIRMED = "confirmed", pgettext_lazy("a sponsor offer: feminine in French", "Confirmed")
    DECLINED = "declined", pgettext_lazy("a sponsor offer: feminine in French", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("a sponsor offer: feminine in French", "Withdrawn")


OPEN_INTEREST_STATUSES = (
    InterestStatus.NEW,
    InterestStatus.IN_DISCUSSION,
    InterestStatus.CONFIRMED,
)


class SponsorshipInterest(models.Model):
    """ "If I sponsored this subject?": a lead for the organizers."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="sponsorship_interests")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sponsorship_interests"
    )
    organisation = models.CharField(_("organisation"), max_length=150)
    contact_name = models.CharField(_("contact name"), max_length=150)
    contact_email = models.EmailField(_("contact email"))
    support_kind = models.CharField(
        _("kind of support"),
        max_length=20,
        choices=SupportKind.choices,
        default=SupportKind.PARTNER,
    )
    budget_band = models.CharField(
        _("indicative budget"),
        max_length=20,
        choices=BudgetBand.choices,
        default=BudgetBand.UNDISCLOSED,
    )
    message = models.TextField(_("message to the organizers"), max_length=3000, blank=True)
    may_name_publicly = models.BooleanField(
        _("Once confirmed, the organisation may be named on the topic page"), default=True
    )
    logo = models.ImageField(_("logo"), upload_to=sponsor_logo_path, blank=True)
    # The whole logo within 256 x 256 pixels, its aspect ratio kept (never cropped).
    logo_thumbnail = models.ImageField(
        upload_to=sponsor_logo_path,
        blank=True,
        editable=False,
        width_field="logo_thumbnail_width",
        height_field="logo_thumbnail_height",
    )
    logo_thumbnail_width = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    logo_thumbnail_height = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=InterestStatus.choices, default=InterestStatus.NEW
    )
    internal_notes = models.TextField(_("internal notes"), max_length=5000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sponsor interest")
        verbose_name_plural = _("sponsor interests")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "member"],
                condition=Q(status__in=["new", "in_discussion", "confirmed"]),
                name="sponsorship_one_open_interest_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.topic}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_INTEREST_STATUSES


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale from 1 to 5")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)


class QuestionnaireTemplate(models.Model):
    """A reusable set of questions admins keep, copied onto topics."""

    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("questionnaire template")
        verbose_name_plural = _("questionnaire templates")

    def __str__(self) -> str:
        return self.name


class TemplateQuestion(models.Model):
    template = models.ForeignKey(
        QuestionnaireTemplate, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices)
    required = models.BooleanField(_("required"), default=False)
    options = models.TextField(
        _("options"), blank=True, help_text=_("For choice questions: one option per line.")
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("template question")
        verbose_name_plural = _("template questions")

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        limit = Choice._meta.get_field("label").max_length
        for line in self.options.splitlines():
            if len(line.strip()) > limit:
                raise ValidationError(
                    {
                        "options": _(
                            "An option holds up to %(limit)s characters; "
                            "“%(start)s…” has %(length)s."
                        )
                        % {"limit": limit, "start": line.strip()[:30], "length": len(line.strip())}
                    },
                    code="option_too_long",
                )


class Questionnaire(models.Model):
    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="questionnaire")
    title = models.CharField(_("title"), max_length=200, default="")
    intro = models.TextField(_("introduction"), max_length=2000, blank=True)
    is_open = models.BooleanField(_("open to answers"), default=True)
    template = models.ForeignKey(
        QuestionnaireTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return self.title or str(self.topic)


class Question(models.Model):
    """A question keeps its answers: once answered it is never deleted nor changes type.

    It is retired instead (no longer asked, still in the results with its answers),
    and a change of type starts a new question. ``Answer.question`` restricts
    deletion, so the admin and the shell cannot delete an answered question either.
    """

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices)
    required = models.BooleanField(_("required"), default=False)
    template_question = models.ForeignKey(
        TemplateQuestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    retired_at = models.DateTimeField(
        _("retired"),
        null=True,
        blank=True,
        help_text=_("A retired question is no longer asked; its answers stay in the results."),
    )

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.pk is None:
            return
        kind = Question.objects.filter(pk=self.pk).values_list("kind", flat=True).first()
        if kind is not None and kind != self.kind and self.answers.exists():
            raise ValidationError(
                {
                    "kind": _(
                        "This question has answers, so its type cannot change: retire it "
                        "and add a new question."
                    )
                },
                code="answered",
            )

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class Choice(models.Model):
    """An option keeps its answers: once chosen it is retired, never deleted nor renamed
    (``AnswerChoice.choice`` restricts deletion)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("option"), max_length=200)
    retired_at = models.DateTimeField(
        _("retired"),
        null=True,
        blank=True,
        help_text=_("A retired option is no longer offered; its answers stay in the results."),
    )

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.pk is None:
            return
        label = Choice.objects.filter(pk=self.pk).values_list("label", flat=True).first()
        if label is not None and label != self.label and self.answers.exists():
            raise ValidationError(
                {
                    "label": _(
                        "This option has answers, so it cannot be renamed: retire it and "
                        "add a new option."
                    )
                },
                code="answered",
            )

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class Response(models.Model):
    """One member's answers to a questionnaire (one per member, changeable while open)."""

    # Lookups by questionnaire use the (questionnaire, respondent) unique index.
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="responses", db_index=False
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questionnaire_responses"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "respondent"], name="questionnaire_one_response_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.respondent} → {self.questionnaire}"


class Answer(models.Model):
    # Lookups by response use the (response, question) unique index.
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    # RESTRICT: an answered question cannot be deleted, unless its answers go too
    # (the questionnaire, the topic or the respondent's account being deleted).
    question = models.ForeignKey(Question, on_delete=models.RESTRICT, related_name="answers")
    text = models.TextField(blank=True)
    scale = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    choices = models.ManyToManyField(
        Choice, blank=True, related_name="answers", through="AnswerChoice"
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_one_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.text or self.scale or ''}"


class AnswerChoice(models.Model):
    """An option chosen in an answer (the table Django made for ``Answer.choices``)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE)
    # RESTRICT: a chosen option cannot be deleted, unless the answer goes too.
    choice = models.ForeignKey(Choice, on_delete=models.RESTRICT)

    class Meta:
        db_table = "sponsorship_answer_choices"
        unique_together = [("answer", "choice")]
        verbose_name = _("chosen option")
        verbose_name_plural = _("chosen options")

    def __str__(self) -> str:
        return f"{self.answer_id} → {self.choice}"


class ReachSource(models.TextChoices):
    ENTERED = "entered", _("Entered by the organizers")
    PEERTUBE = "peertube", _("Read from PeerTube")


class EpisodeReach(models.Model):
    """One reading of an episode's views, kept with its date and origin: the report shows
    the latest and the history. Views are not people: nothing here is hidden below 5."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="reach_readings")
    views = models.PositiveBigIntegerField(_("views"))
    source = models.CharField(_("source"), max_length=20, choices=ReachSource.choices)
    # Where the figure was read: "YouTube Studio", a PeerTube host…
    source_detail = models.CharField(_("where the figure comes from"), max_length=150)
    measured_at = models.DateTimeField(_("measured on"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-measured_at", "-pk"]
        verbose_name = _("episode views")
        verbose_name_plural = _("episode views")
        indexes = [models.Index(fields=["topic", "-measured_at"])]

    def __str__(self) -> str:
        return f"{self.topic_id}: {self.views} ({self.source}, {self.measured_at:%Y-%m-%d})"
