"""Comment forms: a new comment or reply, an edit, a report, a moderation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.fields import LimitsShownMixin
from comments.models import Comment
from topics.models import Topic


class CommentForm(LimitsShownMixin, forms.Form):
    """A new comment or reply. A plain form: the model's constraints concern the
    topic, the parent and the conversation number, which the service sets."""

    body = Comment._meta.get_field("body").formfield(
        widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Markdown is supported.")
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, topic: Topic | None = None, **kwargs):
        kwargs.setdefault("auto_id", "comment_%s")
        super().__init__(*args, **kwargs)
        self.topic = topic

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write something before posting."))
        return body

    def clean_parent(self) -> Comment | None:
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.filter(pk=parent_id, topic=self.topic).first()
        # Said above the form (non-field errors): the field itself is hidden.
        if parent is None:
            self.add_error(None, _("The comment you reply to no longer exists."))
        elif parent.is_deleted or parent.is_hidden:
            self.add_error(
                None,
                _("The comment you reply to was deleted or removed: it takes no more replies."),
            )
            return None
        return parent


class CommentEditForm(LimitsShownMixin, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


class CommentReportForm(LimitsShownMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why should the organizers look at this comment?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("hide", _("Hide the comment")), ("restore", _("Restore the comment"))]
    )
    reason = forms.CharField(required=False, max_length=1000)
