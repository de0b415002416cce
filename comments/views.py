"""Comments: posting from the topic page, a comment's own page (reply, edit, delete, mark
useful, report), a conversation's page, and moderation from the workspace."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from accounts.fields import limit_text
from comments import selectors, services
from comments.forms import CommentEditForm, CommentForm, CommentReportForm, ModerationForm
from comments.models import Comment
from comments.rules import COMMENT_EDIT_MINUTES
from core import ratelimit
from core.pagecache import visitor_page_cache
from topics.rules import can
from topics.selectors import TopicPageVersions
from topics.views.pages import RATE_LIMITED_MESSAGE, TopicActionView

REPLY_MAX_LENGTH = Comment._meta.get_field("body").max_length


class CommentCreateView(TopicActionView):
    form_class = CommentForm
    form_name = "comment_form"
    rate_action = "comment"

    def get_form(self, topic):
        return CommentForm(self.request.POST, topic=topic)

    def form_valid(self, topic, form):
        comment = services.comment_create(
            topic=topic,
            author=self.request.user,
            body=form.cleaned_data["body"],
            parent=form.cleaned_data["parent"],
        )
        messages.success(self.request, _("Your comment is posted."))
        return redirect(comment.get_absolute_url())


class CommentMixin:
    permission_required = ""

    def get_comment(self) -> Comment:
        comment = get_object_or_404(Comment.objects.select_related("topic"), pk=self.kwargs["pk"])
        if not can(self.request.user, "topics.read_topic", comment.topic):
            raise Http404
        if self.permission_required and not can(
            self.request.user, self.permission_required, comment
        ):
            raise PermissionDenied
        return comment


@method_decorator(visitor_page_cache, name="dispatch")
class ConversationView(View):
    """A conversation on its own page: its first comment and all its replies, a hundred
    at a time (the topic page shows the first few)."""

    def get(self, request, pk):
        ids = (
            Comment.objects.filter(pk=pk, parent=None)
            .values_list("topic_id", "topic__channel_id")
            .first()
        )
        if ids is None:
            raise Http404
        # What a visitor's cached copy depends on, read before the rows it shows.
        TopicPageVersions.read(*ids)
        root = get_object_or_404(
            Comment.objects.select_related("topic__channel", "author"), pk=pk, parent=None
        )
        topic = root.topic
        if not can(request.user, "topics.read_topic", topic):
            raise Http404
        try:
            number = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            number = 1
        conversation = selectors.conversation_page(root=root, number=number)
        return render(
            request,
            "comments/conversation.html",
            {"topic": topic, "root": root, "conversation": conversation},
        )


class CommentDetailView(CommentMixin, View):
    """One comment with what a member can do with it: reply, mark useful, edit, report."""

    def get_comment(self) -> Comment:
        comment = get_object_or_404(
            Comment.objects.select_related("topic__channel", "author", "parent__author"),
            pk=self.kwargs["pk"],
        )
        if not can(self.request.user, "topics.read_topic", comment.topic):
            raise Http404
        return comment

    def get(self, request, pk):
        comment = self.get_comment()
        user = request.user
        context = {
            "comment": comment,
            "topic": comment.topic,
            "node": selectors.CommentNode(comment=comment),
            "marked_useful": user.is_authenticated
            and comment.useful_marks.filter(member=user).exists(),
            "can_moderate": can(user, "topics.decide_topic", comment.topic),
            "reply_max_length": REPLY_MAX_LENGTH,
            "reply_limit": limit_text(REPLY_MAX_LENGTH),
        }
        return render(request, "comments/comment_detail.html", context)


class CommentEditView(LoginRequiredMixin, CommentMixin, View):
    """Editing within the window (comments.edit_comment). Its author, past the window, is
    told so on the comment's page rather than refused; anyone else is refused."""

    def editable_comment(self) -> Comment:
        comment = self.get_comment()
        if can(self.request.user, "comments.edit_comment", comment):
            return comment
        if can(self.request.user, "comments.delete_comment", comment):  # its author
            raise EditWindowOver(comment)
        raise PermissionDenied

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except EditWindowOver as over:
            messages.info(
                request,
                _(
                    "Comments can be edited for %(minutes)s minutes after posting: this one "
                    "can no longer be edited. You may still delete it, or reply to it to add "
                    "something."
                )
                % {"minutes": COMMENT_EDIT_MINUTES},
            )
            return redirect("comments:comment_detail", pk=over.comment.pk)

    def get(self, request, pk):
        comment = self.editable_comment()
        return render(
            request,
            "comments/comment_edit.html",
            {"comment": comment, "form": CommentEditForm(instance=comment)},
        )

    def post(self, request, pk):
        comment = self.editable_comment()
        form = CommentEditForm(request.POST, instance=comment)
        if form.is_valid():
            try:
                services.comment_edit(
                    comment=comment, by=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your comment is updated."))
                return redirect(comment.get_absolute_url())
        comment.refresh_from_db()
        return render(
            request, "comments/comment_edit.html", {"comment": comment, "form": form}, status=400
        )


class EditWindowOver(Exception):
    def __init__(self, comment: Comment):
        super().__init__(comment.pk)
        self.comment = comment


class CommentDeleteView(LoginRequiredMixin, CommentMixin, View):
    """GET asks for confirmation (the page without JavaScript); POST deletes."""

    permission_required = "comments.delete_comment"

    def get(self, request, pk):
        comment = self.get_comment()
        if comment.is_deleted:
            return redirect("comments:comment_detail", pk=comment.pk)
        return render(request, "comments/comment_delete.html", {"comment": comment})

    def post(self, request, pk):
        comment = self.get_comment()
        services.comment_delete(comment=comment, by=request.user)
        messages.success(request, _("Your comment is deleted."))
        return redirect(comment.get_absolute_url())


class CommentUsefulView(LoginRequiredMixin, CommentMixin, View):
    def post(self, request, pk):
        comment = self.get_comment()
        if services.comment_mark_useful(comment=comment, member=request.user):
            messages.success(request, _("Thank you, you found this comment useful."))
        return redirect(comment.get_absolute_url())


class CommentReportView(LoginRequiredMixin, CommentMixin, View):
    """Any member may ask the organizers to look at a comment."""

    def render_form(self, request, comment, form, status=200):
        context = {"comment": comment, "form": form}
        return render(request, "comments/comment_report.html", context, status=status)

    def get(self, request, pk):
        return self.render_form(request, self.get_comment(), CommentReportForm())

    def post(self, request, pk):
        comment = self.get_comment()
        form = CommentReportForm(request.POST)
        if form.is_valid():
            if not ratelimit.consume(action="comment_report", member_id=request.user.pk):
                form.add_error(None, RATE_LIMITED_MESSAGE)
                return self.render_form(request, comment, form, status=429)
            try:
                services.comment_report(
                    comment=comment, reporter=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                ratelimit.refund(action="comment_report", member_id=request.user.pk)
                messages.info(request, " ".join(error.messages))
            else:
                messages.success(request, _("Thank you, the organizers will look at it."))
            return redirect(comment.get_absolute_url())
        return self.render_form(request, comment, form, status=400)


class CommentModerateView(LoginRequiredMixin, View):
    def post(self, request, pk):
        comment = get_object_or_404(
            Comment.objects.select_related("topic__channel", "author"), pk=pk
        )
        if not can(request.user, "topics.decide_topic", comment.topic):
            raise PermissionDenied
        form = ModerationForm(request.POST)
        if form.is_valid():
            hide = form.cleaned_data["action"] == "hide"
            changed = services.comment_moderate(
                comment=comment, actor=request.user, hide=hide, reason=form.cleaned_data["reason"]
            )
            if changed:
                text = _("The comment is hidden.") if hide else _("The comment is visible again.")
            elif hide:
                text = _("The comment was already hidden; its reports are closed.")
            else:
                text = _("The comment stays visible; its reports are dismissed.")
            messages.success(request, text)
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = comment.get_absolute_url()
        return redirect(target)
