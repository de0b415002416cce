from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import NotificationCategory, NotificationPreference


class NotificationPreferenceForm(forms.ModelForm):
    """Per category: on the site or not, and how its mails come (at once, in a daily or
    weekly digest, or none); and one switch for every mail."""

    class Meta:
        model = NotificationPreference
        fields = [
            field
            for category in NotificationCategory
            for field in (category.value, f"{category.value}_mail")
        ] + ["by_email"]
        labels = {"by_email": _("Send me mails (as chosen above)")}

    def categories(self):
        """(label, on-the-site field, mail field) per category, for the template."""
        return [
            (category.label, self[category.value], self[f"{category.value}_mail"])
            for category in NotificationCategory
        ]
