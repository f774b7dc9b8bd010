"""Sign-in sheet importer: the attendance sheet of one outreach event (``daftar_hadir``).

The upload starts from the event page (``outreach:attendance_upload``); the job remembers its event
in ``details["outreach_event"]``. Each row is matched to the register by NIK (a Person), then by NIB
(a Business); a row the register does not hold becomes a *prospect* attendance that keeps the
identity as typed. The sheet identity of a row (``natural_key``: NIK, else NIB, else name + phone)
is stored as ``source_key``, so uploading the same sheet again changes nothing. Written with the
ORM (a sheet holds tens or hundreds of rows).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.roles import Role
from enrollment.models import Person
from imports import values as v
from imports.base import Column, Counts, Importer, RowResult, register
from imports.checks import RegionResolver, name_text
from imports.readers import FileRejected
from outreach.models import AttendeeRole, OutreachAttendance, OutreachEvent
from umkm.models import Business

CHUNK = 900
EVENT_KEY = "outreach_event"  # the job's ``details`` key naming its event

ROLES = {
    "pelaku umkm": AttendeeRole.PELAKU_UMKM,
    "umkm": AttendeeRole.PELAKU_UMKM,
    "pelaku usaha": AttendeeRole.PELAKU_UMKM,
    "usaha": AttendeeRole.PELAKU_UMKM,
    "pemilik usaha": AttendeeRole.PELAKU_UMKM,
    "pengurus koperasi": AttendeeRole.PENGURUS_KOPERASI,
    "pengurus": AttendeeRole.PENGURUS_KOPERASI,
    "ketua koperasi": AttendeeRole.PENGURUS_KOPERASI,
    "pengawas koperasi": AttendeeRole.PENGURUS_KOPERASI,
    "anggota koperasi": AttendeeRole.ANGGOTA_KOPERASI,
    "anggota": AttendeeRole.ANGGOTA_KOPERASI,
    "pekerja": AttendeeRole.PEKERJA,
    "karyawan": AttendeeRole.PEKERJA,
    "tenaga kerja": AttendeeRole.PEKERJA,
    "aparat desa": AttendeeRole.APARAT_DESA,
    "perangkat desa": AttendeeRole.APARAT_DESA,
    "kepala desa": AttendeeRole.APARAT_DESA,
    "lainnya": AttendeeRole.LAINNYA,
    "lain lain": AttendeeRole.LAINNYA,
    "umum": AttendeeRole.LAINNYA,
    "masyarakat": AttendeeRole.LAINNYA,
}


class SheetContext:
    def __init__(self, importer: Importer, job):
        event_id = ((job.details or {}).get(EVENT_KEY) if job is not None else None) or None
        self.event = OutreachEvent.objects.select_related("kecamatan").filter(pk=event_id).first() if event_id else None
        if self.event is None:
            raise FileRejected(_("Daftar hadir diunggah dari halaman kegiatan sosialisasi; kegiatannya tidak ditemukan."))
        self.job_id = job.pk
        self.regions = RegionResolver()
        self.nik = importer.memo("nik", lambda x: v.nik(x).nik)
        self.nib = importer.memo("nib", v.nib)


def _key_name(name: str) -> str:
    return " ".join(name.lower().split())


@register
class AttendanceSheetImporter(Importer):
    key = "daftar_hadir"
    label = gettext_lazy("Daftar hadir sosialisasi")
    description = gettext_lazy(
        "Satu baris per peserta satu kegiatan; diunggah dari halaman kegiatan. Peserta dicocokkan dengan register lewat NIK, "
        "lalu NIB; yang belum terdaftar dicatat sebagai calon."
    )
    roles = (Role.DINAS,)
    standalone = False
    natural_key_help = gettext_lazy("NIK; bila kosong, NIB; bila keduanya kosong, nama + nomor HP")
    columns = (
        Column("name", "Nama", ("Nama Lengkap", "Nama Peserta", "Nama Peserta Sosialisasi"), True, "Siti Aminah"),
        Column("nik", "NIK", ("No KTP", "No. KTP", "Nomor KTP", "NIK KTP", "NIK Peserta"), False, "7401015705850001"),
        Column(
            "phone",
            "No. HP",
            ("No HP", "Nomor HP", "HP", "Telepon", "No Telp", "No. Telepon", "Nomor Telepon", "WA", "No WA", "No. WA"),
            False,
            "081234567890",
        ),
        Column(
            "business_name", "Nama Usaha", ("Usaha", "Nama Toko", "Nama UMKM", "Nama Koperasi", "Usaha/Koperasi"), False, "Warung Sederhana"
        ),
        Column("nib", "NIB", ("Nomor Induk Berusaha", "No NIB", "No. NIB"), False, ""),
        Column("kecamatan", "Kecamatan", ("Kec", "Kec."), False, ""),
        Column("desa", "Desa", ("Desa/Kelurahan", "Kelurahan", "Desa Kelurahan", "Asal Desa", "Alamat Desa"), False, "Wundulako"),
        Column("role", "Jenis", ("Jenis Peserta", "Kategori", "Sebagai", "Peran", "Unsur"), False, "pelaku UMKM"),
        # Read and left aside: a signature image or mark, and the sheet's running number.
        Column("signature", "Tanda tangan", ("Tanda Tangan", "TTD", "Paraf"), False, ""),
        Column("row_no", "No.", ("No", "No Urut", "Nomor Urut"), False, 1),
    )

    def prepare(self, job=None):
        return SheetContext(self, job)

    def clean(self, raw: dict, ctx: SheetContext) -> RowResult:
        errors: list = []
        warnings: list = []
        name = name_text(raw.get("name"))
        if not name:
            errors.append(("Nama", _("%(column)s wajib diisi.") % {"column": "Nama"}))
        elif len(name) > 150:
            errors.append(("Nama", _("Nama paling banyak 150 karakter.")))
        nik = ctx.nik.take(raw.get("nik"), errors)
        nib = ctx.nib.take(raw.get("nib"), errors)
        phone = ""
        if not v.is_blank(raw.get("phone")):
            try:
                phone = v.phone(raw.get("phone"))
            except v.CellError as error:
                warnings.append(("No. HP", _("%(message)s Nomor HP tidak disimpan.") % {"message": error.message}))
        role = ""
        if not v.is_blank(raw.get("role")):
            try:
                role = v.choice(raw.get("role"), ROLES, _("Jenis"))
            except v.CellError as error:
                warnings.append(("Jenis", error.message))
        desa_id = None
        if not v.is_blank(raw.get("desa")):
            problems: list = []
            region = ctx.regions.resolve(
                raw.get("kecamatan"), raw.get("desa"), kecamatan_header="Kecamatan", desa_header="Desa", errors=problems
            )
            if region is None and v.is_blank(raw.get("kecamatan")):
                # A desa name found in several kecamatan: the event's kecamatan decides.
                retry: list = []
                region = ctx.regions.resolve(
                    ctx.event.kecamatan.code,  # type: ignore[union-attr]  # the job names its event
                    raw.get("desa"),
                    kecamatan_header="Kecamatan",
                    desa_header="Desa",
                    errors=retry,
                )
            if region is None:
                warnings.extend((header, _("%(message)s Desa tidak dicatat.") % {"message": message}) for header, message in problems)
            else:
                desa_id = region.code
        if errors:
            return RowResult(None, errors, warnings)
        record = {
            "name": name,
            "nik": nik or "",
            "nib": nib or "",
            "phone": phone,
            "business_name": name_text(raw.get("business_name"))[:200],
            "desa_id": desa_id,
            "role": role,
        }
        return RowResult(record, warnings=warnings)

    def natural_key(self, record: dict) -> str:
        if record["nik"]:
            return "NIK " + record["nik"]
        if record["nib"]:
            return "NIB " + record["nib"]
        return "Nama " + _key_name(record["name"]) + (" HP " + record["phone"] if record["phone"] else "")

    def fact_scope(self, records: list[dict], ctx) -> dict:
        """Attendance is not part of the dashboard's fact table: nothing to refresh."""
        return {"persons": ()}

    def write(self, records: list[dict], ctx: SheetContext) -> Counts:
        from imports.sqlfast import record_changes

        counts = Counts()
        counts.samples = []
        event = ctx.event
        niks = sorted({r["nik"] for r in records if r["nik"]})
        nibs = sorted({r["nib"] for r in records if r["nib"]})
        people: dict[str, Any] = {}
        businesses: dict[str, Any] = {}
        for start in range(0, len(niks), CHUNK):
            people.update(Person.objects.filter(nik__in=niks[start : start + CHUNK]).values_list("nik", "pk"))
        for start in range(0, len(nibs), CHUNK):
            businesses.update(Business.objects.filter(nib__in=nibs[start : start + CHUNK]).values_list("nib", "pk"))
        existing = list(OutreachAttendance.objects.filter(event=event))
        by_source = {a.source_key: a for a in existing if a.source_key}
        by_person = {a.person_id: a for a in existing if a.person_id}
        by_business = {a.business_id: a for a in existing if a.business_id}
        to_create, to_update, changes = [], [], []
        for record in records:
            source_key = self.natural_key(record)[:200]
            person_id = people.get(record["nik"]) if record["nik"] else None
            business_id = businesses.get(record["nib"]) if person_id is None and record["nib"] else None
            found = by_source.get(source_key)
            if found is None and person_id is not None:
                found = by_person.get(person_id)
            if found is None and business_id is not None:
                found = by_business.get(business_id)
            if found is not None:
                if found.prospect and found.person_id is None and person_id is not None and person_id not in by_person:
                    found.person_id = person_id  # the register now holds this prospect's NIK
                    by_person[person_id] = found
                    to_update.append(found)
                    changes.append((found.pk, "diperbarui", ["person"]))
                    counts.updated += 1
                    _sample(counts, record, "diperbarui")
                else:
                    counts.unchanged += 1
                continue
            attendance = OutreachAttendance(
                event=event,
                person_id=person_id,
                business_id=business_id,
                prospect=person_id is None and business_id is None,
                name=record["name"],
                nik=record["nik"],
                phone=record["phone"],
                business_name=record["business_name"],
                nib=record["nib"],
                desa_id=record["desa_id"],
                role=record["role"],
                source_key=source_key,
            )
            by_source[source_key] = attendance
            if person_id is not None:
                by_person[person_id] = attendance
            if business_id is not None:
                by_business[business_id] = attendance
            to_create.append(attendance)
            counts.created += 1
            _sample(counts, record, "dibuat")
        OutreachAttendance.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            OutreachAttendance.objects.bulk_update(to_update, ["person"], batch_size=500)
        record_changes(ctx.job_id, "outreach.outreachattendance", [(a.pk, "dibuat", []) for a in to_create] + changes)
        return counts

    def parent(self, job) -> tuple[str, str] | None:
        """The event the job belongs to, for the job page's back link."""
        event_id = (job.details or {}).get(EVENT_KEY)
        event = OutreachEvent.objects.filter(pk=event_id).first() if event_id else None
        if event is None:
            return None
        return str(event), reverse("outreach:detail", args=[event.pk])


def _sample(counts: Counts, record: dict, action: str) -> None:
    if len(counts.samples) < 40 and sum(1 for s in counts.samples if s["action"] == action) < 20:
        counts.samples.append({"row": record["_row"], "action": action, "label": record["name"]})
