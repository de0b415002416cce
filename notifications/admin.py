from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.models import Digest, MailState, Notification, NotificationPreference
from notifications.services import mails_send_soon, notification_preferences_save


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "topic", "created_at", "read_at", "mail_state"]
    list_filter = ["kind", "mail_state"]
    search_fields = ["recipient__email", "topic__title"]
    list_select_related = ["recipient", "topic"]
    raw_id_fields = ["recipient", "topic"]
    # The mail's fate is the worker's: admins queue given-up mails again (the action).
    readonly_fields = ["mail_state", "mail_attempts", "mail_due_at", "mail_claimed_at"]
    actions = ["mail_again"]

    @admin.action(description=_("Queue the mails given up on again"))
    def mail_again(self, request, queryset):
        count = queryset.filter(mail_state=MailState.FAILED).update(
            mail_state=MailState.PENDING, mail_attempts=0, mail_due_at=timezone.now()
        )
        if count:
            mails_send_soon()
        message = ngettext(
            "%(count)s mail is queued again.", "%(count)s mails are queued again.", count
        )
        self.message_user(request, message % {"count": count})


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = [
        "member",
        "by_email",
        "my_topics_mail",
        "decisions_mail",
        "replies_mail",
        "followed_mail",
        "organizing_mail",
    ]
    raw_id_fields = ["member"]

    def save_model(self, request, obj, form, change):
        # The mails already waiting move with the member's new choice.
        notification_preferences_save(preference=obj)


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["member", "frequency", "period_start", "items", "sent"]
    list_filter = ["frequency", "sent"]
    raw_id_fields = ["member"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
