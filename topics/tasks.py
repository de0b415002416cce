"""The topics' background tasks: triggers for the worker (see core.tasks)."""

from django_tasks import task

from topics.invitations import recording_invitations_send_due


@task()
def recording_invitations_send() -> int:
    """Mail the calendar invitations (and cancellations) due."""
    return recording_invitations_send_due()
