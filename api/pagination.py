from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    """Opaque cursors over the primary key: stable under inserts, constant cost per page.

    A malformed ``page_size`` is refused (400) rather than silently replaced by the default."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [_("Harus bilangan bulat 1 sampai %(max)d.") % {"max": self.max_page_size}]})
        return value
