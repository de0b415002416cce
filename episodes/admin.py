from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.fields import SafeImageField
from episodes import services
from episodes.models import Chapter, Episode
from episodes.services import ChapterData
from episodes.transcripts import transcript_decode, transcript_parse


class EpisodeAdminForm(forms.ModelForm):
    thumbnail_upload = SafeImageField(label=_("New thumbnail"), required=False)
    transcript_file = forms.FileField(label=_("New WebVTT transcript"), required=False)

    class Meta:
        model = Episode
        fields = ["topic", "duration", "host_member", "host_name"]

    def clean_transcript_file(self):
        upload = self.cleaned_data.get("transcript_file")
        if upload is not None:
            # The same checks as the service's, said on the field instead of a 500.
            transcript_parse(transcript_decode(upload))
        return upload


class ChapterInline(admin.TabularInline):
    model = Chapter
    extra = 0
    fields = ["start", "title", "comment", "question"]
    raw_id_fields = ["comment", "question"]


@admin.register(Episode)
class EpisodeAdmin(admin.ModelAdmin):
    """Writes through the services, as the workspace does."""

    form = EpisodeAdminForm
    list_display = ["topic", "duration", "host_name", "host_member", "updated_at"]
    search_fields = ["topic__title", "host_name"]
    list_select_related = ["topic", "host_member"]
    raw_id_fields = ["topic", "host_member"]
    inlines = [ChapterInline]

    def get_readonly_fields(self, request, obj=None):
        return ["topic"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        episode = services.episode_update(
            topic=obj.topic,
            duration=obj.duration,
            host_member=obj.host_member,
            host_name=obj.host_name,
            thumbnail=form.cleaned_data.get("thumbnail_upload"),
        )
        upload = form.cleaned_data.get("transcript_file")
        if upload is not None:
            episode = services.transcript_upload(topic=obj.topic, file=upload)
        obj.pk = episode.pk
        obj.thumbnail, obj.thumbnail_small = episode.thumbnail, episode.thumbnail_small

    def save_related(self, request, form, formsets, change):
        form.save_m2m()
        for formset in formsets:
            if formset.model is not Chapter:
                formset.save()
                continue
            chapters = [
                ChapterData(
                    start=f.cleaned_data["start"],
                    title=f.cleaned_data["title"],
                    comment=f.cleaned_data.get("comment"),
                    question=f.cleaned_data.get("question"),
                )
                for f in formset.forms
                if f.cleaned_data
                and not f.cleaned_data.get("DELETE")
                and f.cleaned_data.get("start") is not None
            ]
            services.chapters_set(episode=form.instance, chapters=chapters)
            # What the admin's history message reads (the service wrote the rows).
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
