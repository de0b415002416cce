from django import forms
from django.utils.translation import gettext_lazy as _

from webhooks.addresses import AddressError, url_check
from webhooks.models import WebhookEvent


class EndpointForm(forms.Form):
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "Your server's https address that receives the events (a POST with a JSON body, "
            "signed). Public addresses only; redirects are not followed."
        ),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        try:
            url_check(url)
        except AddressError as error:
            raise forms.ValidationError(str(error), code="address") from error
        return url
