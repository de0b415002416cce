import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, FormView
from django.views.i18n import set_language

from accounts import services
from accounts.forms import AccountDeleteForm, ProfileForm
from accounts.models import User
from accounts.privacy import member_data_zip


class ProfileDetailView(DetailView):
    template_name = "accounts/profile_detail.html"
    context_object_name = "member"
    slug_field = "public_id"
    slug_url_kwarg = "public_id"

    def get_queryset(self):
        return User.objects.filter(is_active=True, deleted_at__isnull=True)


class ProfileEditView(LoginRequiredMixin, FormView):
    template_name = "accounts/profile_edit.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.request.user
        return kwargs

    def form_valid(self, form):
        services.profile_update(
            user=self.request.user,
            data=form.cleaned_data,
            avatar=form.cleaned_data.get("avatar_upload"),
            avatar_remove=form.cleaned_data.get("avatar_remove", False),
        )
        messages.success(self.request, _("Your profile has been saved."))
        return redirect(self.request.user.get_absolute_url())

    def form_invalid(self, form):
        # ModelForm validation wrote the posted values onto request.user; undo
        # that so the header and page show what is really saved.
        self.request.user.refresh_from_db()
        return super().form_invalid(form)


class DataExportView(LoginRequiredMixin, View):
    """The member's data download: a zip of data.json and their images."""

    def get(self, request):
        bundle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
        member_data_zip(user=request.user, file=bundle)
        bundle.seek(0)
        stamp = timezone.now().strftime("%Y%m%d")
        response = FileResponse(
            bundle,
            as_attachment=True,
            filename=f"webcastory-my-data-{stamp}.zip",
            content_type="application/zip",
        )
        response["Cache-Control"] = "no-store"
        return response


class AccountDeleteView(LoginRequiredMixin, FormView):
    template_name = "accounts/account_delete.html"
    form_class = AccountDeleteForm
    success_url = reverse_lazy("home")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form):
        services.account_delete(user=self.request.user)
        logout(self.request)
        messages.success(self.request, _("Your account has been deleted. Goodbye."))
        return super().form_valid(form)


@method_decorator(csrf_exempt, name="dispatch")
class LanguageSetView(View):
    """Django's set_language, which also remembers the choice on the profile.

    For visitors it only sets the language cookie, so their pages carry no CSRF
    token and can be cached and shared; a member's change touches their profile,
    so CSRF is checked for them here.
    """

    def post(self, request):
        if request.user.is_authenticated:
            rejected = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
            if rejected is not None:
                return rejected
        response = set_language(request)
        language = request.POST.get("language")
        if request.user.is_authenticated and language in dict(settings.LANGUAGES):
            services.language_set(user=request.user, language=language)
        return response
