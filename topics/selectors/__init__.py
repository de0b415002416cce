"""Reads for pages: each owns its joins, so a page costs the same queries whatever the data."""

from topics.selectors.comments import (
    CommentNode,
    CommentPage,
    comment_page,
)
from topics.selectors.lists import (
    CONNECTED_TOPICS_SHOWN,
    LOCAL_TIMEOUT,
    channel_by_slug,
    channel_list_active,
    channel_menu,
    local_cache,
    scheduled_recordings,
    topic_cards,
    topic_for_page,
    topic_list_public,
)
from topics.selectors.members import (
    co_proposer_invitations_for_topic,
    feedback_for_topic,
    my_space,
    participation_requests_for_topic,
    topics_brought_by,
)
from topics.selectors.page import (
    OpinionShare,
    TopicMemberState,
    TopicPageExtras,
    TopicPageVersions,
    opinion_distribution,
    participants_public,
    topic_for_reading,
    topic_member_state,
    topic_was_public,
)

__all__ = [
    "CONNECTED_TOPICS_SHOWN",
    "LOCAL_TIMEOUT",
    "CommentNode",
    "CommentPage",
    "OpinionShare",
    "TopicMemberState",
    "TopicPageExtras",
    "TopicPageVersions",
    "channel_by_slug",
    "channel_list_active",
    "channel_menu",
    "co_proposer_invitations_for_topic",
    "comment_page",
    "feedback_for_topic",
    "local_cache",
    "my_space",
    "opinion_distribution",
    "participants_public",
    "participation_requests_for_topic",
    "scheduled_recordings",
    "topic_cards",
    "topic_for_page",
    "topic_for_reading",
    "topic_list_public",
    "topic_member_state",
    "topic_was_public",
    "topics_brought_by",
]
