"""The topics' background tasks: triggers for the worker (see core.tasks)."""

from django_tasks import task

from topics.invitations import recording_invitations_mail


@task()
def recording_invitations_send(topic_id: int, method: str, member_ids: list[int]) -> int:
    """Mail a recording's calendar invitation (or its cancellation) to these members."""
    return recording_invitations_mail(topic_id=topic_id, method=method, member_ids=member_ids)
