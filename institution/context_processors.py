from django.utils.functional import SimpleLazyObject

from institution.selectors import current_instansi


def instansi(request):
    """``instansi`` in every template (one query, only when a template uses it)."""
    return {"instansi": SimpleLazyObject(current_instansi)}
