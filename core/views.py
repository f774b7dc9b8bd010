from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.home import home_context
from core.roles import primary_role
from core.search import global_search, may_search_globally, parse_search


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous visitors get the public landing page; a user gets his role's home page."""
    if not request.user.is_authenticated:
        return render(request, "home/public.html", home_context("public", request))
    role = primary_role(request.user)
    if role is None:
        return render(request, "home/no_role.html", status=403)
    context = home_context(role, request)
    if "redirect_to" in context:
        return redirect(context["redirect_to"])
    return render(request, "home/index.html", context)


def search(request: HttpRequest) -> HttpResponse:
    """The header's search across the registers (staff roles). POST only: a NIK never lands in a
    URL; each register answers through the provider it registered (``core.search``)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_search_globally(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("home")
    typed = parse_search(request.POST.get("q", ""))
    groups = global_search(user=request.user, search=typed)
    return render(request, "home/search.html", {"search": typed, "groups": groups})
