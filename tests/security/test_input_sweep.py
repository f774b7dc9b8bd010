"""The input sweep (issue 12, item 5): every form the URL conf exposes gets hostile input, and no
answer is a 500.

The list of forms is generated: every named URL of the URL conf (as the authorization matrix lists
them, with its sample objects, and a real recommendation request and letter where the matrix uses a
missing id) is fetched as each role allowed to see it; every ``<form>`` on the page is then sent,
to its own action and method, with each of the payloads below in every field (file fields get a
small file with a hostile name). URLs the matrix reaches by POST only are posted to directly.
Multipart is the encoding (as browsers send forms with files, and Django's test client by default),
plus one urlencoded round.

Run it alone: ``DJANGO_TESTING=1 .venv/bin/python -m pytest -q tests/security/test_input_sweep.py -s``
(``-s`` prints the round's figures: requests tried, refused with 4xx, 500s).
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from compliance import services as compliance_services
from compliance.models import Purpose
from tests.compliance.conftest import build_cooperative
from tests.security.authz_expectations import ANONYMOUS, EXPECTATIONS, MISSING, ROLES
from tests.security.test_authorization_matrix import URLS, Samples

PAYLOADS = {
    "nul": "ab\x00cd",
    "oversize": "9" * 20_000,
    "long": "Alasan panjang " * 200,  # 3,000 characters: over every free-text cap, under the body guard
    "superscript": "²",
    "emoji": "😀👍🏽 Koperasi 🏦",
    "rtl": "\u202eمرحبا بالعالم\u202c 12",
    "digits": "١٢٣٤٥",  # Arabic-Indic digits: isdigit() says yes, int() may say no
}
SKIP_ACTIONS = ("/akun/keluar/", "/bahasa/")  # logging out or switching language ends the round, never a 500


class FormParser(HTMLParser):
    """The forms of a page: action, method, enctype and field names (with file fields marked)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "fields": {},
                "files": set(),
            }
            self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "textarea", "select") and attrs.get("name"):
            name = attrs["name"]
            kind = (attrs.get("type") or "").lower()
            if name == "csrfmiddlewaretoken" or kind in ("submit", "button", "image", "reset"):
                return
            if kind == "file":
                self._current["files"].add(name)
            self._current["fields"][name] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def forms_of(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


class Sweep:
    def __init__(self, users: dict):
        self.users = users
        self.tried = 0
        self.refused = 0
        self.errors: list[str] = []
        self.forms_seen: set[tuple] = set()

    def client(self, who: str) -> Client:
        client = Client(raise_request_exception=False)
        if who != ANONYMOUS:
            client.force_login(self.users[who])
        return client

    def send(self, client: Client, method: str, url: str, data: dict, files: set, *, urlencoded: bool = False, label: str = ""):
        self.tried += 1
        path = urlsplit(url).path
        if method == "get":
            response = client.get(path + "?" + urlencode(data, doseq=True))
        elif urlencoded:
            response = client.post(path, urlencode(data), content_type="application/x-www-form-urlencoded")
        else:
            payload = dict(data)
            for name in files:
                payload[name] = SimpleUploadedFile(f"berkas{data.get(name, '')[:40]}.pdf", b"%PDF-1.4 x\x00y", "application/pdf")
            response = client.post(path, payload)
        if response.status_code >= 500:
            self.errors.append(f"{response.status_code} {method.upper()} {path} [{label}]")
        elif response.status_code >= 400:
            self.refused += 1
        return response

    def hit_form(self, who: str, page_url: str, form: dict, name: str):
        action = urljoin(page_url, form["action"]) if form["action"] else page_url
        if action.startswith(("http://", "https://")):
            action = urlsplit(action).path
        if any(urlsplit(action).path.startswith(skip) for skip in SKIP_ACTIONS):
            return
        key = (who, urlsplit(action).path, form["method"], tuple(sorted(form["fields"])))
        if key in self.forms_seen or not form["fields"]:
            return
        self.forms_seen.add(key)
        for label, value in PAYLOADS.items():
            client = self.client(who)
            data = {field: value for field in form["fields"] if field not in form["files"]}
            self.send(client, form["method"], action, data, form["files"], label=f"{name} as {who}: {label}")
        if form["method"] == "post":
            client = self.client(who)
            data = {field: PAYLOADS["nul"] for field in form["fields"] if field not in form["files"]}
            self.send(client, "post", action, data, set(), urlencoded=True, label=f"{name} as {who}: urlencoded nul")


@pytest.fixture
def real_objects(dinas_user, bpjs_user, kepala_user, cooperative, django_capture_on_commit_callbacks):
    """A submitted request, a verified one and an issued letter, for the compliance URLs."""
    eligible = build_cooperative(cooperative=cooperative)
    submitted = compliance_services.recommendation_request(user=dinas_user, cooperative=eligible, purpose=Purpose.IZIN_BARU)
    with django_capture_on_commit_callbacks(execute=False):
        signed = compliance_services.recommendation_request(user=dinas_user, cooperative=eligible, purpose=Purpose.EVALUASI_STATUS)
        compliance_services.request_verify(user=bpjs_user, request=signed)
        letter = compliance_services.letter_issue(user=kepala_user, request=signed)
    return {"request": submitted.pk, "letter": letter.pk}


def real_kwargs(name: str, entry, samples: Samples, real: dict) -> dict:
    kwargs = {}
    for key, value in entry.kwargs.items():
        if value == MISSING and key == "pk" and name.startswith("compliance:request"):
            kwargs[key] = real["request"]
        elif value == MISSING and key == "pk" and name.startswith("compliance:letter"):
            kwargs[key] = real["letter"]
        else:
            kwargs[key] = samples.resolve(value)
    return kwargs


@pytest.mark.django_db
def test_no_form_answers_500_to_hostile_input(role_users, cooperative, other_cooperative, real_objects):
    samples = Samples(role_users, cooperative, other_cooperative)
    sweep = Sweep({role.value: user for role, user in role_users.items()})
    pages = 0
    for name in sorted(URLS):
        entry = EXPECTATIONS.get(name)
        if entry is None or name.startswith(("route:", "api:")):
            continue
        url = reverse(name, kwargs=real_kwargs(name, entry, samples, real_objects) or None)
        allowed = [who for who in (*ROLES, ANONYMOUS) if entry.expect.get(who) in ("ok", "404", "redirect", "400")]
        for who in allowed:
            if entry.method == "post":
                for label, value in PAYLOADS.items():
                    data = dict.fromkeys(("reason", "note", "purpose", "ended_on", "q", "name"), value)
                    sweep.send(sweep.client(who), "post", url, data, set(), label=f"{name} as {who}: {label}")
                continue
            response = sweep.client(who).get(url)
            pages += 1
            if response.status_code >= 500:
                sweep.errors.append(f"{response.status_code} GET {url} as {who}")
            content_type = response.headers.get("Content-Type", "")
            if response.status_code == 200 and content_type.startswith("text/html"):
                for form in forms_of(response.content.decode()):
                    sweep.hit_form(who, url, form, name)
    print(
        f"\ninput sweep: {pages} pages, {len(sweep.forms_seen)} forms, {sweep.tried} hostile requests, "
        f"{sweep.refused} refused (4xx), {len(sweep.errors)} answered 500"
    )
    assert len(sweep.forms_seen) >= 25, "the sweep found too few forms: is the page list still generated?"
    assert not sweep.errors, "500 answers:\n" + "\n".join(sweep.errors)


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["reason"])
def test_nul_and_oversize_reasons_are_refused_in_multipart(field, real_objects, bpjs_user, kepala_user):
    from compliance.models import Letter, RecommendationRequest

    bpjs, kepala = Client(), Client()
    bpjs.force_login(bpjs_user)
    kepala.force_login(kepala_user)
    return_url = reverse("compliance:request_return", args=[real_objects["request"]])
    revoke_url = reverse("compliance:letter_revoke", args=[real_objects["letter"]])
    assert bpjs.post(return_url, {field: "kurang\x00lengkap"}).status_code == 400
    assert kepala.post(revoke_url, {field: "dicabut\x00"}).status_code == 400
    for oversize in ("x" * 2001, "x" * 1_000_000):
        bpjs.post(return_url, {field: oversize})
        kepala.post(revoke_url, {field: oversize})
    assert RecommendationRequest.objects.get(pk=real_objects["request"]).state == "diajukan"
    assert Letter.objects.get(pk=real_objects["letter"]).revoked_at is None


@pytest.mark.django_db
def test_oversize_username_on_the_login_form_is_a_message(client):
    response = client.post(reverse("accounts:login"), {"username": "u" * 300, "password": "salah"})
    assert response.status_code == 200
    assert "paling banyak 150 karakter" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "١٢٣", "3.500.000²", "😀", "\u202e123"])
def test_superscripts_in_amounts_are_a_message(client, koperasi_client, cooperative, value):
    calculator = client.get(reverse("public:calculator"), {"jenis": "bpu", "income": value})
    assert calculator.status_code in (200, 400)
    estimate = koperasi_client.get(reverse("portal:estimate", args=[cooperative.pk]), {"default_wage": value})
    assert estimate.status_code in (200, 400)
