"""Who may do what with episodes. Views and templates ask these (through
`topics.rules.can`), nothing else."""

import rules

from topics.models import RECORDED_STATUSES, Topic, TopicStatus
from topics.rules import is_on_the_site, is_topic_organizer

# The states in which the organizers prepare the episode page: from the recording's
# schedule on (the host, the chapters planned), completed once recorded or published.
EPISODE_EDITABLE_STATUSES = (TopicStatus.SCHEDULED, *RECORDED_STATUSES)


@rules.predicate
def is_episode_editable(user, topic: Topic) -> bool:
    return topic is not None and topic.status in EPISODE_EDITABLE_STATUSES


rules.add_perm("episodes.edit_episode", is_topic_organizer & is_episode_editable)
# Everyone once the episode is on the site; its organizers before, as a preview.
rules.add_perm("episodes.view_episode", is_on_the_site | is_topic_organizer)
