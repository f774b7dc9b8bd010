"""Outreach sign-in sheets through the import pipeline: matching by NIK then NIB, prospects, the
follow-up of every attendee, idempotent re-upload, and who may upload."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from imports.models import ImportChange, ImportJob, IssueKind, JobState
from outreach import selectors, services
from outreach.models import OutreachAttendance
from regions.models import Region
from tests.dashboard.conftest import active_bpu
from tests.factories import WUNDULAKO_VILLAGE, BusinessFactory, PersonFactory, make_nik
from tests.imports.helpers import csv_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["No.", "Nama", "NIK", "No. HP", "Nama Usaha", "NIB", "Desa", "Jenis", "Tanda tangan"]


@pytest.fixture
def event(db):
    return services.event_create(
        title="Sosialisasi Daftar Hadir",
        held_on=timezone.localdate() - timedelta(days=120),
        place="Aula Desa",
        kecamatan=Region.objects.get(code="74.01.01"),
    )


def _nib(n: int) -> str:
    return f"91{n:011d}"


@pytest.fixture
def sheet(event):
    """80 rows: 50 registered people by NIK, 20 businesses by NIB alone, 10 people the register does
    not hold (5 with a NIK, 4 without, 1 UMKM without NIB). Two people enrol after the event."""
    desa = Region.objects.get(code=WUNDULAKO_VILLAGE).name
    rows = [HEADER]
    people = [PersonFactory(name=f"Peserta {i}") for i in range(50)]
    active_bpu(people[0], started_on=event.held_on + timedelta(days=10))
    active_bpu(people[1], started_on=event.held_on + timedelta(days=60))
    for i, person in enumerate(people):
        rows.append([i + 1, person.name, person.nik, "0812 3456 7890", "", "", desa, "pelaku UMKM", "ttd"])
    for i in range(20):
        business = BusinessFactory(name=f"Usaha NIB {i}", nib=_nib(i))
        rows.append([len(rows), business.owner.name, "", "", business.name, business.nib, desa, "pelaku umkm", "ttd"])
    unknown_niks = [make_nik(serial=9000 + i) for i in range(5)]
    for i, nik in enumerate(unknown_niks):
        rows.append([len(rows), f"Calon {i}", nik, f"08521100{i:04d}", "", "", desa, "pengurus koperasi", "ttd"])
    for i in range(4):
        rows.append([len(rows), f"Tanpa NIK {i}", "", f"08531100{i:04d}", "", "", "", "lainnya", ""])
    rows.append([len(rows), "Ibu Warung", "", "081299990000", "Warung Tanpa NIB", "", desa, "pelaku UMKM", "ttd"])
    assert len(rows) == 81
    return {"rows": rows, "people": people, "unknown_niks": unknown_niks}


def _dashboard_counts(as_of, event):
    """The dashboard's one-query follow-up, which must agree with the event page's summary."""
    return selectors.follow_up_counts(as_of=as_of, filters={"event": event.pk})


def _upload(client, event, content: bytes, name: str = "daftar-hadir.xlsx"):
    response = client.post(reverse("outreach:attendance_upload", args=[event.pk]), {"file": upload(content, name)})
    job = ImportJob.objects.order_by("-pk").first()
    return response, job


def test_eighty_row_sheet_with_ten_unknown_people_counts_all_eighty(dinas_client, event, sheet):
    response, job = _upload(dinas_client, event, xlsx_bytes(sheet["rows"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:job", args=[job.pk])
    job.refresh_from_db()
    assert job.importer == "daftar_hadir"
    assert job.details["outreach_event"] == event.pk
    assert job.state == JobState.PREVIEWED, job.message
    assert (job.processed_rows, job.created_count, job.error_count) == (80, 80, 0)
    assert not OutreachAttendance.objects.filter(event=event).exists()  # the preview writes nothing
    page = dinas_client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert event.get_absolute_url() in page  # back to the event
    assert "Tanda tangan" in page
    assert "tidak dikenali" not in page

    dinas_client.post(reverse("imports:commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert job.created_count == 80
    attendances = OutreachAttendance.objects.filter(event=event)
    assert attendances.count() == 80
    assert attendances.filter(person__isnull=False, prospect=False).count() == 50
    assert attendances.filter(business__isnull=False).count() == 20
    prospects = attendances.filter(prospect=True)
    assert prospects.count() == 10
    assert not prospects.filter(person__isnull=False).exists()
    warung = prospects.get(name="Ibu Warung")
    assert warung.business_name == "Warung Tanpa NIB"
    assert warung.role == "umkm"
    assert warung.desa_id == WUNDULAKO_VILLAGE
    assert ImportChange.objects.filter(job=job, model="outreach.outreachattendance", action="dibuat").count() == 80

    # Every attendee counts in the follow-up: the event page, the selector and the dashboard's query.
    items = selectors.attendance_follow_up(as_of=timezone.localdate(), filters={"event": event.pk})
    summary = selectors.follow_up_summary(items)
    assert sum(entry["attended"] for entry in summary.values()) == 80
    assert summary["orang"]["attended"] == 60
    assert summary["usaha"]["attended"] == 20
    assert (summary["orang"]["within_30"], summary["orang"]["within_90"]) == (1, 2)
    assert _dashboard_counts(timezone.localdate(), event) == summary
    html = dinas_client.get(event.get_absolute_url()).content.decode()
    assert 'data-metric="followup-attended">80<' in html
    assert html.count("data-prospect") == 10
    # NIK and phone are masked in the list.
    for nik in sheet["unknown_niks"]:
        assert nik not in html
    assert "085211000000" not in html


def test_same_sheet_again_changes_nothing(dinas_client, event, sheet):
    content = xlsx_bytes(sheet["rows"])
    _response, job = _upload(dinas_client, event, content)
    dinas_client.post(reverse("imports:commit", args=[job.pk]))
    _response, again = _upload(dinas_client, event, content)
    again.refresh_from_db()
    assert again.duplicate_of_id == job.pk
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 80)
    dinas_client.post(reverse("imports:commit", args=[again.pk]))
    again.refresh_from_db()
    assert again.state == JobState.DONE
    assert (again.created_count, again.updated_count) == (0, 0)
    assert OutreachAttendance.objects.filter(event=event).count() == 80
    assert not ImportChange.objects.filter(job=again).exists()


def test_prospect_counts_once_the_register_holds_its_nik(dinas_client, event, sheet):
    _response, job = _upload(dinas_client, event, csv_bytes(sheet["rows"]), "daftar-hadir.csv")
    dinas_client.post(reverse("imports:commit", args=[job.pk]))
    nik = sheet["unknown_niks"][0]
    person = PersonFactory(nik=nik, name="Calon 0")
    active_bpu(person, started_on=event.held_on + timedelta(days=20))
    as_of = timezone.localdate()
    summary = selectors.follow_up_summary(selectors.attendance_follow_up(as_of=as_of, filters={"event": event.pk}))
    assert summary["orang"]["within_30"] == 2
    assert _dashboard_counts(as_of, event) == summary
    assert services.prospects_link(niks=[nik]) == 1
    linked = OutreachAttendance.objects.get(event=event, nik=nik)
    assert linked.person == person
    assert linked.prospect


def test_rows_with_errors_are_listed_and_the_rest_import(dinas_client, event):
    rows = [
        HEADER,
        [1, "", "", "", "", "", "", "", ""],
        [2, "Salah NIK", "12345", "", "", "", "", "", ""],
        [3, "Benar", "", "", "", "", "", "", ""],
    ]
    rows.append([4, "Desa Asing", "", "08x", "", "", "Atlantis", "astronot", ""])
    _response, job = _upload(dinas_client, event, xlsx_bytes(rows))
    job.refresh_from_db()
    assert job.state == JobState.PREVIEWED
    assert job.error_count == 2
    assert job.valid_rows == 2
    errors = {(i.row_number, i.column) for i in job.issues.filter(kind=IssueKind.ERROR)}
    assert errors == {(2, "Nama"), (3, "NIK")}
    warnings = {i.column for i in job.issues.filter(kind=IssueKind.WARNING, row_number=5)}
    assert {"No. HP", "Desa", "Jenis"} <= warnings
    assert dinas_client.get(reverse("imports:errors", args=[job.pk])).status_code == 200


@pytest.mark.parametrize("who", ["bpjs_client", "kepala_client", "admin_client_kj", "koperasi_client", "bank_client"])
def test_only_dinas_uploads_a_sign_in_sheet(request, who, event):
    client = request.getfixturevalue(who)
    response = client.post(reverse("outreach:attendance_upload", args=[event.pk]), {"file": upload(csv_bytes([HEADER, [1, "A"]]), "a.csv")})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_sign_in_importer_is_not_uploaded_from_the_import_index(dinas_client, bpjs_client, event):
    index = dinas_client.get(reverse("imports:index")).content.decode()
    assert reverse("imports:upload", args=["daftar_hadir"]) not in index
    response = dinas_client.post(reverse("imports:upload", args=["daftar_hadir"]), {"file": upload(csv_bytes([HEADER, [1, "A"]]), "a.csv")})
    assert response.status_code == 404
    # A BPJS officer sees the event but no upload form, and cannot open a sign-in job.
    assert reverse("outreach:attendance_upload", args=[event.pk]) not in bpjs_client.get(event.get_absolute_url()).content.decode()
    _response, job = _upload(dinas_client, event, csv_bytes([HEADER, [1, "A"]]), "a.csv")
    assert bpjs_client.get(reverse("imports:job", args=[job.pk])).status_code == 404


def test_the_dashboard_follow_up_panel_shows_person_attendees(dinas_client, event, sheet):
    """Person attendees (registered people and prospects) have their own row on the dashboard, not
    only on the event page: the 60 people of the sheet appear there."""
    _response, job = _upload(dinas_client, event, xlsx_bytes(sheet["rows"]))
    dinas_client.post(reverse("imports:commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.message
    html = dinas_client.get(reverse("dashboard:index")).content.decode()
    assert "Orang (termasuk calon)" in html
    row = html[html.index("Orang (termasuk calon)") :].split("</tr>", 1)[0]
    assert '<td class="num">60</td>' in row
