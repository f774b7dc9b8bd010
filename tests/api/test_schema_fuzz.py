"""Property-based conformance of the whole API against its own OpenAPI schema (schemathesis).

Every operation, positive and negative cases, a bounded number of examples each. Register
operations run as a Dinas officer (session), bank operations with a bank API key.
"""

from contextlib import contextmanager

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.banking.factories import active_person, make_key
from tests.factories import BusinessFactory, CooperativeFactory

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
MAX_EXAMPLES = 12


@contextmanager
def wsgi_call_keeps_connection():
    """Django's WSGI handler closes "old" connections when a request starts and ends, and the test's
    open transaction counts as old; Django's test client switches that off around its own calls,
    a raw WSGI call does not. Do the same around each schemathesis call."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema():
    with wsgi_call_keeps_connection():
        return schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def auth_headers(bank, dinas_user):
    today = timezone.localdate()
    person = active_person(today)
    BusinessFactory(owner=person, nib="9120000000123", cooperative=CooperativeFactory())
    _key, plaintext = make_key(bank, rate_per_minute=100_000)
    client = Client()
    client.force_login(dinas_user)
    headers = {
        "bank": {"Authorization": f"Api-Key {plaintext}"},
        "session": {"Cookie": f"sessionid={client.cookies['sessionid'].value}"},
    }
    # Both credentials really authenticate, so the generated cases reach the views.
    assert Client(headers=headers["session"]).get("/api/v1/cooperatives/").status_code == 200
    assert Client(headers=headers["bank"]).get("/api/v1/verifications/").status_code == 200
    return headers


def _call_and_validate(headers):
    def run(case):
        with wsgi_call_keeps_connection():
            case.call_and_validate(headers=headers, checks=CHECKS)

    return run


def operations(schema):
    found = []
    for result in schema.get_all_operations():
        found.append(result.ok())
    return found


def test_schema_lists_every_operation(api_schema):
    labels = {op.label for op in operations(api_schema)}
    assert "POST /api/v1/verifications/" in labels
    assert "POST /api/v1/disbursements/" in labels
    assert len(labels) >= 14


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positive", "negative"])
def test_every_operation_conforms(api_schema, auth_headers, mode):
    cache.clear()
    failures = []
    for operation in operations(api_schema):
        headers = auth_headers["bank" if "bank" in (operation.tags or []) else "session"]

        run = given(case=operation.as_strategy(generation_mode=mode))(_call_and_validate(headers))
        run = settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))(
            run
        )
        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them together
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
