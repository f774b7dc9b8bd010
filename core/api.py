"""One error shape for every API response.

``{"error": {"code": "<machine code>", "message": "<human text>", "details": {...}}}``
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def error_body(code: str, message: object, details: object = None) -> dict:
    """The one error envelope, for DRF answers and for plain Django ones (middleware, webhooks)."""
    return {"error": {"code": code, "message": str(message), "details": details or {}}}


def error_response(code: str, message: object, *, status: int, details: object = None) -> JsonResponse:
    """An error in the envelope from outside DRF (middleware, the /api/ 404, webhooks)."""
    return JsonResponse(error_body(code, message, details), status=status)


def _details(detail: object) -> object:
    if isinstance(detail, dict):
        return {key: _details(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_details(value) for value in detail]
    return str(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            exc = exceptions.ValidationError(detail=exc.message_dict)
        else:
            exc = exceptions.ValidationError(detail={"non_field_errors": exc.messages})
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = "error"
    message = ""
    details: object = {}
    if isinstance(exc, exceptions.ValidationError):
        code = "validation_error"
        message = "Data yang dikirim tidak valid."
        details = _details(exc.detail) if isinstance(exc.detail, dict) else {"non_field_errors": _details(exc.detail)}
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        message = str(exc.detail)
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        code = "throttled"
    headers = {key: value for key, value in response.headers.items() if key in ("Retry-After", "WWW-Authenticate", "Allow")}
    return Response(error_body(code, message, details), status=response.status_code, headers=headers)
