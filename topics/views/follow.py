"""Notifications, follows, preferences, one-click unsubscribe and the recordings calendar."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from icalendar import Calendar, Event

from core import ratelimit
from topics import selectors, services
from topics.models import Channel
from topics.views.pages import TopicMixin


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
            # The studio's name and city, or the kind of place: the exact address is for
            # the participants (their own calendar: topics.calendar).
            event.add("location", topic.recording_place)
            event.add("url", site + topic.get_absolute_url())
            event.add("categories", [topic.channel.name])
            calendar.add_component(event)
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="webcastory-recordings.ics"'
        return response
