"""The episode report: the page, its printable version, its CSV, and the views form."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from sponsorship import selectors, services
from sponsorship.forms import EpisodeViewsForm
from sponsorship.spreadsheet import csv_response
from topics.models import Topic
from topics.rules import can
from topics.selectors import topic_for_reading


class EpisodeReportMixin(LoginRequiredMixin):
    """The topic named in the URL, for a member who may read its report; a 404 for
    anyone else, so the address tells nobody else whether the topic or a report exists."""

    def get_topic(self) -> Topic:
        topic = topic_for_reading(slug=self.kwargs["slug"])
        if topic is None or not can(self.request.user, "sponsorship.view_report", topic):
            raise Http404
        return topic

    def render_report(self, request, topic, *, form=None, printable=False, status=200):
        context = {
            "topic": topic,
            "report": selectors.episode_report(topic=topic),
            "note": selectors.report_note(),
            "printable": printable,
            "can_enter_views": can(request.user, "sponsorship.enter_views", topic),
        }
        if context["can_enter_views"] and not printable:
            context["views_form"] = form or EpisodeViewsForm()
        template = "sponsorship/report_print.html" if printable else "sponsorship/report.html"
        response = render(request, template, context, status=status)
        response["Cache-Control"] = "private, no-store"
        return response


class EpisodeReportView(EpisodeReportMixin, View):
    def get(self, request, slug):
        return self.render_report(request, self.get_topic())

    def post(self, request, slug):
        """An organizer enters the episode's views."""
        topic = self.get_topic()
        if not can(request.user, "sponsorship.enter_views", topic):
            raise PermissionDenied
        form = EpisodeViewsForm(request.POST)
        if form.is_valid():
            try:
                services.episode_reach_record(
                    topic=topic,
                    views=form.cleaned_data["views"],
                    source_detail=form.cleaned_data["source_detail"],
                    measured_at=form.measured_at(),
                    entered_by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The views are saved in the report."))
                return redirect(reverse("sponsorship:report", args=[topic.slug]) + "#reach")
        return self.render_report(request, topic, form=form, status=400)


class EpisodeReportPrintView(EpisodeReportMixin, View):
    def get(self, request, slug):
        return self.render_report(request, self.get_topic(), printable=True)


class EpisodeReportCsvView(EpisodeReportMixin, View):
    def get(self, request, slug):
        topic = self.get_topic()
        report = selectors.episode_report(topic=topic)
        return csv_response(
            selectors.episode_report_csv_rows(report=report), filename=f"{topic.slug}-report"
        )
