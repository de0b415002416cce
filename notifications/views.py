"""The member's notifications, their choices, and the one-click unsubscribe."""

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
from notifications.models import Notification, NotificationCategory, NotificationPreference
from notifications.services import notification_text, unsubscribe_token_read


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

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Your notification choices are saved."))
        return redirect("notifications:notification_preferences")


@method_decorator(csrf_exempt, name="dispatch")
class NotificationUnsubscribeView(View):
    """One click from a mail: the signed token names the member and the category.

    GET shows a confirmation button; POST (the button, or a mail client's
    RFC 8058 one-click request) turns the category off. The token is the only
    credential, so CSRF protection has nothing to add here.
    """

    def get_target(self, token):
        data = unsubscribe_token_read(token)
        if data is None:
            raise Http404
        member = get_object_or_404(User, pk=data[0], is_active=True)
        return member, data[1]

    def get(self, request, token):
        _member, category = self.get_target(token)
        context = {"category": NotificationCategory(category).label, "done": False}
        return render(request, "notifications/unsubscribe.html", context)

    def post(self, request, token):
        member, category = self.get_target(token)
        preference, _created = NotificationPreference.objects.get_or_create(member=member)
        setattr(preference, category, False)
        preference.save(update_fields=[category])
        context = {"category": NotificationCategory(category).label, "done": True}
        return render(request, "notifications/unsubscribe.html", context)
