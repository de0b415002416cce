"""Named events: what the apps announce happened, for the apps above that react to it.

The services where each event happens call `event_emit(name, **data)` inside their
transaction; the apps above register a listener as Django starts (their
AppConfig.ready), since the apps below never import them. It is the same explicit
seam as `topics.services.topic_closed_listen`, for many events at once: the names
are the one list below, an unknown name is a programming error, and each listener
is called in order, synchronously, as listener(name, **data).

A listener runs inside the emitter's transaction: rows it writes commit or roll
back with the event. Anything that must wait for the commit (a task, a network
call) is the listener's to defer with `transaction.on_commit`.

Today one app listens: webhooks (signed deliveries to the channel organizers'
endpoints). The data each event carries is keyword arguments, objects of the app
that emits it; every event names its `topic`.
"""

from __future__ import annotations

from collections.abc import Callable

# Every event name, what it means, and who emits it. A new event is added here first.
EVENTS: dict[str, str] = {
    "topic.proposed": "a topic was submitted for the organizers' decision "
    "(topics.services.topic_transition, to proposed)",
    "topic.decided": "organizers accepted, declined or asked for changes "
    "(topics.services.topic_decide)",
    "topic.scheduled": "a recording was scheduled or moved (topics.services.topic_schedule)",
    "episode.published": "an episode was published (topics.services.topic_publish)",
    "participation.decided": "a request to take part was accepted or declined "
    "(topics.services.participation_request_decide)",
    "sponsor_interest.created": "an organisation said it would sponsor a topic "
    "(sponsorship.services.sponsorship_interest_record)",
    "comment.created": "a comment was posted (comments.services.comment_create)",
}

Listener = Callable[..., None]

_listeners: list[Listener] = []


class UnknownEventError(ValueError):
    """An event that is not in EVENTS."""


def event_listen(listener: Listener) -> None:
    """Register `listener(name, **data)` for every event (once, however often called)."""
    if listener not in _listeners:
        _listeners.append(listener)


def event_emit(name: str, **data) -> None:
    """Announce that `name` happened, with its data, to every listener."""
    if name not in EVENTS:
        raise UnknownEventError(f"Unknown event {name!r}: add it to core.events.EVENTS first.")
    for listener in _listeners:
        listener(name, **data)
