"""Who may manage a channel's webhooks: its organizers (topics.rules' predicate)."""

import rules

from topics.rules import is_channel_organizer

rules.add_perm("webhooks.manage_endpoints", is_channel_organizer)
