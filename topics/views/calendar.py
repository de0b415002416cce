"""The member's private calendar: the feed at its secret address, and its reset."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from topics.calendar import calendar_feed_reset, calendar_member, member_calendar


class MemberCalendarView(View):
    """No log-in: calendar programs fetch it; the signed address is the credential."""

    def get(self, request, token):
        member = calendar_member(token)
        if member is None:
            raise Http404
        response = HttpResponse(
            member_calendar(member=member), content_type="text/calendar; charset=utf-8"
        )
        response["Cache-Control"] = "private, no-store"
        response["Content-Disposition"] = 'inline; filename="webcastory-my-recordings.ics"'
        return response


class MemberCalendarResetView(LoginRequiredMixin, View):
    def post(self, request):
        calendar_feed_reset(member=request.user)
        messages.success(
            request, _("Your calendar has a new address: the old one no longer works.")
        )
        return redirect("notifications:notification_preferences")
