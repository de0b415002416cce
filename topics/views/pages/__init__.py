"""The pages members and visitors use; the workspace and follows have modules of their own,
comments an app of their own (comments/views.py)."""

from topics.views.pages.contributions import (
    FeedbackCreateView,
    GuestAnswerView,
    OpinionSetView,
    ParticipationRequestCreateView,
    ParticipationRequestWithdrawView,
    TopicActionView,
)
from topics.views.pages.lists import (
    HEX_COLOUR,
    RATE_LIMITED_MESSAGE,
    TOPICS_PER_PAGE,
    ChannelDetailView,
    HomeView,
    SearchView,
    channel_styles,
)
from topics.views.pages.members import (
    CoProposerInvitationAnswerView,
    MySpaceView,
)
from topics.views.pages.topic import (
    MEMBER_PERMISSIONS,
    ROLE_PERMISSIONS,
    BlankTopicForms,
    TopicDetailView,
    TopicEditView,
    TopicMixin,
    TopicProposeView,
    TopicSubmitView,
    TopicTransitionView,
    TopicWithdrawView,
    topic_page,
)

__all__ = [
    "HEX_COLOUR",
    "MEMBER_PERMISSIONS",
    "RATE_LIMITED_MESSAGE",
    "ROLE_PERMISSIONS",
    "TOPICS_PER_PAGE",
    "BlankTopicForms",
    "ChannelDetailView",
    "CoProposerInvitationAnswerView",
    "FeedbackCreateView",
    "GuestAnswerView",
    "HomeView",
    "MySpaceView",
    "OpinionSetView",
    "ParticipationRequestCreateView",
    "ParticipationRequestWithdrawView",
    "SearchView",
    "TopicActionView",
    "TopicDetailView",
    "TopicEditView",
    "TopicMixin",
    "TopicProposeView",
    "TopicSubmitView",
    "TopicTransitionView",
    "TopicWithdrawView",
    "channel_styles",
    "topic_page",
]
