"""Navigation per role, built from a registry so each app contributes its own links."""

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from core.navigation import GROUPS, NAVIGATION
from core.roles import primary_role, user_roles
from core.search import may_search_globally


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    roles = user_roles(user) if user is not None else frozenset()
    items: list[dict[str, Any]] = []
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
        items.append({"label": entry.label, "url": url, "active": active, "group": entry.group})
    groups: dict[str, dict] = {}
    for item in items:
        group = groups.setdefault(item["group"], {"key": item["group"], "label": GROUPS.get(item["group"], ""), "items": []})
        group["items"].append(item)
        group["active"] = group.get("active", False) or item["active"]
    ordered = [groups[key] for key in GROUPS if key in groups]
    # A lone entry in a group is shown as a plain link; so is the home group.
    nav_groups = [g if len(g["items"]) > 1 and g["key"] != "home" else {**g, "single": True} for g in ordered]
    return {
        "nav_items": items,
        "nav_groups": nav_groups,
        "user_role": primary_role(user) if user is not None else None,
        "global_search": user is not None and may_search_globally(user),
    }
