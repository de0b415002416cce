import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from api.problems import server_error_response
from core.cache import cache_available
from webcastory.monitoring import queue_report

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)


class FooterPageView(TemplateView):
    """A page of the footer (About, Contact, Privacy, Terms, Legal notice): a template,
    translated like every page, with the address to write to."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact_email=settings.CONTACT_EMAIL, **kwargs)


def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain")


@never_cache
def healthz(request):
    """The load balancer's probe and the monitor's.

    503 when the database does not answer: this server cannot serve pages.
    200 otherwise, so the load balancer keeps sending visitors; when the
    cache does not answer the body says ``"status": "degraded"`` (pages come
    from the database, slower) and the ``X-Health`` header says the same, for
    a monitor to alert on. ``/healthz?queues`` adds each background queue's depth
    and its oldest item's age in seconds (see webcastory.monitoring): a few more
    queries, for a monitor rather than the load balancer's frequent probe.
    """
    body = {"status": "ok", "database": "up", "cache": "up"}
    if not cache_available():
        body.update(status="degraded", cache="down")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        if "queues" in request.GET:
            # The background queues, for a monitor to alert on a growing or stuck one.
            body["queues"] = queue_report()
    except DatabaseError:
        logger.warning("Health check: the database does not answer.")
        body.update(status="unavailable", database="down")
    response = JsonResponse(body, status=503 if body["database"] == "down" else 200)
    response["X-Health"] = body["status"]
    return response


def server_error(request):
    """A friendly page, never a stack trace: 503 when the database is down, else 500.

    Rendered without context processors, which may need the database.
    """
    error = sys.exc_info()[1]
    if request.path.startswith("/api/") and not isinstance(error, DATABASE_DOWN):
        return server_error_response()
    if isinstance(error, DATABASE_DOWN):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("500.html"))
