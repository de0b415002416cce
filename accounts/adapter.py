from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from accounts.mail import account_mail_send


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up stores the full name and the language the visitor is using; a mail the
    server does not take is kept and sent again later, never a failed page."""

    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        account_mail_send(self.render_mail(template_prefix, email, context))

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data.get("full_name", "").strip()
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        if commit:
            user.save()
        return user
