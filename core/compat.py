"""The library versions the project's fast paths were checked with, and the modules that rely on
their internals.

A module listed in ``INTERNALS`` uses an API its library does not document (a query's compiler, a
relation's cache, a private hook) or copies the library's output by hand, because it is on a hot
path; its docstring says so and names the tests and benchmark below. An upgrade breaks these
first, so ``tests/test_django_version.py`` fails on a version that is not in ``CHECKED``, with the
list of what to rerun. After those tests pass on the new version and the benchmark shows the fast
path still pays off, add the version here.
"""

from __future__ import annotations

from typing import NamedTuple

# Distribution name -> checked major.minor versions.
CHECKED = {
    "django": ("5.2",),
    "djangorestframework": ("3.18",),
    "django-auditlog": ("3.4",),
}


class Internal(NamedTuple):
    module: str
    library: str  # a key of CHECKED
    relies_on: str
    tests: tuple[str, ...]
    bench: str


INTERNALS = (
    Internal(
        "core/db.py",
        "django",
        "SQLCompiler (as_sql, get_converters, select) kept per process; Model._state set by hand",
        ("tests/core/test_db.py", "tests/api/test_bank_api.py"),
        "bench/api/run.py",
    ),
    Internal(
        "banking/selectors.py",
        "django",
        "the API-key lookup: Model.from_db and the foreign key's field cache (set_cached_value), via core.db",
        ("tests/banking/test_api_key_lookup.py", "tests/api/test_bank_api.py"),
        "bench/api/run.py",
    ),
    Internal(
        "banking/services.py",
        "django",
        "the bank check's subject lookup through core.db.fetch_compiled",
        ("tests/api/test_bank_api.py", "tests/banking/test_services.py"),
        "bench/api/run.py",
    ),
    Internal(
        "api/serializers.py",
        "djangorestframework",
        "verification_answer: a hand copy of what VerificationResultSerializer renders",
        ("tests/api/test_bank_api.py",),
        "bench/api/run.py",
    ),
    Internal(
        "outreach/selectors.py",
        "django",
        "follow_up_counts: Query.get_compiler().compile(query.where) inside hand-written SQL",
        ("tests/dashboard/test_follow_up_counts.py",),
        "bench/dashboard/timings.py",
    ),
    Internal(
        "dashboard/selectors.py",
        "django",
        "_fact_state_and_events: two Query.sql_with_params() statements in one round trip",
        ("tests/dashboard/test_facts.py", "tests/dashboard/test_dashboard.py"),
        "bench/dashboard/timings.py",
    ),
    Internal(
        "imports/sqlfast.py",
        "django",
        "rows written with connection.ops adapters and model defaults, without Model.save",
        ("tests/imports",),
        "bench/imports/bench.py",
    ),
    Internal(
        "core/audit_middleware.py",
        "django-auditlog",
        "overrides AuditlogMiddleware._get_remote_addr (a private method)",
        ("tests/accounts/test_lockout.py",),
        "",
    ),
)


def rerun_list(library: str) -> str:
    """The modules relying on ``library``'s internals with their tests and benchmark, one a line."""
    return "\n".join(
        f"  {i.module} ({i.relies_on}): tests {', '.join(i.tests)}" + (f"; bench {i.bench}" if i.bench else "")
        for i in INTERNALS
        if i.library == library
    )
