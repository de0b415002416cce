from django import forms
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.fields import SafeImageField
from core.admin import DecidedThroughServiceAdmin
from topics import services
from topics.models import (
    Channel,
    CoProposerInvitation,
    Feedback,
    Opinion,
    ParticipationRequest,
    Studio,
    Topic,
    TopicFollow,
    TopicTransition,
)


class ChannelAdminForm(forms.ModelForm):
    banner_upload = SafeImageField(label=_("New banner image"), required=False)
    banner_remove = forms.BooleanField(label=_("Remove the banner image"), required=False)

    class Meta:
        model = Channel
        fields = [
            "name",
            "name_fr",
            "slug",
            "description",
            "description_fr",
            "accent_color",
            "order",
            "is_active",
            "decision_days",
            "organizers",
        ]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    """The banner goes through channel_banner_set, which re-encodes it."""

    form = ChannelAdminForm
    list_display = ["name", "name_fr", "slug", "order", "is_active", "accent_color"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_fr", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["organizers"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.channel_banner_set(
            channel=obj,
            banner=form.cleaned_data.get("banner_upload"),
            remove=form.cleaned_data.get("banner_remove", False),
        )


@admin.register(Studio)
class StudioAdmin(admin.ModelAdmin):
    list_display = ["name", "channel", "city", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active", "channel"]
    search_fields = ["name", "city", "address"]
    list_select_related = ["channel"]


class OpinionInline(admin.TabularInline):
    model = Opinion
    fields = ["member", "choice", "updated_at"]
    readonly_fields = ["member", "updated_at"]
    extra = 0


class FeedbackInline(admin.TabularInline):
    model = Feedback
    fields = ["author", "body", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 0


class ParticipationRequestInline(admin.TabularInline):
    model = ParticipationRequest
    fields = ["applicant", "role", "status", "motivation", "created_at"]
    # A decision is taken on the request's own page, through the service.
    readonly_fields = ["applicant", "status", "created_at"]
    extra = 0


class TopicTransitionInline(admin.TabularInline):
    model = TopicTransition
    fields = [
        "created_at",
        "actor",
        "subject",
        "subject_label",
        "from_status",
        "to_status",
        "reason",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CoProposerInvitationInline(admin.TabularInline):
    model = CoProposerInvitation
    fk_name = "topic"
    fields = ["email", "invitee", "invited_by", "status", "created_at", "answered_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "channel", "status", "proposer", "language", "format", "created_at"]
    list_filter = ["status", "channel", "language", "format", "treatment", "location"]
    search_fields = ["title", "summary", "slug", "proposer__email", "proposer__full_name"]
    date_hierarchy = "created_at"
    list_select_related = ["channel", "proposer"]
    raw_id_fields = ["proposer", "connected_topics"]
    # Co-proposers join by accepting an invitation (the topic form sends them), never
    # by someone else's say-so; status and recording date change through the workspace
    # (its services), not here.
    readonly_fields = [
        "created_at",
        "updated_at",
        "submitted_at",
        "status",
        "recording_at",
        "studio",
        # The episode's video changes through the workspace (checked, kept in history).
        "video_url",
        "published_at",
        "co_proposers",
    ]
    inlines = [
        TopicTransitionInline,
        CoProposerInvitationInline,
        OpinionInline,
        FeedbackInline,
        ParticipationRequestInline,
    ]

    @classmethod
    def inline_add(cls, inline: type[InlineModelAdmin]) -> None:
        """Show an app's rows on a topic's admin page, after these: the apps above this
        one (comments) add theirs, and topics never imports them."""
        cls.inlines = [*cls.inlines, inline]

    def save_model(self, request, obj, form, change):
        if change:
            # Through the service: edits after acceptance are audited and told.
            services.topic_update(topic=obj, data=form.cleaned_data, actor=request.user)
        else:
            services.topic_admin_add(topic=obj)


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    list_display = ["topic", "member", "choice", "updated_at"]
    list_filter = ["choice"]
    search_fields = ["topic__title", "member__email"]
    list_select_related = ["topic", "member"]
    raw_id_fields = ["topic", "member"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["topic", "author", "created_at"]
    search_fields = ["body", "topic__title", "author__email"]
    list_select_related = ["topic", "author"]
    raw_id_fields = ["topic", "author"]


@admin.register(ParticipationRequest)
class ParticipationRequestAdmin(DecidedThroughServiceAdmin):
    list_display = ["topic", "applicant", "role", "status", "created_at"]
    list_filter = ["status", "role"]
    search_fields = ["topic__title", "applicant__email", "motivation"]
    list_select_related = ["topic", "applicant"]
    raw_id_fields = ["topic", "applicant"]
    # The guest's own answer and consent are theirs to give (guest_answer_give).
    readonly_fields = ["guest_answer", "guest_answered_at", "credits_bio", "consent_at"]

    def decide(self, request, obj, status):
        services.participation_request_decide(request=obj, status=status, actor=request.user)


@admin.register(TopicTransition)
class TopicTransitionAdmin(admin.ModelAdmin):
    list_display = [
        "topic",
        "subject",
        "subject_label",
        "from_status",
        "to_status",
        "actor",
        "created_at",
    ]
    list_filter = ["subject", "to_status"]
    search_fields = ["topic__title", "reason", "subject_label"]
    list_select_related = ["topic", "actor"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(TopicFollow)
class TopicFollowAdmin(admin.ModelAdmin):
    list_display = ["topic", "member", "created_at"]
    search_fields = ["topic__title", "member__email"]
    raw_id_fields = ["topic", "member"]
