"""Cursor pagination: stable pages while rows are added, opaque `next`/`previous` links."""

from rest_framework.pagination import CursorPagination


class NewestFirst(CursorPagination):
    ordering = ("-created_at", "-pk")
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class SoonestFirst(NewestFirst):
    ordering = ("recording_at", "pk")


class OldestFirst(NewestFirst):
    """Queues: what waits longest comes first."""

    ordering = ("created_at", "pk")
