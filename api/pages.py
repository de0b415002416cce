"""The API's pages: its reference (/api/docs/), and the member's tokens (/me/api-tokens/)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from api.forms import TokenCreateForm
from api.models import ApiToken
from api.selectors import api_tokens_of
from api.services import api_token_create, api_token_revoke
from core import ratelimit
from topics.models import Channel
from topics.rules import can
from topics.workspace.selectors import channels_organized_by

# The new token is shown once, on the page the browser is sent to after making it (so a
# reload neither posts the form again, making a second token, nor shows the secret
# again): kept in the session only until that page takes it out.
MADE_SESSION_KEY = "api-token-shown-once"


class ApiDocsView(TemplateView):
    """Swagger UI from drf-spectacular-sidecar's files, started by a script file of our
    own: the site's policy allows no inline script or style."""

    template_name = "api/docs.html"


class TokenListView(LoginRequiredMixin, View):
    """The member's tokens: make one (its secret shown once, on the page after),
    see when each was last used, revoke."""

    template_name = "api/token_list.html"

    def channels(self):
        organized = channels_organized_by(user=self.request.user)
        return Channel.objects.filter(pk__in=[c.pk for c in organized]).order_by("order", "name")

    def render(self, form, *, status=200):
        if not can(self.request.user, "api.manage_tokens"):
            raise PermissionDenied
        tokens = api_tokens_of(member=self.request.user)
        made = self.request.session.pop(MADE_SESSION_KEY, None)
        if made is not None:
            made = next(
                ({"token": t, "secret": made["secret"]} for t in tokens if t.pk == made["pk"]),
                None,
            )
        response = render(
            self.request,
            self.template_name,
            {
                "form": form,
                "tokens": tokens,
                "made": made,
            },
            status=status,
        )
        # The secret is on this page once: no cache keeps it.
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request):
        return self.render(TokenCreateForm(channels=self.channels()))

    def post(self, request):
        form = TokenCreateForm(request.POST, channels=self.channels())
        if not form.is_valid():
            return self.render(form, status=400)
        if not ratelimit.consume(action="api_token", member_id=request.user.pk):
            form.add_error(None, ratelimit.LIMITED_MESSAGE)
            return self.render(form, status=429)
        try:
            made = api_token_create(
                member=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                channels=form.cleaned_data.get("channels") or (),
                expires_at=form.expires_at(),
            )
        except ValidationError as error:
            ratelimit.refund(action="api_token", member_id=request.user.pk)
            form.add_error(None, error)
            return self.render(form, status=400)
        request.session[MADE_SESSION_KEY] = {"pk": made.token.pk, "secret": made.secret}
        return redirect("api:token_list")


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        token = get_object_or_404(ApiToken, pk=pk, member=request.user)
        api_token_revoke(token=token, by=request.user)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("api:token_list")
