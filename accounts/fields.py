from django import forms
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import ngettext

from core.images import image_validate


class SafeImageField(forms.FileField):
    """A file field that accepts JPEG, PNG and WebP judged by content."""

    widget = forms.ClearableFileInput

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp")

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is not None:
            image_validate(upload)
        return upload


def limit_text(max_length: int) -> str:
    """The limit a text field shows under it, in the active language ("Up to 5,000
    characters.")."""
    return ngettext("Up to %(count)s character.", "Up to %(count)s characters.", max_length) % {
        "count": number_format(max_length, force_grouping=True)
    }


def _line_breaks_counted_once(to_python):
    """A browser counts a line break as one character against maxlength but sends it
    as two (CR LF): kept as one, a text the field let through is never refused."""

    def normalised(value):
        value = to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value

    return normalised


def text_limits_show(form: forms.BaseForm) -> None:
    """Every text field with a limit says so under it, beside its maxlength attribute:
    a browser cuts what is pasted past maxlength without a word, and a longer text
    sent anyway comes back with a message, as written. Line breaks count once, as the
    browser counts them."""
    for field in form.fields.values():
        if not isinstance(field, forms.CharField) or field.widget.is_hidden:
            continue
        if isinstance(field.widget, forms.Textarea):
            field.to_python = _line_breaks_counted_once(field.to_python)
        if field.max_length and not isinstance(field, forms.EmailField):
            limit = limit_text(field.max_length)
            field.help_text = (
                format_html("{} {}", field.help_text, limit) if field.help_text else limit
            )


class LimitsShownMixin:
    """A form whose text fields show their limits (`text_limits_show`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text_limits_show(self)
