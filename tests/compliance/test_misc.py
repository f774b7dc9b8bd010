"""Working-day ages, background rendering after commit, admin-editable settings."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from compliance import services
from compliance.models import ComplianceSettings, Purpose
from compliance.selectors import working_days_between

pytestmark = pytest.mark.django_db


def test_working_days_skip_weekends_and_indonesian_holidays():
    # Thu 14 Aug 2025 → Mon 18 Aug 2025: Fri 15 counts, Sat/Sun do not, Sun 17 Aug is Independence Day anyway.
    assert working_days_between(date(2025, 8, 14), date(2025, 8, 18)) == 2
    # 25 Dec 2025 (Christmas) is a holiday: Wed 24 → Fri 26 counts only the 26th.
    assert working_days_between(date(2025, 12, 24), date(2025, 12, 26)) == 1
    assert working_days_between(date(2025, 12, 26), date(2025, 12, 24)) == 0


def test_signing_returns_before_the_pdf_is_rendered(verified_request, kepala_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        letter = services.letter_issue(user=kepala_user, request=verified_request)
    letter.refresh_from_db()
    assert letter.pdf_rendered_at is None
    assert not letter.pdf_sha256
    for callback in callbacks:
        callback()
    letter.refresh_from_db()
    assert letter.pdf_rendered_at is not None
    assert len(letter.pdf_sha256) == 64


def test_download_renders_when_the_worker_has_not_run(clients, issue_letter, eligible):
    letter = issue_letter(eligible, render=False)
    assert letter.pdf_rendered_at is None
    response = clients["dinas"].get(reverse("compliance:letter_download", args=[letter.pk]))
    assert response.content.startswith(b"%PDF")
    letter.refresh_from_db()
    assert letter.pdf_sha256


def test_admin_edits_settings_through_the_service(admin_client_kj, issue_letter, eligible):
    ComplianceSettings.current()
    url = reverse("admin:compliance_compliancesettings_change", args=[1])
    form = admin_client_kj.get(url)
    assert form.status_code == 200
    response = admin_client_kj.post(url, {"validity_months": 12})
    assert response.status_code == 302
    # The letter code is the Instansi's (issue 17), edited on its own admin page.
    instansi_url = reverse("admin:institution_instansi_change", args=[1])
    page = admin_client_kj.get(instansi_url)
    assert page.status_code == 200
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.update(letter_code="REK-KLK2")
    assert admin_client_kj.post(instansi_url, data).status_code == 302
    letter = issue_letter(eligible, purpose=Purpose.EVALUASI_STATUS, render=False)
    assert "/REK-KLK2/" in letter.number
    assert (letter.valid_until - letter.issued_on).days > 360


def test_state_changes_are_audited(eligible, dinas_user, bpjs_user):
    from auditlog.models import LogEntry

    req = services.recommendation_request(user=dinas_user, cooperative=eligible, purpose=Purpose.IZIN_BARU)
    services.request_verify(user=bpjs_user, request=req)
    entries = LogEntry.objects.get_for_object(req)
    assert entries.count() >= 2
    assert any("diverifikasi" in str(entry.changes) for entry in entries)
