"""Request guards that apply to every URL."""

import time
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from core.api import error_response
from core.roles import STAFF_ROLES, has_role

# The longest single value any form takes (the longest free-text field, a reason, is 2,000 characters;
# core.forms.REASON_MAX_LENGTH). Longer values are refused before a view sees them.
FORM_VALUE_MAX_CHARS = 10_000

GetResponse = Callable[[HttpRequest], HttpResponse]


class RejectNulBytesMiddleware:
    """Answer 400 to a NUL byte in the path, query string or a form/JSON body (urlencoded and
    multipart alike), and to a form value beyond ``FORM_VALUE_MAX_CHARS``.

    Databases refuse NUL in text (PostgreSQL raises), so it would surface as a 500 deep inside a
    view; refusing it at the door keeps every endpoint's answer a clean 400. Multipart bodies (every
    browser form with a file field, and Django's test client) are checked on their parsed values and
    file names, since the raw bytes of an uploaded file may legitimately hold NUL.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = self._problem(request)
        if problem is not None:
            code, message = problem
            if request.path.startswith("/api/"):
                return error_response(code, message, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)

    @staticmethod
    def _nul_message() -> tuple[str, str]:
        return "invalid_request", _("Permintaan berisi karakter NUL yang tidak diizinkan.")

    @classmethod
    def _problem(cls, request: HttpRequest) -> tuple[str, str] | None:
        if "\x00" in request.path or b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
            return cls._nul_message()
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/json", "application/x-www-form-urlencoded")):
            try:
                body = request.body
            except Exception:  # an oversize body is refused later by Django with its own 400
                return None
            if b"\x00" in body or b"\\u0000" in body or b"%00" in body:
                return cls._nul_message()
        if request.method == "POST" and content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            try:
                values = [value for _key, values in request.POST.lists() for value in values]
                names = [upload.name or "" for _key, uploads in request.FILES.lists() for upload in uploads]
                keys = list(request.POST.keys()) + list(request.FILES.keys())
            except Exception:  # a malformed multipart body or too many fields: a 400, never a 500
                return "invalid_request", _("Data formulir tidak dapat dibaca.")
            if any("\x00" in text for text in (*values, *names, *keys)):
                return cls._nul_message()
            if any(len(text) > FORM_VALUE_MAX_CHARS for text in values):
                return "request_too_large", _("Isian formulir terlalu panjang.")
        return None


IDENTIFIER_PARAMETERS = frozenset({"nik", "nib", "kpj"})


class RejectIdentifierQueryMiddleware:
    """Answer 400 (the API's error shape) to a ``nik``, ``nib`` or ``kpj`` query parameter on any
    ``/api/`` URL: an identifier never travels in a URL (URLs land in proxy logs, browser history
    and ``next`` links). Identifiers go in a POST body; register lookups use ids.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            found = sorted({key.strip().lower() for key in request.GET} & IDENTIFIER_PARAMETERS)
            if found:
                message = _("NIK, NIB dan KPJ tidak boleh dikirim di alamat (URL); kirim di badan permintaan POST.")
                return error_response("validation_error", message, status=400, details={key: [message] for key in found})
        return self.get_response(request)


class RejectOversizeBodyMiddleware:
    """Answer 400 to a request body beyond the configured limits, before any view reads it.

    Django refuses an oversize form body itself, but a JSON body parsed by DRF is read from the
    stream without that limit. Multipart uploads may be as large as ``IMPORT_MAX_UPLOAD_MB``
    (plus 1 MB of form overhead); every other body is limited to ``DATA_UPLOAD_MAX_MEMORY_SIZE``.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.headers.get("content-length") or 0)
        except ValueError:
            return self._refuse(request, "invalid_request", _("Panjang data yang dikirim tidak valid."))
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("multipart/"):
            limit = (settings.IMPORT_MAX_UPLOAD_MB + 1) * 1024 * 1024
        else:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length < 0 or (limit is not None and length > limit):
            return self._refuse(request, "request_too_large", _("Data yang dikirim terlalu besar."))
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, code: str, message: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return error_response(code, message, status=400)
        return HttpResponseBadRequest(message)


class PrivateNoStoreMiddleware:
    """``Cache-Control: private, no-store`` on every answer that can hold personal data: every page
    and export served to a signed-in user, and every ``/api/`` answer (API-key callers are only
    known inside DRF). Public pages (programmes, calculator, letter verification) stay cacheable.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = request.path.startswith("/api/") or (user is not None and user.is_authenticated)
        if personal and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
            response["Pragma"] = "no-cache"
        return response


class StaffSessionTimeoutMiddleware:
    """Log out staff users (admin, dinas, bpjs, kepala_cabang) after ``STAFF_SESSION_IDLE_SECONDS`` idle.

    Runs after the authentication middleware. An expired user continues as anonymous, so the
    view answers as it would to anyone (the login redirect for protected pages).

    The last-activity timestamp is rewritten only when it is ``STAFF_SESSION_REFRESH_SECONDS`` old
    (default 60), so reading pages does not write the session on every request; the idle limit is
    therefore met within that margin (a user may be logged out up to a minute early, never late).
    """

    SESSION_KEY = "_kj_last_activity"

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and has_role(user, *STAFF_ROLES):
            now = int(time.time())
            last = request.session.get(self.SESSION_KEY)
            idle = settings.STAFF_SESSION_IDLE_SECONDS
            if isinstance(last, int) and idle and now - last > idle:
                logout(request)
                messages.info(request, _("Sesi Anda berakhir karena tidak ada aktivitas. Silakan masuk kembali."))
            elif not isinstance(last, int) or now - last >= getattr(settings, "STAFF_SESSION_REFRESH_SECONDS", 60):
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)


def _stamp_activity_at_login(sender: object, request: HttpRequest | None, user: object, **kwargs: object) -> None:
    """The login writes the session anyway: stamp the activity there, so the first page after it
    does not write the session again."""
    if request is not None and hasattr(request, "session"):
        request.session[StaffSessionTimeoutMiddleware.SESSION_KEY] = int(time.time())


user_logged_in.connect(_stamp_activity_at_login, dispatch_uid="core.stamp_activity_at_login")


class LanguageMiddleware:
    """Bahasa Indonesia unless the user chose English with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: officers in the regency
    often run English-language browsers but work in Indonesian.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # The thread goes back to the default, so work done outside a request (tasks, the
            # next test) never inherits one user's choice.
            translation.activate(settings.LANGUAGE_CODE)
        response.headers.setdefault("Content-Language", language)
        from django.utils.cache import patch_vary_headers

        patch_vary_headers(response, ("Cookie",))
        return response
