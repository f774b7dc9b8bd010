"""Send users of the two-factor roles to the code page until they have confirmed a code."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.otp import has_confirmed_device, otp_pending
from core.api import error_response


class OTPRequiredMiddleware:
    """Runs after django_otp's OTPMiddleware; only active when ``settings.OTP_ENFORCED``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and otp_pending(user) and not self._exempt(request.path):
            if request.path.startswith("/api/"):
                message = _("Verifikasi dua langkah diperlukan.")
                return error_response("otp_required", message, status=403)
            target = "accounts:otp_verify" if has_confirmed_device(user) else "accounts:otp_setup"
            url = reverse(target)
            if request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        allowed = (
            reverse("accounts:otp_verify"),
            reverse("accounts:otp_setup"),
            reverse("accounts:logout"),
            reverse("set_language"),
        )
        return path in allowed or path.startswith(settings.STATIC_URL)
