"""``{% import_history object %}``: the imports that created or changed a register object."""

from django import template

from imports.history import history_for

register = template.Library()


@register.inclusion_tag("imports/_history.html", takes_context=True)
def import_history(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"changes": history_for(obj), "show_links": bool(user and user.is_authenticated), "request": request}
