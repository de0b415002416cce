from allauth.account.adapter import get_adapter
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.fields import SafeImageField
from accounts.models import User
from accounts.validators import validate_single_line


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds in front of email and password."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user) -> None:
        # AccountAdapter.save_user already stored the name.
        pass


class ProfileForm(forms.ModelForm):
    avatar_upload = SafeImageField(
        label=_("Avatar"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB. It is cropped to a square thumbnail."),
    )
    avatar_remove = forms.BooleanField(label=_("Remove my avatar"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = User
        fields = ["full_name", "headline", "company", "bio", "website", "preferred_language"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        if not self.instance.avatar:
            del self.fields["avatar_remove"]


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Delete my account"), css_class="btn-danger"))

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."), code="password")
        return password


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's log-in, checked by allauth like the members' log-in.

    Failed attempts count against the same ``login_failed`` limits
    (ACCOUNT_RATE_LIMITS), per address and per IP, shared with the member
    log-in; once over, the form refuses further attempts without checking the
    password, so guessing costs no hashing either.
    """

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password:
            self.user_cache = get_adapter(self.request).authenticate(
                self.request, email=email, password=password
            )
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
