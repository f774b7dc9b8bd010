from django.shortcuts import redirect, render

from core.home import home_context
from core.roles import primary_role


def home(request):
    """Anonymous visitors get the public landing page; a user gets his role's home page."""
    if not request.user.is_authenticated:
        return render(request, "home/public.html", home_context("public", request))
    role = primary_role(request.user)
    if role is None:
        return render(request, "home/no_role.html", status=403)
    context = home_context(role, request)
    if "redirect_to" in context:
        return redirect(context["redirect_to"])
    return render(request, f"home/{role}.html", context)
