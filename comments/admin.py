from django.contrib import admin

from comments import services
from comments.models import Comment, CommentReport
from topics.admin import TopicAdmin


class CommentInline(admin.TabularInline):
    """Read only: a comment changes on its own page, through the service."""

    model = Comment
    fields = ["author", "parent", "body", "created_at", "deleted_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


# A topic's admin page lists its comments, after its other rows.
TopicAdmin.inline_add(CommentInline)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "topic", "author", "created_at", "useful_count", "deleted_at"]
    list_filter = ["created_at"]
    search_fields = ["body", "author__email", "topic__title"]
    list_select_related = ["topic", "author"]
    raw_id_fields = ["topic", "author", "parent"]

    def get_readonly_fields(self, request, obj=None):
        # A posted comment stays where it is: its conversation and its number in
        # the thread hang on its topic and its parent.
        if obj is not None:
            return ["topic", "parent"]
        return []

    def save_model(self, request, obj, form, change):
        services.comment_admin_save(comment=obj, changed=form.changed_data)


@admin.register(CommentReport)
class CommentReportAdmin(admin.ModelAdmin):
    list_display = ["comment", "reporter", "created_at", "resolved_at", "resolved_by"]
    list_filter = ["resolved_at"]
    search_fields = ["reason", "comment__body", "reporter__email"]
    list_select_related = ["comment", "reporter", "resolved_by"]
    raw_id_fields = ["comment", "reporter", "resolved_by"]
