"""A channel's webhook endpoints, managed by its organizers in the workspace."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from topics.models import Channel
from topics.rules import can
from webhooks import selectors, services
from webhooks.forms import EndpointForm
from webhooks.models import Endpoint

PERM = "webhooks.manage_endpoints"
# The secret is shown once, on the page after it was made: kept in the session until then.
SECRET_SESSION_KEY = "webhooks-secret-shown-once"  # noqa: S105 (a key, not a secret)


def _managed_channel(user, slug: str) -> Channel:
    channel = get_object_or_404(Channel, slug=slug)
    if not can(user, PERM, channel):
        raise PermissionDenied
    return channel


def _managed_endpoint(user, pk: int) -> Endpoint:
    """Another channel's endpoint is not found: its address is none of their business."""
    endpoint = get_object_or_404(Endpoint.objects.select_related("channel"), pk=pk)
    if not can(user, PERM, endpoint.channel):
        raise Http404
    return endpoint


def _secret_show_once(request, endpoint: Endpoint) -> None:
    request.session[SECRET_SESSION_KEY] = {"pk": endpoint.pk, "secret": endpoint.secret}


class EndpointListView(LoginRequiredMixin, View):
    """The channel's endpoints, and a form to add one."""

    def _page(self, request, channel, form, status=200):
        context = {
            "channel": channel,
            "endpoints": selectors.endpoints_of(channel=channel),
            "form": form,
        }
        return render(request, "webhooks/endpoints.html", context, status=status)

    def get(self, request, slug):
        return self._page(request, _managed_channel(request.user, slug), EndpointForm())

    def post(self, request, slug):
        channel = _managed_channel(request.user, slug)
        form = EndpointForm(request.POST)
        if form.is_valid():
            try:
                endpoint = services.endpoint_create(
                    channel=channel, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                _secret_show_once(request, endpoint)
                messages.success(request, _("The endpoint is registered."))
                return redirect(endpoint)
        return self._page(request, channel, form, status=400)


class EndpointDetailView(LoginRequiredMixin, View):
    """An endpoint: its settings, its secret once, its delivery log."""

    def _page(self, request, endpoint, form, status=200):
        shown = request.session.pop(SECRET_SESSION_KEY, None)
        context = {
            "endpoint": endpoint,
            "channel": endpoint.channel,
            "form": form,
            "secret": shown["secret"] if shown and shown["pk"] == endpoint.pk else None,
            "deliveries": selectors.deliveries_of(endpoint=endpoint),
        }
        response = render(request, "webhooks/endpoint_detail.html", context, status=status)
        # The secret is on this page once: no cache (the browser's either) keeps it.
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request, pk):
        endpoint = _managed_endpoint(request.user, pk)
        initial = {"url": endpoint.url, "description": endpoint.description}
        return self._page(
            request, endpoint, EndpointForm(initial={**initial, "events": endpoint.events})
        )

    def post(self, request, pk):
        endpoint = _managed_endpoint(request.user, pk)
        form = EndpointForm(request.POST)
        if form.is_valid():
            services.endpoint_update(endpoint=endpoint, **form.cleaned_data)
            messages.success(request, _("The endpoint is saved."))
            return redirect(endpoint)
        return self._page(request, endpoint, form, status=400)


class EndpointRotateView(LoginRequiredMixin, View):
    def post(self, request, pk):
        endpoint = services.endpoint_secret_rotate(endpoint=_managed_endpoint(request.user, pk))
        _secret_show_once(request, endpoint)
        messages.success(
            request,
            _(
                "A new secret is made. For the next 24 hours each delivery is signed with "
                "both the new and the previous secret: switch your receiver meanwhile."
            ),
        )
        return redirect(endpoint)


class EndpointResumeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        endpoint = _managed_endpoint(request.user, pk)
        services.endpoint_resume(endpoint=endpoint)
        messages.success(request, _("The endpoint is resumed: the events that waited go now."))
        return redirect(endpoint)


class EndpointTestView(LoginRequiredMixin, View):
    def post(self, request, pk):
        endpoint = _managed_endpoint(request.user, pk)
        services.endpoint_test_send(endpoint=endpoint)
        messages.success(
            request, _("A test event is on its way: its result shows in the log below.")
        )
        return redirect(endpoint)


class EndpointDeleteView(LoginRequiredMixin, View):
    def post(self, request, pk):
        endpoint = _managed_endpoint(request.user, pk)
        channel = endpoint.channel
        services.endpoint_delete(endpoint=endpoint)
        messages.success(request, _("The endpoint is removed, with its delivery log."))
        return redirect("webhooks:endpoint_list", slug=channel.slug)
