from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.forms import AdminLoginForm
from accounts.models import PendingMail, User
from accounts.services import account_delete

# The admin's log-in goes through allauth's rate limits, as the members' does.
admin.site.login_form = AdminLoginForm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    ordering = ["-date_joined"]
    list_display = ["email", "full_name", "company", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "preferred_language"]
    search_fields = ["email", "full_name", "company", "headline"]
    readonly_fields = ["public_id", "date_joined", "last_login", "deleted_at"]
    fieldsets = [
        (None, {"fields": ["email", "password", "public_id"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "full_name",
                    "headline",
                    "company",
                    "bio",
                    "website",
                    "avatar",
                    "preferred_language",
                ]
            },
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["date_joined", "last_login", "deleted_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]

    # Deleting a member in the admin erases their data the way the site's own
    # deletion does (accounts.services.account_delete): the row stays, anonymised,
    # so what they published keeps an author, shown as a former member.
    def get_deleted_objects(self, objs, request):
        lines = [
            _("%(member)s: personal data erased, public contributions kept as a former member")
            % {"member": str(member)}
            for member in objs
        ]
        return lines, {self.model._meta.verbose_name_plural: len(lines)}, set(), []

    def delete_model(self, request, obj):
        account_delete(user=obj)

    def delete_queryset(self, request, queryset):
        for member in queryset:
            account_delete(user=member)


@admin.register(PendingMail)
class PendingMailAdmin(admin.ModelAdmin):
    """Account mails the server did not take; the mail worker sends them again. Read only:
    their text holds log-in and confirmation links."""

    list_display = ["subject", "recipients", "attempts", "next_try_at", "given_up", "last_error"]
    list_filter = ["given_up"]
    fields = [*list_display, "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
