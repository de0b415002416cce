"""Notifications, follows, preferences, one-click unsubscribe and the recordings calendar."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView
from icalendar import Calendar, Event

from accounts.models import User
from core import ratelimit
from topics import selectors, services
from topics.forms import NotificationPreferenceForm
from topics.models import Channel, Notification, NotificationCategory, NotificationPreference
from topics.notifications import notification_text, unsubscribe_token_read
from topics.views.pages import TopicMixin


class NotificationListView(LoginRequiredMixin, View):
    """The member's notifications; opening the page marks them read."""

    def get(self, request):
        notifications = selectors.notifications_for(user=request.user)
        items = [(n, notification_text(n)) for n in notifications]
        unread = [n.pk for n in notifications if n.read_at is None]
        if unread:
            Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
        return render(request, "topics/notifications.html", {"items": items, "unread_ids": unread})


class NotificationPreferenceView(LoginRequiredMixin, FormView):
    template_name = "topics/notification_preferences.html"
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
        return redirect("topics:notification_preferences")


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
        return render(request, "topics/unsubscribe.html", context)

    def post(self, request, token):
        member, category = self.get_target(token)
        preference, _created = NotificationPreference.objects.get_or_create(member=member)
        setattr(preference, category, False)
        preference.save(update_fields=[category])
        context = {"category": NotificationCategory(category).label, "done": True}
        return render(request, "topics/unsubscribe.html", context)


class TopicFollowView(LoginRequiredMixin, TopicMixin, View):
    def post(self, request, slug):
        topic = self.get_topic()
        if not ratelimit.consume(action="follow", member_id=request.user.pk):
            messages.error(request, ratelimit.LIMITED_MESSAGE)
        elif request.POST.get("follow") == "0":
            services.topic_unfollow(topic=topic, member=request.user)
            messages.success(request, _("You no longer follow this topic."))
        else:
            services.topic_follow(topic=topic, member=request.user)
            messages.success(
                request,
                _("You follow this topic: you will hear when it is scheduled and published."),
            )
        return redirect(topic)


class CalendarFeedView(View):
    """Scheduled recordings as iCalendar, overall or for one channel."""

    def get(self, request, slug=None):
        channel = get_object_or_404(Channel, slug=slug, is_active=True) if slug else None
        calendar = Calendar()
        calendar.add("prodid", "-//Webcastory//Recordings//EN")
        calendar.add("version", "2.0")
        name = f"Webcastory · {channel.name}" if channel else "Webcastory"
        calendar.add("x-wr-calname", name)
        site = settings.SITE_URL.rstrip("/")
        host = site.split("://", 1)[-1]
        for topic in selectors.scheduled_recordings(channel=channel):
            event = Event()
            event.add("uid", f"topic-{topic.pk}@{host}")
            event.add("summary", topic.title)
            event.add("dtstart", topic.recording_at)
            event.add("dtend", topic.recording_at + timedelta(minutes=topic.recording_duration))
            event.add("dtstamp", topic.updated_at)
            event.add("description", topic.summary)
            # The kind of place only: the exact address is for the participants.
            event.add("location", topic.get_location_display())
            event.add("url", site + topic.get_absolute_url())
            event.add("categories", [topic.channel.name])
            calendar.add_component(event)
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="webcastory-recordings.ics"'
        return response
