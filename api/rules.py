"""Who may do what with API tokens (asked through topics.rules.can)."""

import rules

from api.models import ApiToken
from topics.rules import is_authenticated_member, is_channel_organizer, is_topic_team


@rules.predicate
def is_token_owner(user, token: ApiToken) -> bool:
    return is_authenticated_member(user) and token is not None and token.member_id == user.pk


rules.add_perm("api.manage_tokens", is_authenticated_member)
rules.add_perm("api.revoke_token", is_token_owner)
# A token reaches a channel's queues only if its member organizes that channel (when
# it is made, and again at each use: the rules of the pages hold).
rules.add_perm("api.scope_token_to_channel", is_channel_organizer)
# Before a topic is public, its proposers read it with any token of theirs; an organizer
# reads it as an organizer, so only with its channel on the token (api.permissions).
rules.add_perm("api.read_topic_as_team", is_topic_team)
