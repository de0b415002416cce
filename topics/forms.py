import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.validators import validate_email
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.fields import LimitsShownMixin, SafeImageField
from topics.models import (
    PUBLIC_STATUSES,
    TOPIC_CONTENT_FIELDS,
    Feedback,
    GuestAnswer,
    InvitationStatus,
    Opinion,
    OpinionChoice,
    ParticipationRequest,
    ParticipationRole,
    Studio,
    Topic,
    TopicLocation,
    TopicStatus,
)
from topics.selectors import channel_list_active
from topics.services import PAST_RECORDING_MESSAGE
from topics.video import video_embed


class TopicForm(LimitsShownMixin, forms.ModelForm):
    cover_upload = SafeImageField(
        label=_("Cover image"),
        required=False,
        help_text=_("Optional. JPEG, PNG or WebP, at most 5 MB."),
    )
    co_proposer_emails = forms.CharField(
        label=_("Co-proposers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Email addresses of the people who bring this topic with you, one per line. "
            "If an address belongs to a member, they will be invited; they become "
            "co-proposers once they accept."
        ),
    )
    connected_links = forms.CharField(
        label=_("Connected subjects"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Links to other Webcastory topics, one per line."),
    )

    class Meta:
        model = Topic
        fields = list(TOPIC_CONTENT_FIELDS)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "preparation_notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, may_invite: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_invite:
            # Only the proposer and the organizers choose the co-proposers.
            del self.fields["co_proposer_emails"]
        self.fields["channel"].queryset = channel_list_active()
        self.fields["channel"].label_from_instance = lambda channel: channel.localized_name
        if self.instance.pk:
            self.initial["co_proposer_emails"] = "\n".join(
                [
                    *self.instance.co_proposers.values_list("email", flat=True),
                    *self.instance.co_proposer_invitations.filter(
                        status=InvitationStatus.PENDING
                    ).values_list("email", flat=True),
                ]
            )
            self.initial["connected_links"] = "\n".join(
                f"/topics/{slug}/"
                for slug in self.instance.connected_topics.values_list("slug", flat=True)
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("The topic"), "channel", "title", "summary", "body", "cover_upload"),
            Fieldset(_("Practical details"), "format", "treatment", "location", "location_detail",
                     "language"),
            Fieldset(_("Preparation"), "preparation_notes",
                     *(["co_proposer_emails"] if may_invite else []), "connected_links"),
        )  # fmt: skip

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean_co_proposer_emails(self) -> list[str]:
        """The addresses, checked for form only: whether one is a member's is not said."""
        emails = [
            e.strip().lower()
            for e in re.split(r"[\s,;]+", self.cleaned_data["co_proposer_emails"])
            if e.strip()
        ]
        if len(emails) > 10:
            raise forms.ValidationError(_("At most ten co-proposers."))
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(email)s” is not an email address."), params={"email": email[:100]}
                ) from None
        return list(dict.fromkeys(emails))

    def clean_connected_links(self) -> list[Topic]:
        slugs = []
        for line in self.cleaned_data["connected_links"].splitlines():
            line = line.strip()
            if not line:
                continue
            path = re.sub(r"^https?://[^/]+", "", line).split("?")[0].split("#")[0]
            try:
                match = resolve(path if path.endswith("/") else path + "/")
            except Resolver404:
                match = None
            if match is None or match.view_name != "topics:topic_detail":
                raise forms.ValidationError(
                    _("“%(line)s” is not a link to a Webcastory topic."),
                    params={"line": line[:100]},
                )
            slugs.append(match.kwargs["slug"])
        if len(slugs) > 10:
            raise forms.ValidationError(_("At most ten connected subjects."))
        topics = list(Topic.objects.filter(slug__in=slugs, status__in=PUBLIC_STATUSES))
        missing = sorted(set(slugs) - {t.slug for t in topics})
        if missing:
            raise forms.ValidationError(
                _("These topics do not exist or are not public: %(slugs)s"),
                params={"slugs": ", ".join(missing)},
            )
        return topics


class OpinionForm(forms.ModelForm):
    choice = forms.ChoiceField(
        label=_("I find this subject…"), choices=OpinionChoice.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = Opinion
        fields = ["choice"]


class FeedbackForm(LimitsShownMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        # Unique ids: the topic page shows this form beside the comment form.
        kwargs.setdefault("auto_id", "feedback_%s")
        super().__init__(*args, **kwargs)

    class Meta:
        model = Feedback
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"body": _("Only the proposers and the organizers will read it.")}


class ParticipationRequestForm(LimitsShownMixin, forms.ModelForm):
    # Radio buttons with none chosen beforehand: no blank "---------" option.
    role = forms.ChoiceField(
        label=_("Role wanted"),
        choices=ParticipationRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the role you would like on the set.")},
    )

    class Meta:
        model = ParticipationRequest
        fields = ["role", "motivation", "availability", "show_publicly"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 4})}
        labels = {"motivation": _("I explain my motivation to the organizers")}
        help_texts = {"availability": _("For example: weekday mornings, from March.")}


class TopicDecisionForm(LimitsShownMixin, forms.Form):
    DECISIONS = [
        ("accepted", _("Accept the topic")),
        ("draft", _("Ask the proposer for changes (back to draft)")),
        ("declined", _("Decline the topic")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Message to the proposer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to decline or to ask for changes."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") in ("declined", "draft") and not data.get("reason", "").strip():
            self.add_error("reason", _("Tell the proposer why, in a few words."))
        return data


REMOTE, ON_SITE = TopicLocation.REMOTE.value, TopicLocation.ON_SITE.value
STUDIO_CHOICE = "studio:"


class ScheduleForm(LimitsShownMixin, forms.Form):
    """When and where: a studio of the topic's channel, remote (with the link) or on
    site (with the address). After a conflict, "Schedule anyway" is offered."""

    recording_at = forms.DateTimeField(
        label=_("Recording date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    duration = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=10, max_value=600, initial=60
    )
    place = forms.ChoiceField(label=_("Where"), required=False)
    location_detail = forms.CharField(
        label=_("Where exactly: link or address"), max_length=200, required=False,
        help_text=_(
            "Remote: the link and how to join. On site: the full address. "
            "A studio's address comes from the studio."
        ),
    )  # fmt: skip
    override = forms.BooleanField(
        label=_("Schedule anyway, despite the conflicts above"), required=False
    )

    def __init__(self, *args, studios=(), conflicts: bool = False, kept_studio=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.studios = {str(studio.pk): studio for studio in studios}
        # "Keep as it is" keeps the studio booked too, not only the kind of place.
        self.kept_studio = kept_studio
        self.fields["place"].choices = [
            ("", _("Keep as it is")),
            *((f"{STUDIO_CHOICE}{pk}", studio.public_label) for pk, studio in self.studios.items()),
            (REMOTE, _("Remote")),
            (ON_SITE, _("On site, at the address below")),
        ]
        zone = timezone.get_default_timezone()
        self.fields["recording_at"].help_text = _("Time in %(zone)s.") % {"zone": str(zone)}
        self.fields["recording_at"].label = _("Recording date and time (%(zone)s)") % {
            "zone": str(zone)
        }
        if not conflicts:
            del self.fields["override"]

    @classmethod
    def place_of(cls, topic) -> str:
        if topic.studio_id:
            return f"{STUDIO_CHOICE}{topic.studio_id}"
        if topic.location in (REMOTE, ON_SITE):
            return topic.location
        return ""

    def clean_recording_at(self):
        recording_at = self.cleaned_data["recording_at"]
        if recording_at <= timezone.now():
            raise forms.ValidationError(PAST_RECORDING_MESSAGE, code="past")
        return recording_at

    def clean(self):
        data = super().clean()
        place = data.get("place") or ""
        data["studio"] = None if place else self.kept_studio
        data["location"] = None
        if place.startswith(STUDIO_CHOICE):
            data["studio"] = self.studios[place.removeprefix(STUDIO_CHOICE)]
        elif place in (REMOTE, ON_SITE):
            data["location"] = place
            if not data.get("location_detail", "").strip() and "location_detail" in data:
                self.add_error(
                    "location_detail",
                    _("Give the link to join remotely.")
                    if place == REMOTE
                    else _("Give the address."),
                )
        return data


class StudioForm(LimitsShownMixin, forms.ModelForm):
    class Meta:
        model = Studio
        fields = ["name", "city", "address", "notes", "order", "is_active"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class PublishForm(forms.Form):
    video_url = forms.URLField(
        label=_("Episode video"),
        assume_scheme="https",
        help_text=_("A YouTube, Vimeo or PeerTube link, or an https link to a video file."),
    )

    def clean_video_url(self) -> str:
        url = self.cleaned_data["video_url"]
        if video_embed(url) is None:
            raise forms.ValidationError(
                _("Use a YouTube, Vimeo or PeerTube link, or an https link to a video file.")
            )
        return url


class ParticipationDecisionForm(LimitsShownMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accepted", _("Accept")), ("declined", _("Decline"))],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, request_pk: int | None = None, **kwargs):
        self.request_pk = request_pk
        if request_pk is not None:
            kwargs.setdefault("auto_id", f"request_{request_pk}_%s")
        super().__init__(*args, **kwargs)


class TopicHandleForm(forms.Form):
    """Take charge of a topic or let it go, saying who was in charge as one saw it."""

    action = forms.ChoiceField(choices=[("take", "take"), ("let_go", "let_go")])
    current = forms.IntegerField(required=False)


class RecordingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the recording is cancelled"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent to the team and the guests with the calendar cancellation."),
    )


class RecordingProgressForm(forms.Form):
    """Where a recorded topic goes next: recorded, then in post-production."""

    to_status = forms.ChoiceField(
        choices=[
            (TopicStatus.RECORDED, TopicStatus.RECORDED.label),
            (TopicStatus.POST_PRODUCTION, TopicStatus.POST_PRODUCTION.label),
        ]
    )


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("Title of the follow-up"), max_length=160)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the follow-up episode adds. The full text is the topic's, to edit."),
    )


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the episode leaves the site"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the topic's history, for the other organizers."),
    )


class GuestAnswerForm(forms.Form):
    """An accepted participant's answer to the invitation."""

    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (GuestAnswer.CONFIRMED.value, _("I confirm: I will take part")),
            (GuestAnswer.DECLINED.value, _("I decline: I will not take part")),
        ],
        widget=forms.RadioSelect,
    )
    credits_bio = forms.CharField(
        label=_("Short bio for the credits"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in the episode's credits: who you are, in a sentence or two."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree to being filmed and to the recording's publication on Webcastory. "
            "I may withdraw this consent until the episode is published."
        ),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("answer") == GuestAnswer.CONFIRMED and not data.get("consent"):
            self.add_error(
                "consent",
                _("To take part, consent to being filmed and to the episode's publication."),
            )
        return data


class GuestMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent by notification and mail, and kept with the topic."),
    )
