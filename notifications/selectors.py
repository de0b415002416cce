from accounts.models import User
from notifications.models import Notification


def notifications_for(*, user: User, limit: int = 100) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).select_related("topic")[:limit])


def unread_notification_count(*, user: User) -> int:
    """For the header of member pages; the topic page reads it with topic_member_state."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
