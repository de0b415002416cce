from django.conf import settings
from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.models import MailState, Notification, NotificationPreference
from notifications.services import MailServerUnreachable, notification_mails_send_pending


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "topic", "created_at", "read_at", "mail_state"]
    list_filter = ["kind", "mail_state"]
    search_fields = ["recipient__email", "topic__title"]
    list_select_related = ["recipient", "topic"]
    raw_id_fields = ["recipient", "topic"]
    actions = ["mail_again"]

    @admin.action(description=_("Queue the mails given up on again"))
    def mail_again(self, request, queryset):
        count = queryset.filter(mail_state=MailState.FAILED).update(
            mail_state=MailState.PENDING, mail_attempts=0
        )
        message = ngettext(
            "%(count)s mail is queued again.", "%(count)s mails are queued again.", count
        )
        self.message_user(request, message % {"count": count})
        if count and not settings.NOTIFICATION_MAIL_QUEUE:
            # No mail worker runs without the queue: send them now.
            self._send_queued(request)

    def _send_queued(self, request):
        try:
            sent, failed, _kept_back = notification_mails_send_pending()
        except MailServerUnreachable:
            self.message_user(
                request,
                _("The mail server cannot be reached; the mails stay queued."),
                messages.WARNING,
            )
            return
        self.message_user(
            request,
            _("Sent now: %(sent)s; refused by the mail server: %(failed)s.")
            % {"sent": sent, "failed": failed},
        )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["member", "my_topics", "decisions", "replies", "followed", "by_email"]
    raw_id_fields = ["member"]
