"""One error envelope (``core.api.error_body``) for DRF answers and for the plain Django ones."""

import json

import pytest
from django.test import Client

from core.api import error_body, error_response


def test_the_envelope_has_code_message_and_details():
    assert error_body("not_found", "Tidak ditemukan.") == {"error": {"code": "not_found", "message": "Tidak ditemukan.", "details": {}}}
    response = error_response("validation_error", "Salah.", status=400, details={"nik": ["Salah."]})
    assert response.status_code == 400
    assert json.loads(response.content) == {"error": {"code": "validation_error", "message": "Salah.", "details": {"nik": ["Salah."]}}}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status", "code"),
    [("/api/v1/tidak-ada/", 404, "not_found"), ("/api/v1/people/?nik=7401015708909001", 400, "validation_error")],
)
def test_middleware_and_the_api_404_answer_in_the_envelope(path, status, code):
    response = Client().get(path)
    assert response.status_code == status
    body = response.json()
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
