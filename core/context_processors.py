"""Navigation per role, built from a registry so each app contributes its own links."""

from django.urls import NoReverseMatch, reverse

from core.navigation import NAVIGATION
from core.roles import primary_role, user_roles


def navigation(request):
    user = getattr(request, "user", None)
    roles = user_roles(user) if user is not None else frozenset()
    items = []
    path = request.path
    for entry in NAVIGATION:
        if entry.roles and not (roles & set(entry.roles)):
            continue
        if entry.public_only and roles:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        active = path == url if url == "/" else path.startswith(url)
        items.append({"label": entry.label, "url": url, "active": active})
    return {"nav_items": items, "user_role": primary_role(user) if user is not None else None}
