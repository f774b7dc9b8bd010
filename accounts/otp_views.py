"""Pages of the second sign-in step: enrol an authenticator app, then confirm a code."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from accounts import otp


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Kode 6 angka"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return "/"


@never_cache
@login_required
def otp_verify_view(request):
    """Ask for a code from the enrolled authenticator app."""
    if not otp.has_confirmed_device(request.user):
        return redirect("accounts:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.verify(request, form.cleaned_data["token"]):
            return redirect(_next_url(request))
        form.add_error("token", _("Kode salah atau sudah kedaluwarsa. Coba kode terbaru dari aplikasi autentikator."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def otp_setup_view(request):
    """First sign-in: enrol an authenticator app. Refused once a device is confirmed.

    (Otherwise someone holding only the password could add his own device.)
    """
    if otp.has_confirmed_device(request.user):
        return redirect("accounts:otp_verify")
    device = otp.enrolment_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.confirm_enrolment(request, device, form.cleaned_data["token"]):
            messages.success(request, _("Aplikasi autentikator terdaftar. Verifikasi dua langkah aktif."))
            return redirect(_next_url(request))
        form.add_error("token", _("Kode tidak cocok. Pastikan jam ponsel tepat lalu masukkan kode terbaru."))
    context = {
        "form": form,
        "qr_svg": otp.qr_svg(device),
        "secret": otp.secret_for_display(device),
        "next": _next_url(request),
    }
    return render(request, "accounts/otp_setup.html", context)
