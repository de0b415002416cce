from django import forms

from accounts.images import image_validate


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
