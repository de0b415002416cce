"""The member's notifications, their choices, and the one-click unsubscribe."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView

from accounts.models import User
from notifications import selectors
from notifications.forms import NotificationPreferenceForm
from notifications.models import Notification, NotificationPreference
from notifications.services import (
    notification_preferences_save,
    notification_text,
    unsubscribe,
    unsubscribe_label,
    unsubscribe_token_read,
)


class NotificationListView(LoginRequiredMixin, View):
    """The member's notifications; opening the page marks them read."""

    def get(self, request):
        notifications = selectors.notifications_for(user=request.user)
        items = [(n, notification_text(n)) for n in notifications]
        unread = [n.pk for n in notifications if n.read_at is None]
        if unread:
            Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
        return render(
            request, "notifications/notifications.html", {"items": items, "unread_ids": unread}
        )


class NotificationPreferenceView(LoginRequiredMixin, FormView):
    template_name = "notifications/notification_preferences.html"
    form_class = NotificationPreferenceForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = NotificationPreference.objects.filter(
            member=self.request.user
        ).first() or NotificationPreference(member=self.request.user)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["interval"] = -(-settings.NOTIFICATION_MAIL_INTERVAL // 60)
        return context

    def form_valid(self, form):
        notification_preferences_save(preference=form.save(commit=False))
        messages.success(self.request, _("Your notification choices are saved."))
        return redirect("notifications:notification_preferences")


@method_decorator(csrf_exempt, name="dispatch")
class NotificationUnsubscribeView(View):
    """One click from a mail: the signed token names the member and the category.

    GET shows a confirmation button; POST (the button, or a mail client's
    RFC 8058 one-click request) stops the category's mails, or the digest's (the
    notifications stay on the site). The token is the only credential, so CSRF
    protection has nothing to add here.
    """

    def get_target(self, token):
        data = unsubscribe_token_read(token)
        if data is None:
            raise Http404
        member = get_object_or_404(User, pk=data[0], is_active=True)
        return member, data[1]

    def get(self, request, token):
        _member, what = self.get_target(token)
        context = {"category": unsubscribe_label(what), "done": False}
        return render(request, "notifications/unsubscribe.html", context)

    def post(self, request, token):
        member, what = self.get_target(token)
        context = {"category": unsubscribe(member=member, what=what), "done": True}
        return render(request, "notifications/unsubscribe.html", context)
