from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    """Opaque cursors over the primary key: stable under inserts, constant cost per page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"
