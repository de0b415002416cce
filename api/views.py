"""The API's endpoints: thin, as the pages' views are. Reads come from the selectors the
pages use, writes go through the same services, under the same rules and rate limits."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from api.authentication import request_token
from api.caching import ContentReads, VersionedReads
from api.filters import ApiTopicFilter, ChannelsFromRequest, OrganizerProposalFilter
from api.pagination import NewestFirst, OldestFirst, SoonestFirst
from api.permissions import (
    PublicRead,
    RulePermission,
    TokenRequired,
    channel_reached,
    token_channel_ids,
    topic_readable,
)
from comments import services as comment_services
from comments.models import Comment
from core import ratelimit, versions
from core.versions import CHANNELS, LISTS
from episodes.models import Chapter
from notifications.models import Notification
from topics import selectors, services
from topics.models import (
    Channel,
    ParticipationRequest,
    ParticipationStatus,
    Topic,
    TopicStatus,
)
from topics.rules import can
from topics.workspace.selectors import workspace_topics


def rows_read(topics) -> None:
    """The versions of each topic shown: its row and the people on it, its episode."""
    versions.read(*(versions.topic(topic.pk) for topic in topics))


class RowVersionsMixin:
    """A list whose rows are topics: their versions go into the ETag with the list's."""

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        rows_read(page if page is not None else queryset)
        return page


# Public reads ---------------------------------------------------------------------------


class ChannelListView(VersionedReads, generics.ListAPIView):
    """The active channels."""

    serializer_class = s.ChannelSerializer
    pagination_class = None

    def get_queryset(self):
        versions.read(CHANNELS)
        return selectors.channel_list_active()


class ChannelDetailView(VersionedReads, generics.RetrieveAPIView):
    serializer_class = s.ChannelSerializer

    def get_object(self):
        versions.read(CHANNELS)
        channel = selectors.channel_by_slug(slug=self.kwargs["slug"])
        if channel is None:
            raise Http404
        return channel


class TopicListView(RowVersionsMixin, VersionedReads, generics.ListCreateAPIView):
    """GET: the public topics, newest first, filtered as on the site's lists.
    POST (token with the write scope): propose a topic, as the "Propose a topic" page
    does; `submit: false` keeps it as a draft."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiTopicFilter
    pagination_class = NewestFirst

    def get_serializer_class(self):
        return s.TopicProposeSerializer if self.request.method == "POST" else s.TopicSerializer

    def get_queryset(self):
        return selectors.topic_list_public()

    @extend_schema(responses={201: s.OwnTopicSerializer})
    def post(self, request):
        if not can(request.user, "topics.propose_topic"):
            raise exceptions.PermissionDenied
        serializer = s.TopicProposeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        topic = services.topic_create(
            proposer=request.user,
            channel=data.pop("channel"),
            title=data.pop("title"),
            summary=data.pop("summary"),
            body=data.pop("body"),
            submit=data.pop("submit"),
            **data,
        )
        topic = selectors.topic_cards(Topic.objects.filter(pk=topic.pk)).get()
        return Response(s.OwnTopicSerializer(topic).data, status=status.HTTP_201_CREATED)


class TopicMixin:
    """The topic the URL names, as a 404 for anyone who may not read it (the page's rule,
    and the token's channels for an organizer reading one that is not public)."""

    def get_topic(self) -> Topic:
        if not hasattr(self, "_topic"):
            topic = selectors.topic_for_reading(slug=self.kwargs["slug"])
            if topic is None or not topic_readable(self.request, topic):
                raise Http404
            self._topic = topic
        return self._topic


class TopicDetailView(TopicMixin, VersionedReads, APIView):
    """A topic as its page shows it to everyone. With a token, its proposers and the
    channel's organizers (with the channel on the token) read it before it is public too."""

    @extend_schema(responses=s.TopicDetailSerializer)
    def get(self, request, slug):
        topic = self.get_topic()
        response = Response(s.TopicDetailSerializer(_with_counts(topic)).data)
        response.private = not topic.is_public
        return response


def _with_counts(topic: Topic) -> Topic:
    """The card's counts for one topic (one query), on the cached page's topic."""
    counts = (
        selectors.topic_cards(Topic.objects.filter(pk=topic.pk))
        .values("comment_count", "opinion_count")
        .get()
    )
    topic.comment_count, topic.opinion_count = counts["comment_count"], counts["opinion_count"]
    return topic


class TopicOpinionsView(TopicMixin, VersionedReads, APIView):
    """GET: the opinion shares, as the topic page shows them. PUT (token, write scope):
    give or change one's opinion, as the page's form does."""

    permission_classes = [PublicRead, RulePermission]
    permission_required = {"PUT": "topics.give_opinion"}

    @extend_schema(responses=s.OpinionsSerializer)
    def get(self, request, slug):
        topic = self.get_topic()
        versions.read(versions.topic_activity(topic.pk))
        total, shares = selectors.opinion_distribution(topic=topic)
        response = Response(s.OpinionsSerializer({"total": total, "shares": shares}).data)
        response.private = not topic.is_public
        return response

    @extend_schema(request=s.OpinionSetSerializer, responses=s.OpinionSetSerializer)
    def put(self, request, slug):
        topic = self.get_topic()
        self.check_object_permissions(request, topic)
        serializer = s.OpinionSetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        opinion = services.opinion_set(
            topic=topic, member=request.user, choice=serializer.validated_data["choice"]
        )
        return Response(s.OpinionSetSerializer(opinion).data)


class ConnectedTopicListView(TopicMixin, VersionedReads, APIView):
    """The connected subjects the topic page lists."""

    @extend_schema(responses=s.TopicSerializer(many=True))
    def get(self, request, slug):
        topic = self.get_topic()
        connected = selectors.TopicPageExtras(topic).connected_topics
        versions.read(LISTS)
        rows_read(connected)
        response = Response(s.TopicSerializer(connected, many=True).data)
        response.private = not topic.is_public
        return response


class TopicCommentCreateView(TopicMixin, APIView):
    """Comment on a topic (token, write scope), as the topic page's form does: the same
    rate limit, the same numbering and notices."""

    permission_classes = [TokenRequired]

    @extend_schema(request=s.CommentCreateSerializer, responses={201: s.CommentSerializer})
    def post(self, request, slug):
        topic = self.get_topic()
        if not topic.is_public:
            raise exceptions.PermissionDenied(_("This topic is not open to contributions yet."))
        serializer = s.CommentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        body = serializer.validated_data["body"].strip()
        if not body:
            raise exceptions.ValidationError({"body": [_("Write something before posting.")]})
        parent = None
        if serializer.validated_data.get("parent"):
            parent = Comment.objects.filter(
                pk=serializer.validated_data["parent"], topic=topic
            ).first()
            if parent is None:
                raise exceptions.ValidationError(
                    {"parent": [_("The comment you reply to no longer exists.")]}
                )
        rate_limited(action="comment", member_id=request.user.pk)
        try:
            comment = comment_services.comment_create(
                topic=topic, author=request.user, body=body, parent=parent
            )
        except DjangoValidationError:
            ratelimit.refund(action="comment", member_id=request.user.pk)
            raise
        return Response(s.CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


def rate_limited(*, action: str, member_id: int) -> None:
    """Count the action against the member's limit (core.ratelimit), as the page does."""
    if not ratelimit.consume(action=action, member_id=member_id):
        raise exceptions.Throttled(detail=str(ratelimit.LIMITED_MESSAGE))


class EpisodeQuerysetMixin:
    def get_queryset(self):
        versions.read(LISTS)
        return (
            Topic.objects.filter(status=TopicStatus.PUBLISHED, channel__is_active=True)
            .select_related("channel", "episode__host_member")
            .prefetch_related(
                Prefetch("episode__chapters", queryset=Chapter.objects.order_by("start", "pk"))
            )
        )


class EpisodeListView(RowVersionsMixin, EpisodeQuerysetMixin, VersionedReads, generics.ListAPIView):
    """The published episodes, newest first, with their chapters."""

    serializer_class = s.EpisodeSerializer
    pagination_class = NewestFirst


class EpisodeDetailView(EpisodeQuerysetMixin, VersionedReads, generics.RetrieveAPIView):
    serializer_class = s.EpisodeSerializer
    lookup_field = "slug"

    def get_object(self):
        topic = super().get_object()
        rows_read([topic])
        return topic


class ScheduleView(RowVersionsMixin, VersionedReads, generics.ListAPIView):
    """The recordings scheduled, soonest first: when, and the place as the public page
    names it (the studio's name and city, or the kind of place), never the address."""

    serializer_class = s.ScheduledRecordingSerializer
    pagination_class = SoonestFirst

    def get_queryset(self):
        versions.read(LISTS)
        return selectors.scheduled_recordings().filter(status=TopicStatus.SCHEDULED)


# A member's own -------------------------------------------------------------------------


class MyTopicListView(ContentReads, generics.ListAPIView):
    """The topics I brought (as proposer or co-proposer), drafts included."""

    serializer_class = s.OwnTopicSerializer
    permission_classes = [TokenRequired]
    pagination_class = NewestFirst

    def get_queryset(self):
        return selectors.topic_cards(
            Topic.objects.filter(
                pk__in=Topic.objects.filter(
                    Q(proposer=self.request.user) | Q(co_proposers=self.request.user)
                ).values("pk")
            )
        )


class MyParticipationRequestListView(ContentReads, generics.ListAPIView):
    """My requests to take part, newest first."""

    serializer_class = s.ParticipationRequestSerializer
    permission_classes = [TokenRequired]
    pagination_class = NewestFirst

    def get_queryset(self):
        return ParticipationRequest.objects.filter(applicant=self.request.user).select_related(
            "topic"
        )


class MyNotificationListView(ContentReads, generics.ListAPIView):
    """My notifications, newest first."""

    serializer_class = s.NotificationSerializer
    permission_classes = [TokenRequired]
    pagination_class = NewestFirst

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user).select_related("topic")


class TokenView(APIView):
    """The token this request carries: its scope and channels."""

    permission_classes = [TokenRequired]

    @extend_schema(responses=s.TokenSerializer)
    def get(self, request):
        return Response(s.TokenSerializer(request_token(request)).data)


# Organizers -----------------------------------------------------------------------------


def _reached_channels(request):
    ids = token_channel_ids(request)
    return [
        channel
        for channel in selectors.channel_list_active().filter(pk__in=ids)
        if channel_reached(request, channel)
    ]


class OrganizerProposalListView(ContentReads, generics.ListAPIView):
    """Proposals waiting for a decision in the channels on the token (that its member
    organizes), longest waiting first; `?status=overdue` keeps those past the channel's
    days for a decision, `?q=` searches as the workspace does."""

    serializer_class = s.ProposalSerializer
    permission_classes = [TokenRequired]
    pagination_class = OldestFirst
    filter_backends = [ChannelsFromRequest]
    filterset_class = OrganizerProposalFilter

    def get_queryset(self):
        channels = _reached_channels(self.request)
        # The workspace's filters take the organizer's channels: those on the token here.
        self.request.filter_channels = Channel.objects.filter(pk__in=[c.pk for c in channels])
        return selectors.topic_cards(
            workspace_topics(user=self.request.user).filter(
                channel__in=channels, status=TopicStatus.PROPOSED
            )
        )


class OrganizerRequestListView(ContentReads, generics.ListAPIView):
    """Requests to take part waiting for a decision in the channels on the token."""

    serializer_class = s.PendingRequestSerializer
    permission_classes = [TokenRequired]
    pagination_class = OldestFirst

    def get_queryset(self):
        return ParticipationRequest.objects.filter(
            topic__channel__in=_reached_channels(self.request),
            status=ParticipationStatus.PENDING,
        ).select_related("topic__channel", "applicant")


class ParticipationDecisionView(APIView):
    """Accept or decline a request to take part (token with the write scope and the
    topic's channel), as the workspace does: the applicant is told."""

    permission_classes = [TokenRequired, RulePermission]
    permission_required = {"POST": "topics.decide_topic"}

    @extend_schema(
        request=s.ParticipationDecisionSerializer,
        responses={200: s.PendingRequestSerializer, 404: OpenApiResponse(description="Unknown")},
    )
    def post(self, request, pk):
        participation = get_object_or_404(
            ParticipationRequest.objects.select_related("topic__channel", "applicant"), pk=pk
        )
        topic = participation.topic
        if not can(request.user, "topics.read_topic", topic):
            raise Http404
        self.check_object_permissions(request, topic)
        if not channel_reached(request, topic.channel):
            raise exceptions.PermissionDenied(_("This token does not reach this channel."))
        serializer = s.ParticipationDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decided = services.participation_request_decide(
            request=participation,
            status=serializer.validated_data["status"],
            actor=request.user,
            message=serializer.validated_data["message"],
        )
        return Response(s.PendingRequestSerializer(decided).data)


class NotFoundView(APIView):
    """Any other address under /api/: a 404 in the API's shape, whatever the method."""

    schema = None
    authentication_classes: list = []
    permission_classes: list = []

    def initial(self, request, *args, **kwargs):
        raise exceptions.NotFound
