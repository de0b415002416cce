"""Who may do what with episodes. Views and templates ask these (through
`topics.rules.can`), nothing else."""

import rules

from topics.models import Topic, TopicStatus
from topics.rules import is_on_the_site, is_topic_organizer

# The states in which the organizers prepare the episode page: from the recording's
# schedule on, and once it is published.
EPISODE_EDITABLE_STATUSES = (TopicStatus.SCHEDULED, TopicStatus.PUBLISHED)


@rules.predicate
def is_episode_editable(user, topic: Topic) -> bool:
    return topic is not None and topic.status in EPISODE_EDITABLE_STATUSES


rules.add_perm("episodes.edit_episode", is_topic_organizer & is_episode_editable)
# Everyone once the episode is on the site; its organizers before, as a preview.
rules.add_perm("episodes.view_episode", is_on_the_site | is_topic_organizer)
