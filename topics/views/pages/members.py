"""My space, and answering an invitation to co-propose."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from topics import selectors, services
from topics.models import (
    CoProposerInvitation,
)
from topics.rules import can


class CoProposerInvitationAnswerView(LoginRequiredMixin, View):
    """The invitee accepts or declines an invitation to co-propose (from My space)."""

    def post(self, request, pk):
        invitation = get_object_or_404(
            CoProposerInvitation.objects.select_related("topic"), pk=pk, invitee=request.user
        )
        closed = _("This invitation is no longer open.")
        # Only its invitee answers an invitation, superuser or not.
        if not can(request.user, "topics.answer_co_proposer_invitation", invitation):
            messages.error(request, closed)
            return redirect("topics:my_space")
        accept = request.POST.get("answer") == "accept"
        answer = (
            services.co_proposer_invitation_accept
            if accept
            else services.co_proposer_invitation_decline
        )
        try:
            answer(invitation=invitation, by=request.user)
        except ValidationError:  # answered meanwhile (a double click)
            messages.error(request, closed)
            return redirect("topics:my_space")
        if accept:
            messages.success(
                request,
                _("You now bring “%(topic)s” as a co-proposer.")
                % {"topic": invitation.topic.title},
            )
            return redirect(invitation.topic)
        messages.success(request, _("You declined the invitation."))
        return redirect("topics:my_space")


class MySpaceView(LoginRequiredMixin, TemplateView):
    template_name = "topics/my_space.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**selectors.my_space(user=self.request.user), **kwargs)
