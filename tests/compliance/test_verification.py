"""The public verification page: statuses, lookup by number, PDF check, throttling, no personal data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from compliance import pdf, services
from compliance.selectors import letter_public_status
from core.identifiers import mask_nik
from tests.compliance.conftest import build_cooperative

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coop(db):
    return build_cooperative(name="Koperasi Verifikasi")


def page(token, client=None):
    return (client or Client()).get(reverse("compliance:verify", args=[token]))


def test_valid_page_shows_public_facts_and_no_personal_data(issue_letter, coop):
    letter = issue_letter(coop)
    response = page(letter.token)
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("VALID", letter.number, "Koperasi Verifikasi", "Izin koperasi baru", letter.signatory_name):
        assert text in html
    for person in coop.people.values():
        assert person.nik not in html
        assert person.nik[-4:] + "</" not in html
        assert person.name not in html
    assert "NIK" not in html


def test_token_is_random_and_long(issue_letter, coop):
    letter = issue_letter(coop, render=False)
    other = issue_letter(build_cooperative(name="Koperasi Dua"), render=False)
    assert letter.token != other.token
    assert len(letter.token) >= 22
    for person in coop.people.values():
        assert person.nik not in letter.token


def test_qr_payload_is_the_verification_url_without_nik(issue_letter, coop, settings, monkeypatch):
    settings.SITE_URL = "https://kolaka-jamsostek.example"
    payloads = []
    original = pdf.segno.make

    def spy(content, **kwargs):
        payloads.append(content)
        return original(content, **kwargs)

    monkeypatch.setattr(pdf.segno, "make", spy)
    letter = issue_letter(coop)
    assert payloads == [f"https://kolaka-jamsostek.example/verifikasi/{letter.token}/"]
    assert bytes(letter.pdf).startswith(b"%PDF")
    for person in coop.people.values():
        assert person.nik not in payloads[0]


def test_letter_document_carries_every_field(issue_letter, coop):
    letter = issue_letter(coop, purpose="evaluasi_status", render=False)
    html = render_to_string("compliance/letter_pdf.html", pdf.letter_context(letter))
    for expected in (
        letter.number,
        coop.name,
        coop.nomor_induk,
        "NPP",
        "60001234",
        "JKK, JKM, JHT, JP",
        "4 dari 4",
        "1 dari 1",
        "Evaluasi status koperasi",
        letter.signatory_name,
        letter.signatory_title,
        "Kepala Dinas Koperasi dan UMKM",
        "Bulan iuran terakhir",
        "Tunggakan iuran",
        "berlaku sejak",
        "data:image/svg+xml",
        "MEMENUHI",
    ):
        assert expected in html, expected
    for person in coop.people.values():
        assert person.nik not in html
        assert mask_nik(person.nik) not in html


@pytest.mark.parametrize("situation", ["expired", "revoked", "superseded"])
def test_statuses(issue_letter, coop, kepala_user, situation):
    if situation == "expired":
        letter = issue_letter(coop, issued_on=timezone.localdate() - timedelta(days=300), render=False)
        expected = "EXPIRED"
    elif situation == "revoked":
        letter = issue_letter(coop, render=False)
        services.letter_revoke(user=kepala_user, letter=letter, reason="Keliru.")
        expected = "REVOKED"
    else:
        letter = issue_letter(coop, render=False)
        issue_letter(coop, render=False)
        expected = "SUPERSEDED"
    html = page(letter.token).content.decode()
    assert expected in html
    assert "VALID" not in html
    letter.refresh_from_db()
    assert letter_public_status(letter, timezone.localdate())["status"] == situation


def test_unknown_token_is_404():
    assert page("x" * 43).status_code == 404


def test_lookup_by_number_redirects_to_the_page(issue_letter, coop):
    letter = issue_letter(coop, render=False)
    response = Client().get(reverse("compliance:verify_lookup"), {"nomor": letter.number.lower()})
    assert response.status_code == 302
    assert response["Location"] == letter.verification_path
    missing = Client().get(reverse("compliance:verify_lookup"), {"nomor": "9999/REK-KLK/I/2020"})
    assert missing.status_code == 200
    assert "tidak ditemukan" in missing.content.decode()
    assert Client().get(reverse("compliance:verify_lookup")).status_code == 200


def test_uploaded_pdf_is_checked_against_the_hash(issue_letter, coop):
    letter = issue_letter(coop)
    ok = Client().post(letter.verification_path, {"berkas": SimpleUploadedFile("s.pdf", bytes(letter.pdf), "application/pdf")})
    assert "cocok dengan surat yang diterbitkan" in ok.content.decode()
    forged = bytes(letter.pdf).replace(b"%PDF", b"%PDF ", 1)
    bad = Client().post(letter.verification_path, {"berkas": SimpleUploadedFile("s.pdf", forged, "application/pdf")})
    assert "TIDAK cocok" in bad.content.decode()


def test_public_pages_are_throttled_per_ip(issue_letter, coop):
    letter = issue_letter(coop, render=False)
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [page(letter.token, client).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    # another address is not affected
    assert page(letter.token, Client(REMOTE_ADDR="203.0.113.10")).status_code == 200


def test_public_status_selector_has_no_personal_data(issue_letter, coop):
    letter = issue_letter(coop, render=False)
    facts = letter_public_status(letter)
    assert set(facts) >= {"number", "status", "cooperative", "purpose", "issued_on", "valid_until", "signatory_name"}
    dump = str(facts)
    for person in coop.people.values():
        assert person.nik not in dump
        assert person.name not in dump
