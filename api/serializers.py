"""What the API shows of each row: what the public pages show, no more.

Codes (status, format, opinion choices) are stable values; their labels follow the
request's language (Accept-Language), as on the pages."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.models import ApiToken
from comments.models import Comment
from notifications.models import Notification
from topics.models import (
    TOPIC_CONTENT_FIELDS,
    OpinionChoice,
    Topic,
    TopicFormat,
    TopicLocation,
    TopicStatus,
    TopicTreatment,
)
from topics.selectors import channel_list_active


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


class ChannelSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    name_fr = serializers.CharField()
    description = serializers.CharField()
    description_fr = serializers.CharField()
    accent_color = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, channel) -> str:
        return absolute(channel.get_absolute_url())


class ChannelRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class TopicSerializer(serializers.Serializer):
    """A topic as its card shows it."""

    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    status = serializers.ChoiceField(choices=TopicStatus.choices)
    channel = ChannelRefSerializer()
    format = serializers.ChoiceField(choices=TopicFormat.choices)
    treatment = serializers.ChoiceField(choices=TopicTreatment.choices)
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    proposer = serializers.CharField(source="proposer.display_name")
    created_at = serializers.DateTimeField()
    comment_count = serializers.IntegerField(read_only=True)
    opinion_count = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()

    def get_url(self, topic) -> str:
        return absolute(topic.get_absolute_url())


class RecordingSerializer(serializers.Serializer):
    """When and where a recording is, as the public page says it: the studio's name and
    city, or the kind of place; never the exact address."""

    starts_at = serializers.DateTimeField(source="recording_at")
    duration_minutes = serializers.IntegerField(source="recording_duration")
    place = serializers.CharField(source="recording_place")


class TopicDetailSerializer(TopicSerializer):
    body_html = serializers.CharField()
    co_proposers = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    recording = serializers.SerializerMethodField()
    video_url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_co_proposers(self, topic) -> list[str]:
        return [member.display_name for member in topic.co_proposers.all()]

    @extend_schema_field(RecordingSerializer(allow_null=True))
    def get_recording(self, topic):
        if topic.status != TopicStatus.SCHEDULED or topic.recording_at is None:
            return None
        return RecordingSerializer(topic).data

    @extend_schema_field(OpenApiTypes.URI)
    def get_video_url(self, topic) -> str:
        return topic.video_url if topic.is_published else ""


class OwnTopicSerializer(TopicSerializer):
    """A topic its proposer reads: drafts too, and when it was last changed."""

    updated_at = serializers.DateTimeField()


class TopicProposeSerializer(serializers.ModelSerializer):
    """A new topic, as the "Propose a topic" form takes it (the same limits)."""

    channel = serializers.SlugRelatedField(slug_field="slug", queryset=channel_list_active())
    submit = serializers.BooleanField(
        default=False,
        write_only=True,
        help_text="True proposes it to the organizers at once; false keeps a draft.",
    )
    location = serializers.ChoiceField(choices=TopicLocation.choices, default="studio")

    class Meta:
        model = Topic
        # What the "Propose a topic" form edits, and whether to propose it now.
        fields = [*TOPIC_CONTENT_FIELDS, "submit"]


class OpinionShareSerializer(serializers.Serializer):
    choice = serializers.ChoiceField(choices=OpinionChoice.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.IntegerField()


class OpinionsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    shares = OpinionShareSerializer(many=True)


class OpinionSetSerializer(serializers.Serializer):
    choice = serializers.ChoiceField(choices=OpinionChoice.choices)


class CommentCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=Comment._meta.get_field("body").max_length)
    parent = serializers.IntegerField(required=False, allow_null=True)


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    body_html = serializers.CharField()
    created_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_url(self, comment) -> str:
        return absolute(comment.get_absolute_url())


class ChapterSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Seconds from the start of the video.")
    title = serializers.CharField()


class EpisodeSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    channel = ChannelRefSerializer()
    published_at = serializers.DateTimeField()
    video_url = serializers.URLField()
    duration = serializers.SerializerMethodField()
    host = serializers.SerializerMethodField()
    chapters = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    @staticmethod
    def _episode(topic):
        return getattr(topic, "episode", None)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_duration(self, topic):
        episode = self._episode(topic)
        return episode.duration if episode else None

    def get_host(self, topic) -> str:
        episode = self._episode(topic)
        return episode.host_display if episode else ""

    @extend_schema_field(ChapterSerializer(many=True))
    def get_chapters(self, topic):
        episode = self._episode(topic)
        return ChapterSerializer(episode.chapters.all() if episode else [], many=True).data

    def get_url(self, topic) -> str:
        return absolute(reverse("episodes:episode_detail", kwargs={"slug": topic.slug}))


class ScheduledRecordingSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    channel = ChannelRefSerializer()
    recording = RecordingSerializer(source="*")
    url = serializers.SerializerMethodField()

    def get_url(self, topic) -> str:
        return absolute(topic.get_absolute_url())


class TopicRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()


class ParticipationRequestSerializer(serializers.Serializer):
    """A request to take part, as its applicant reads it."""

    id = serializers.IntegerField()
    topic = TopicRefSerializer()
    role = serializers.CharField()
    status = serializers.CharField()
    motivation = serializers.CharField()
    availability = serializers.CharField()
    decision_message = serializers.CharField()
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class PendingRequestSerializer(ParticipationRequestSerializer):
    """A request to take part, as the organizers read it in their queue."""

    applicant = serializers.CharField(source="applicant.display_name")
    channel = serializers.SlugField(source="topic.channel.slug")


class ProposalSerializer(TopicSerializer):
    submitted_at = serializers.DateTimeField(allow_null=True)
    is_overdue = serializers.SerializerMethodField(
        help_text="Waiting for a decision longer than the channel's days for a decision."
    )

    def get_is_overdue(self, topic) -> bool:
        return bool(topic.is_overdue)


DECISION_CHOICES = [("accepted", "accepted"), ("declined", "declined")]


class ParticipationDecisionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=DECISION_CHOICES)
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    topic = TopicRefSerializer()
    actor_name = serializers.CharField()
    status_label = serializers.CharField()
    message = serializers.CharField()
    url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)

    def get_url(self, notification: Notification) -> str:
        return absolute(notification.url) if notification.url.startswith("/") else ""


class TokenSerializer(serializers.Serializer):
    """The token a request carries, for a client to check what it may do."""

    name = serializers.CharField()
    prefix = serializers.CharField()
    scope = serializers.CharField()
    channels = serializers.SerializerMethodField()
    expires_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_channels(self, token: ApiToken) -> list[str]:
        return [channel.slug for channel in token.channels.all()]
