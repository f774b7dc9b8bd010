from django import template

from institution.selectors import current_instansi

register = template.Library()


@register.simple_tag
def instansi_record():
    """``{% instansi_record as instansi %}`` where no request context is at hand (PDF reports)."""
    return current_instansi()
