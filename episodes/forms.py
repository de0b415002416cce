"""The organizers' episode forms: validation only; the services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.fields import LimitsShownMixin, SafeImageField
from accounts.models import User
from episodes import selectors
from episodes.models import Chapter, Episode
from episodes.services import ChapterData
from episodes.timecodes import timecode_format, timecode_parse
from topics.models import ParticipationStatus, Topic
from topics.rules import ORGANIZERS_GROUP

MAX_CHAPTERS = 100


class TimecodeField(forms.CharField):
    """Seconds, written as h:mm:ss or mm:ss."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"maxlength": "12", "inputmode": "numeric"})

    def prepare_value(self, value):
        return timecode_format(value) if isinstance(value, int) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > 12:
            raise ValidationError(_("Enter a time such as 1:02:03 or 02:03."), code="timecode")
        return timecode_parse(value)


class EpisodeForm(LimitsShownMixin, forms.Form):
    thumbnail_upload = SafeImageField(
        label=_("Thumbnail"),
        required=False,
        help_text=_("Optional. JPEG, PNG or WebP, at most 5 MB; 16:9 looks best."),
    )
    thumbnail_remove = forms.BooleanField(label=_("Remove the thumbnail"), required=False)
    duration = TimecodeField(
        label=_("Duration"),
        required=False,
        help_text=_("h:mm:ss or mm:ss, e.g. 1:02:30. Chapters must start within it."),
    )
    host_member = forms.ModelChoiceField(
        label=_("Host (member)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("The topic's accepted participants and the channel's organizers."),
    )
    host_name = forms.CharField(
        label=_("Host (name)"),
        max_length=Episode._meta.get_field("host_name").max_length,
        required=False,
        help_text=_("For a host who is not a member."),
    )

    def __init__(self, *args, topic: Topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_member"].queryset = (
            User.objects.filter(
                Q(
                    participation_requests__topic=topic,
                    participation_requests__status=ParticipationStatus.ACCEPTED,
                )
                | Q(organized_channels=topic.channel)
                | Q(groups__name=ORGANIZERS_GROUP),
                is_active=True,
            )
            .distinct()
            .order_by("full_name", "email")
        )
        self.fields["host_member"].label_from_instance = lambda member: member.display_name


def _comment_label(comment) -> str:
    return f"#{comment.pk} · {comment.author.display_name}: {Truncator(comment.body).chars(60)}"


class ChapterForm(forms.Form):
    start = TimecodeField(label=_("Start"), help_text=_("h:mm:ss or mm:ss"))
    title = forms.CharField(
        label=_("Title"), max_length=Chapter._meta.get_field("title").max_length
    )
    comment = forms.ModelChoiceField(label=_("Comment it answers"), queryset=None, required=False)
    question = forms.ModelChoiceField(
        label=_("Questionnaire question"), queryset=None, required=False
    )

    def __init__(self, *args, comments, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].queryset = comments
        self.fields["comment"].label_from_instance = _comment_label
        self.fields["question"].queryset = questions


class BaseChapterFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            # A chapter's own errors are said on its row; its data is not whole.
            return
        if len(self.chapters()) > MAX_CHAPTERS:
            raise forms.ValidationError(
                _("An episode holds at most %(count)s chapters.") % {"count": MAX_CHAPTERS}
            )

    def chapters(self) -> list[ChapterData]:
        return [
            ChapterData(
                start=form.cleaned_data["start"],
                title=form.cleaned_data["title"],
                comment=form.cleaned_data.get("comment"),
                question=form.cleaned_data.get("question"),
            )
            for form in self.forms
            if form.has_changed()
            and not self._should_delete_form(form)
            and form.cleaned_data.get("start") is not None
        ]


ChapterFormSet = forms.formset_factory(
    ChapterForm, formset=BaseChapterFormSet, extra=3, can_delete=True, max_num=MAX_CHAPTERS
)


def chapter_formset(topic: Topic, *args, **kwargs):
    return ChapterFormSet(
        *args,
        prefix="chapters",
        form_kwargs={
            "comments": selectors.comments_for_chapters(topic=topic),
            "questions": selectors.questions_for_chapters(topic=topic),
        },
        **kwargs,
    )


def chapter_initial(chapter: Chapter) -> dict:
    return {
        "start": chapter.start,
        "title": chapter.title,
        "comment": chapter.comment_id,
        "question": chapter.question_id,
    }


class TranscriptForm(forms.Form):
    file = forms.FileField(label=_("WebVTT transcript (.vtt)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A WebVTT file, UTF-8, at most %(limit)s. It replaces the current one."
        ) % {"limit": filesizeformat(settings.TRANSCRIPT_MAX_BYTES)}
        self.fields["file"].widget.attrs["accept"] = ".vtt,text/vtt"
