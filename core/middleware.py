"""Request guards that apply to every URL."""

from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


class RejectNulBytesMiddleware:
    """Answer 400 to a NUL byte in the path, query string or a form/JSON body.

    Databases refuse NUL in text (PostgreSQL raises), so it would surface as a 500 deep inside a
    view; refusing it at the door keeps every endpoint's answer a clean 400.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            message = _("Permintaan berisi karakter NUL yang tidak diizinkan.")
            if request.path.startswith("/api/"):
                return JsonResponse({"error": {"code": "invalid_request", "message": message, "details": {}}}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path or b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith(("application/json", "application/x-www-form-urlencoded")):
            try:
                body = request.body
            except Exception:  # an oversize body is refused later by Django with its own 400
                return False
            if b"\x00" in body or b"\\u0000" in body or b"%00" in body:
                return True
        return False
