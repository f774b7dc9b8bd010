"""The authorization matrix: for every named URL, the expected answer to each role and to anonymous.

HOW TO ADD A URL: add one line ``"namespace:name": Entry(...)``. Use the builders:

* ``only("admin", "dinas")`` — those roles get "ok", every other role "403", anonymous "login";
  override with ``ok=``, ``other=``, ``anonymous=`` or per role with ``override={"bank": "404"}``.
* ``public()`` — everyone, anonymous included, gets the same outcome ("ok" by default).
* ``logged_in()`` — every role "ok", anonymous "login".

Outcomes: "ok" (2xx), "login" (redirect to the login page), "redirect" (any other redirect),
"400", "401", "403", "404", "405".

URL arguments: ``kwargs={"pk": S("cooperative")}`` takes the primary key of a sample object
(see ``Samples`` in test_authorization_matrix.py: cooperative is the one the koperasi user
heads); ``MISSING`` is a primary key that does not exist (allowed roles then get "404" — the
permission check still runs first). ``method="post"`` sends an empty POST with the CSRF check
off (never used for destructive endpoints unless the answer is a refusal).

Excluded by rule (see ``EXCLUDED_PREFIXES``): Django's own admin site under ``admin/`` (guarded by
``is_staff``; tested separately) and static/media file serving (development only).

When the test reports a URL without an entry it prints the answers it observed; check them
against the view's intended roles before copying them here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ANONYMOUS = "anonymous"
ROLES = ("admin", "dinas", "bpjs", "kepala_cabang", "koperasi", "bank")
ALL = (*ROLES, ANONYMOUS)
MISSING = 987654

EXCLUDED_PREFIXES = ("admin/", "static/", "media/")


@dataclass(frozen=True)
class S:
    """A reference to a sample object's primary key (or, with ``attr``, another attribute)."""

    name: str
    attr: str = "pk"


@dataclass
class Entry:
    expect: dict[str, str]
    kwargs: dict = field(default_factory=dict)
    method: str = "get"
    query: str = ""
    note: str = ""


def only(*roles: str, ok: str = "ok", other: str = "403", anonymous: str = "login", override: dict | None = None) -> dict[str, str]:
    unknown = set(roles) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    result = {role: (ok if role in roles else other) for role in ROLES}
    result[ANONYMOUS] = anonymous
    result.update(override or {})
    return result


def public(outcome: str = "ok", override: dict | None = None) -> dict[str, str]:
    result = dict.fromkeys(ALL, outcome)
    result.update(override or {})
    return result


def logged_in(outcome: str = "ok", anonymous: str = "login", override: dict | None = None) -> dict[str, str]:
    result = dict.fromkeys(ROLES, outcome)
    result[ANONYMOUS] = anonymous
    result.update(override or {})
    return result


STAFF = ("admin", "dinas", "bpjs", "kepala_cabang")
REGISTER = ("admin", "dinas", "bpjs")
KEEPERS = ("admin", "dinas")

EXPECTATIONS: dict[str, Entry] = {}


def _api(*roles: str, ok: str = "ok", override: dict | None = None) -> dict[str, str]:
    """An API endpoint: anonymous gets 401 (the bank API key scheme announces itself)."""
    return only(*roles, ok=ok, anonymous="401", override=override)


EXPECTATIONS.update(
    {
        # Core, accounts, language
        "home": Entry(public(override={"dinas": "redirect", "koperasi": "redirect"}), note="dinas → dashboard, koperasi → portal"),
        "accounts:login": Entry(logged_in("redirect", anonymous="ok")),
        "accounts:logout": Entry(public("redirect"), method="post"),
        "notifications:outbox": Entry(only("admin", "dinas")),
        "notifications:mine": Entry(logged_in()),
        # The gateway's delivery report: a bearer token, not a session; none configured in tests.
        "notifications:delivery_report": Entry(public("403"), method="post"),
        "accounts:otp_verify": Entry(logged_in("redirect"), note="no confirmed device yet → enrolment page"),
        "accounts:otp_setup": Entry(logged_in()),
        "set_language": Entry(public("redirect"), method="post"),
        "regions:village_options": Entry(logged_in(), query="kecamatan=74.01.01"),
        # Register (foundation)
        "enrollment:person_list": Entry(only(*REGISTER)),
        "enrollment:rates": Entry(only(*STAFF)),
        "enrollment:sponsor_list": Entry(only("admin", "dinas", "bpjs")),
        "enrollment:sponsor_detail": Entry(only("admin", "dinas", "bpjs", ok="404"), kwargs={"pk": MISSING}),
        "cooperatives:list": Entry(only(*STAFF)),
        "cooperatives:create": Entry(only(*KEEPERS)),
        "cooperatives:detail": Entry(
            only(*STAFF, "koperasi", override={"koperasi": "redirect"}),
            kwargs={"pk": S("cooperative")},
            note="a cooperative head is sent to his portal page",
        ),
        "cooperatives:edit": Entry(only(*KEEPERS), kwargs={"pk": S("cooperative")}),
        "cooperatives:status": Entry(
            only(*KEEPERS, ok="redirect"), kwargs={"pk": S("cooperative")}, note="GET goes back to the detail page"
        ),
        "cooperatives:annual_meeting": Entry(
            only(*KEEPERS, ok="redirect"), kwargs={"pk": S("cooperative")}, note="GET goes back to the detail page"
        ),
        "cooperatives:position_add": Entry(
            only(*KEEPERS, ok="redirect"), kwargs={"pk": S("cooperative")}, note="GET goes back to the detail page"
        ),
        "cooperatives:position_end": Entry(
            only(*KEEPERS, ok="redirect"),
            kwargs={"pk": S("cooperative"), "position_pk": S("position")},
            note="GET goes back to the detail page",
        ),
        "search": Entry(only(*STAFF, ok="redirect"), note="POST only; a GET goes home"),
        "umkm:list": Entry(only(*REGISTER)),
        "umkm:create": Entry(only(*KEEPERS)),
        "umkm:detail": Entry(only(*REGISTER), kwargs={"pk": S("business")}),
        "umkm:edit": Entry(only(*KEEPERS), kwargs={"pk": S("business")}),
        # Imports
        "imports:index": Entry(only(*REGISTER)),
        "imports:template": Entry(only(*REGISTER, ok="404"), kwargs={"key": "tidak-ada"}),
        "imports:upload": Entry(only(*REGISTER, ok="404"), kwargs={"key": "tidak-ada"}, method="post"),
        "imports:job": Entry(only(*REGISTER, ok="404"), kwargs={"pk": MISSING}),
        "imports:progress": Entry(only(*REGISTER, ok="404"), kwargs={"pk": MISSING}),
        "imports:commit": Entry(only(*REGISTER, ok="404"), kwargs={"pk": MISSING}, method="post"),
        "imports:rerun": Entry(only(*REGISTER, ok="404"), kwargs={"pk": MISSING}, method="post"),
        "imports:errors": Entry(only(*REGISTER, ok="404"), kwargs={"pk": MISSING}),
        "imports:reconciliation": Entry(only(*REGISTER, ok="404"), kwargs={"pk": MISSING}),
        "imports:mapping": Entry(only(*REGISTER, ok="404"), kwargs={"pk": MISSING}, method="post"),
        # Dashboard and outreach
        "dashboard:index": Entry(only(*STAFF)),
        "dashboard:report_pdf": Entry(only(*STAFF, ok="redirect"), note="starts a background export and redirects to its page"),
        "dashboard:export_detail": Entry(only(*STAFF, ok="404"), kwargs={"pk": MISSING}),
        "dashboard:export_download": Entry(only(*STAFF, ok="404"), kwargs={"pk": MISSING}),
        "dashboard:worklists": Entry(only(*STAFF)),
        "dashboard:umkm_list": Entry(only(*STAFF)),
        "dashboard:coop_list": Entry(only(*STAFF)),
        "dashboard:participant_list": Entry(only(*STAFF)),
        "dashboard:attendee_list": Entry(only(*STAFF)),
        "outreach:list": Entry(only(*STAFF)),
        "outreach:detail": Entry(only(*STAFF, ok="404"), kwargs={"pk": MISSING}),
        "outreach:attendance_remove": Entry(only("dinas", ok="404"), kwargs={"pk": MISSING, "attendance_pk": MISSING}, method="post"),
        "outreach:attendance_upload": Entry(only("dinas", ok="404"), kwargs={"pk": MISSING}, method="post"),
        # Cooperative head's portal (his own cooperative)
        "portal:index": Entry(only("koperasi", ok="redirect")),
        "portal:cooperative": Entry(only("koperasi"), kwargs={"pk": S("cooperative")}),
        "portal:members": Entry(only("koperasi"), kwargs={"pk": S("cooperative")}),
        "portal:member_correct": Entry(only("koperasi"), kwargs={"pk": S("cooperative"), "position_pk": S("position")}),
        "portal:member_end": Entry(only("koperasi"), kwargs={"pk": S("cooperative"), "position_pk": S("position")}),
        "portal:estimate": Entry(only("koperasi"), kwargs={"pk": S("cooperative")}),
        "portal:delegates": Entry(only("koperasi"), kwargs={"pk": S("cooperative")}),
        "portal:delegate_withdraw": Entry(only("koperasi", ok="404"), kwargs={"pk": S("cooperative"), "access_pk": MISSING}, method="post"),
        "portal:recommendation_request": Entry(only("koperasi", ok="404"), kwargs={"pk": MISSING}, method="post"),
        "portal:invitation_accept": Entry(public(), kwargs={"uidb64": "MQ", "token": "salah-token"}, note="shows the invalid-link page"),
        "portal:invitation_done": Entry(public()),
        "public:programmes": Entry(public()),
        "public:calculator": Entry(public()),
        "public:legal_basis": Entry(public()),
        # Recommendation letters
        "compliance:request_list": Entry(only(*STAFF, "koperasi")),
        "compliance:request_create": Entry(only("dinas", "koperasi")),
        "compliance:request_detail": Entry(only(*STAFF, "koperasi", ok="404"), kwargs={"pk": MISSING}),
        "compliance:request_verify": Entry(only("bpjs", ok="404"), kwargs={"pk": MISSING}, method="post"),
        "compliance:request_return": Entry(only("bpjs", ok="404"), kwargs={"pk": MISSING}, method="post"),
        "compliance:request_refuse": Entry(only("bpjs", "kepala_cabang", ok="404"), kwargs={"pk": MISSING}, method="post"),
        "compliance:request_sign": Entry(only("kepala_cabang", ok="404"), kwargs={"pk": MISSING}, method="post"),
        "compliance:request_resubmit": Entry(only("dinas", "koperasi", ok="404"), kwargs={"pk": MISSING}, method="post"),
        "compliance:letter_list": Entry(only(*STAFF, "koperasi")),
        "compliance:letter_detail": Entry(only(*STAFF, "koperasi", ok="404"), kwargs={"pk": MISSING}),
        "compliance:letter_download": Entry(only(*STAFF, "koperasi", ok="404"), kwargs={"pk": MISSING}),
        "compliance:letter_revoke": Entry(only("kepala_cabang", ok="404"), kwargs={"pk": MISSING}, method="post"),
        "compliance:gate_list": Entry(only(*STAFF)),
        "compliance:gate_create": Entry(only("dinas")),
        "compliance:verify_lookup": Entry(public()),
        "compliance:verify": Entry(public("404"), kwargs={"token": "tidak-ada"}),
        # Bank channel
        "banking:lookup": Entry(only("bank")),
        "banking:verification_list": Entry(only("admin", "dinas", "koperasi", "bank")),
        # API documentation (public; the schema holds no data)
        "schema": Entry(public()),
        "swagger-ui": Entry(public()),
        "redoc": Entry(public()),
        "redoc-bundle": Entry(public()),
        # REST API v1 (session or bank API key)
        "api:cooperative-list": Entry(_api(*STAFF, "koperasi")),
        "api:cooperative-detail": Entry(_api(*STAFF, "koperasi"), kwargs={"pk": S("cooperative")}),
        "api:business-list": Entry(_api(*REGISTER)),
        "api:business-detail": Entry(_api(*REGISTER), kwargs={"pk": S("business")}),
        "api:person-list": Entry(_api(*REGISTER, "koperasi")),
        "api:person-detail": Entry(_api(*REGISTER, "koperasi"), kwargs={"pk": S("position", "person_id")}),
        # Not the cooperative head (issue 12): a participation carries the KPJ, the employer's NPP and the
        # person's other relationships; his people's coverage is in ``api:person-list``.
        "api:participation-list": Entry(_api(*REGISTER)),
        "api:participation-detail": Entry(_api(*REGISTER), kwargs={"pk": S("participation")}),
        "api:verification-list": Entry(_api("admin", "dinas", "koperasi", "bank")),
        "api:verification-detail": Entry(
            _api("admin", "dinas", "koperasi", "bank", ok="404"), kwargs={"receipt_id": "KJV-20260101-0123456789"}
        ),
        "api:disbursement-list": Entry(_api("admin", "dinas", "bank")),
        "api:letter-list": Entry(_api(*STAFF, "koperasi")),
        "api:letter-detail": Entry(_api(*STAFF, "koperasi", ok="404"), kwargs={"pk": MISSING}),
        "api:letter-status": Entry(_api(*STAFF, "koperasi", "bank", ok="404"), kwargs={"number": "TIDAK-ADA"}),
        "api:recommendation-request-list": Entry(_api(*STAFF, "koperasi")),
        "api:recommendation-request-detail": Entry(_api(*STAFF, "koperasi", ok="404"), kwargs={"pk": MISSING}),
        "route:^api/": Entry(public("404"), note="the API's JSON 404 for unknown API paths"),
        "api:disbursement-detail": Entry(_api("admin", "dinas", "bank", ok="404"), kwargs={"pk": MISSING}),
    }
)
