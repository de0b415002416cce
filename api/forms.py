from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.fields import LimitsShownMixin
from api.models import ApiToken, TokenScope

LIFETIMES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("One year")),
    ("", _("No expiry (until I revoke it)")),
]


class TokenCreateForm(LimitsShownMixin, forms.ModelForm):
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=_(
            "Read: your topics, requests and notifications. Write: also propose topics, "
            "give opinions, comment and decide on requests, as you would on the site."
        ),
    )
    lifetime = forms.ChoiceField(
        label=_("Expires after"), choices=LIFETIMES, initial="90", required=False
    )

    class Meta:
        model = ApiToken
        fields = ["name", "scope", "channels"]
        widgets = {"channels": forms.CheckboxSelectMultiple}
        help_texts = {
            "name": _("What the token is for, to recognise it later (“My newsletter script”)."),
            "channels": _(
                "Only for the channels you organize: the token then reads their queues "
                "and, with write access, decides on requests to take part."
            ),
        }

    def __init__(self, *args, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channels"].queryset = channels
        self.fields["channels"].label_from_instance = lambda channel: channel.localized_name
        if not channels.exists():
            del self.fields["channels"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name

    def expires_at(self):
        days = self.cleaned_data.get("lifetime")
        return timezone.now() + timedelta(days=int(days)) if days else None
