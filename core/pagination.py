from collections.abc import Sequence

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50


def paginate(request: HttpRequest, queryset: QuerySet | Sequence, per_page: int = PAGE_SIZE) -> Page:
    """A page of results; a bad or out-of-range page number gives the nearest valid page."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
