"""A channel's studios, managed by its organizers in the workspace."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from topics import services
from topics.forms import StudioForm
from topics.models import Channel, Studio
from topics.rules import can
from topics.workspace import selectors as workspace


def _managed_channel(user, slug: str) -> Channel:
    channel = get_object_or_404(Channel, slug=slug)
    if not can(user, "topics.manage_studios", channel):
        raise PermissionDenied
    return channel


def _managed_studio(user, pk: int) -> Studio:
    studio = get_object_or_404(Studio.objects.select_related("channel"), pk=pk)
    if not can(user, "topics.manage_studios", studio.channel):
        raise PermissionDenied
    return studio


class StudioListView(LoginRequiredMixin, View):
    """The channel's studios, and a form to add one."""

    def _page(self, request, channel, form, status=200):
        context = {"channel": channel, "studios": workspace.studios_of(channel=channel)}
        return render(
            request, "topics/workspace/studios.html", {**context, "form": form}, status=status
        )

    def get(self, request, slug):
        return self._page(request, _managed_channel(request.user, slug), StudioForm())

    def post(self, request, slug):
        channel = _managed_channel(request.user, slug)
        form = StudioForm(request.POST, instance=Studio(channel=channel))
        if form.is_valid():
            services.studio_create(channel=channel, actor=request.user, data=form.cleaned_data)
            messages.success(request, _("The studio is added."))
            return redirect("topics:workspace_studio_list", slug=channel.slug)
        return self._page(request, channel, form, status=400)


class StudioEditView(LoginRequiredMixin, View):
    def _page(self, request, studio, form, status=200):
        context = {"studio": studio, "channel": studio.channel, "form": form}
        return render(request, "topics/workspace/studio_form.html", context, status=status)

    def get(self, request, pk):
        studio = _managed_studio(request.user, pk)
        return self._page(request, studio, StudioForm(instance=studio))

    def post(self, request, pk):
        studio = _managed_studio(request.user, pk)
        form = StudioForm(request.POST, instance=Studio.objects.get(pk=studio.pk))
        if form.is_valid():
            services.studio_update(studio=studio, actor=request.user, data=form.cleaned_data)
            messages.success(request, _("The studio is saved."))
            return redirect("topics:workspace_studio_list", slug=studio.channel.slug)
        return self._page(request, studio, form, status=400)


class StudioRemoveView(LoginRequiredMixin, View):
    def post(self, request, pk):
        studio = _managed_studio(request.user, pk)
        if services.studio_remove(studio=studio, actor=request.user):
            messages.success(request, _("The studio is deleted."))
        else:
            messages.success(
                request,
                _(
                    "The studio booked recordings, so it is kept for their history and "
                    "deactivated: it is no longer offered when scheduling."
                ),
            )
        return redirect("topics:workspace_studio_list", slug=studio.channel.slug)
