"""Admin helpers every app's admin.py may use (core registers no model)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError


class DecidedThroughServiceAdmin(admin.ModelAdmin):
    """A change of `status` in the admin is a decision: it goes through the service that
    checks the transition and tells the people concerned, as in the workspace."""

    def decide(self, request, obj, status):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        if not (change and "status" in form.changed_data):
            super().save_model(request, obj, form, change)
            return
        decided = obj.status
        obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        try:
            self.decide(request, obj, decided)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
