"""Cooperative importer: the Dinas's cooperative register.

Natural key: the Nomor Induk Koperasi; without one, the SK badan hukum number. Writes follow
``cooperatives.services.cooperative_save``: identifiers normalised, and a new cooperative or a
status change is written to the status history. A blank cell never erases what the register holds.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperatives.models import Cooperative, CooperativeStatus, CooperativeStatusChange, CooperativeType
from core.roles import Role
from imports import values as v
from imports.base import Column, Counts, Importer, RowResult, register
from imports.checks import RegionResolver, name_text

CHUNK = 900
FIELDS = (
    "name",
    "nomor_induk",
    "sk_number",
    "sk_date",
    "nib",
    "npwp",
    "jenis",
    "address",
    "desa_id",
    "founded_on",
    "status",
    "member_count",
    "npp",
    "is_merah_putih",
)

JENIS = {
    "simpan pinjam": CooperativeType.SIMPAN_PINJAM,
    "ksp": CooperativeType.SIMPAN_PINJAM,
    "usp": CooperativeType.SIMPAN_PINJAM,
    "koperasi simpan pinjam": CooperativeType.SIMPAN_PINJAM,
    "kospin": CooperativeType.SIMPAN_PINJAM,
    "simpan pinjam dan pembiayaan syariah": CooperativeType.SIMPAN_PINJAM,
    "kspps": CooperativeType.SIMPAN_PINJAM,
    "konsumen": CooperativeType.KONSUMEN,
    "koperasi konsumen": CooperativeType.KONSUMEN,
    "produsen": CooperativeType.PRODUSEN,
    "koperasi produsen": CooperativeType.PRODUSEN,
    "pemasaran": CooperativeType.PEMASARAN,
    "koperasi pemasaran": CooperativeType.PEMASARAN,
    "jasa": CooperativeType.JASA,
    "koperasi jasa": CooperativeType.JASA,
}
STATUS = {
    "aktif": CooperativeStatus.AKTIF,
    "a": CooperativeStatus.AKTIF,
    "tidak aktif": CooperativeStatus.TIDAK_AKTIF,
    "non aktif": CooperativeStatus.TIDAK_AKTIF,
    "nonaktif": CooperativeStatus.TIDAK_AKTIF,
    "tidak aktif pasif": CooperativeStatus.TIDAK_AKTIF,
    "pasif": CooperativeStatus.TIDAK_AKTIF,
    "dalam proses pembubaran": CooperativeStatus.DALAM_PEMBUBARAN,
    "proses pembubaran": CooperativeStatus.DALAM_PEMBUBARAN,
    "dalam pembubaran": CooperativeStatus.DALAM_PEMBUBARAN,
    "bubar": CooperativeStatus.BUBAR,
    "dibubarkan": CooperativeStatus.BUBAR,
}


class CooperativeContext:
    def __init__(self, importer: Importer, job=None):
        self.regions = RegionResolver()
        self.user = getattr(job, "user", None)
        self.job_id = getattr(job, "pk", None)  # the audit trail's job (None: nothing recorded)
        # One memo per parsed column: the values a file repeats are parsed once.
        memo = importer.memo
        self.sk_date = memo("sk_date", v.parse_date)
        self.nib = memo("nib", v.nib)
        self.npwp = memo("npwp", v.npwp)
        self.jenis = memo("jenis", lambda x: v.choice(x, JENIS, _("Jenis koperasi")))
        self.founded_on = memo("founded_on", v.parse_date)
        self.status = memo("status", lambda x: v.choice(x, STATUS, _("Status")))
        self.member_count = memo("member_count", v.whole_number)
        self.npp = memo("npp", v.npp)
        self.is_merah_putih = memo("is_merah_putih", v.boolean)


@register
class CooperativeImporter(Importer):
    key = "koperasi"
    label = gettext_lazy("Koperasi (register Dinas)")
    description = gettext_lazy("Satu baris per koperasi. Kunci: Nomor Induk Koperasi, atau nomor SK badan hukum.")
    roles = (Role.ADMIN, Role.DINAS)
    natural_key_help = gettext_lazy("Nomor Induk Koperasi; bila kosong, nomor SK badan hukum")
    columns = (
        Column("name", "Nama Koperasi", ("Nama", "Koperasi", "Nama Badan Usaha"), True, "Koperasi Produsen Kakao Mekongga"),
        Column(
            "nomor_induk",
            "Nomor Induk Koperasi",
            ("NIK Koperasi", "No Induk Koperasi", "No. Induk Koperasi", "Nomor Induk", "NIK Kop"),
            False,
            "7401010012345",
        ),
        Column(
            "sk_number",
            "Nomor SK Badan Hukum",
            ("No SK", "No. SK", "Nomor SK", "Nomor Badan Hukum", "No Badan Hukum", "No. Badan Hukum", "SK BH", "No BH"),
            False,
            "AHU-0012948.AH.01.26.TAHUN 2020",
        ),
        Column(
            "sk_date",
            "Tanggal SK",
            ("Tgl SK", "Tanggal Badan Hukum", "Tgl Badan Hukum", "Tanggal SK Badan Hukum"),
            False,
            "12 Januari 2020",
        ),
        Column("nib", "NIB", ("Nomor Induk Berusaha", "No NIB"), False, ""),
        Column("npwp", "NPWP", ("No NPWP", "Nomor NPWP"), False, ""),
        Column("jenis", "Jenis Koperasi", ("Jenis", "Jenis Usaha Koperasi", "Kelompok Koperasi"), True, "produsen"),
        Column("kecamatan", "Kecamatan", ("Kec", "Kec.", "Kode Kecamatan"), False, "Wundulako"),
        Column("desa", "Desa/Kelurahan", ("Desa", "Kelurahan", "Desa Kelurahan", "Kode Desa", "Kode Wilayah"), True, "Wundulako"),
        Column("address", "Alamat", ("Alamat Kantor", "Alamat Koperasi", "Alamat Lengkap"), False, "Jl. Pemuda No. 3"),
        Column("founded_on", "Tanggal Berdiri", ("Tgl Berdiri", "Tanggal Pendirian"), False, "2019-11-02"),
        Column("status", "Status", ("Status Koperasi", "Keaktifan"), False, "aktif"),
        Column("member_count", "Jumlah Anggota", ("Anggota", "Jml Anggota", "Jumlah Anggota (orang)"), False, 45),
        Column("npp", "NPP", ("NPP BPJS", "No NPP", "Nomor Pendaftaran Perusahaan"), False, ""),
        Column(
            "is_merah_putih",
            "Merah Putih",
            ("Koperasi Merah Putih", "Kopdes Merah Putih", "KDMP", "Koperasi Desa Merah Putih"),
            False,
            "tidak",
        ),
    )

    def prepare(self, job=None):
        return CooperativeContext(self, job)

    def clean(self, raw: dict, ctx: CooperativeContext) -> RowResult:
        errors: list = []
        cell = self.cell
        name = name_text(raw.get("name"))
        if not name:
            errors.append(("Nama Koperasi", _("%(column)s wajib diisi.") % {"column": "Nama Koperasi"}))
        elif len(name) > 200:
            errors.append(("Nama Koperasi", _("Nama koperasi paling banyak 200 karakter.")))
        nomor_induk = cell(raw, "nomor_induk", v.nomor_induk_koperasi, errors)
        sk_number = name_text(raw.get("sk_number")).lstrip("'") or None
        if sk_number and len(sk_number) > 100:
            errors.append(("Nomor SK Badan Hukum", _("Nomor SK paling banyak 100 karakter.")))
        if not nomor_induk and not sk_number and v.is_blank(raw.get("nomor_induk")):
            errors.append(("Nomor Induk Koperasi", _("Nomor Induk Koperasi atau Nomor SK Badan Hukum wajib diisi (salah satu).")))
        record = {
            "name": name,
            "nomor_induk": nomor_induk,
            "sk_number": sk_number,
            "sk_date": ctx.sk_date.take(raw.get("sk_date"), errors),
            "nib": ctx.nib.take(raw.get("nib"), errors),
            "npwp": ctx.npwp.take(raw.get("npwp"), errors),
            "jenis": ctx.jenis.take(raw.get("jenis"), errors),
            "founded_on": ctx.founded_on.take(raw.get("founded_on"), errors),
            "status": ctx.status.take(raw.get("status"), errors),
            "member_count": ctx.member_count.take(raw.get("member_count"), errors),
            "npp": ctx.npp.take(raw.get("npp"), errors),
            "is_merah_putih": ctx.is_merah_putih.take(raw.get("is_merah_putih"), errors),
            "address": name_text(raw.get("address"))[:255] or None,
        }
        desa = ctx.regions.resolve(
            raw.get("kecamatan"), raw.get("desa"), kecamatan_header="Kecamatan", desa_header="Desa/Kelurahan", errors=errors
        )
        if errors:
            return RowResult(None, errors)
        record["desa_id"] = desa.code  # type: ignore[union-attr]  # no desa comes with an error, returned above
        return RowResult(record)

    def natural_key(self, record: dict) -> str:
        if record["nomor_induk"]:
            return "NIK Koperasi " + record["nomor_induk"]
        return "SK " + record["sk_number"]

    def fact_scope(self, records: list[dict], ctx: CooperativeContext) -> dict:
        """The cooperatives of the file (by number or SK: the same lookups as ``write``)."""
        from imports.sqlfast import select_in

        nomors = sorted({r["nomor_induk"] for r in records if r["nomor_induk"]})
        sks = sorted({r["sk_number"] for r in records if r["sk_number"]})

        def cooperatives():
            found = select_in("SELECT id FROM cooperatives_cooperative WHERE nomor_induk IN ({in_})", nomors)
            found += select_in("SELECT id FROM cooperatives_cooperative WHERE sk_number IN ({in_})", sks)
            return {row[0] for row in found}

        return {"cooperatives": cooperatives}

    def write(self, records: list[dict], ctx: CooperativeContext) -> Counts:
        counts = Counts()
        counts.samples = []
        by_nomor, by_sk = {}, {}
        nomors = [r["nomor_induk"] for r in records if r["nomor_induk"]]
        for start in range(0, len(nomors), CHUNK):
            for coop in Cooperative.objects.filter(nomor_induk__in=nomors[start : start + CHUNK]):
                by_nomor[coop.nomor_induk] = coop
        sks = sorted({r["sk_number"] for r in records if r["sk_number"]})
        for start in range(0, len(sks), CHUNK):
            for coop in Cooperative.objects.filter(sk_number__in=sks[start : start + CHUNK]).order_by("-id"):
                by_sk[coop.sk_number] = coop
        today = timezone.localdate()
        now = timezone.now()
        user = ctx.user if getattr(ctx.user, "is_authenticated", False) else None
        to_create, to_update, history, changes = [], [], [], []
        for record in records:
            coop = by_nomor.get(record["nomor_induk"]) if record["nomor_induk"] else None
            if coop is None and record["sk_number"]:
                candidate = by_sk.get(record["sk_number"])
                if candidate is not None and (not record["nomor_induk"] or not candidate.nomor_induk):
                    coop = candidate
            values = {key: record[key] for key in FIELDS if record.get(key) is not None}
            if coop is None:
                coop = Cooperative(**values)
                to_create.append(coop)
                counts.created += 1
                _sample(counts, record, "dibuat")
                continue
            old_status = coop.status
            changed = []
            for key, value in values.items():
                if getattr(coop, key) != value:
                    setattr(coop, key, value)
                    changed.append(key)
            if coop.status != old_status:
                history.append(
                    CooperativeStatusChange(
                        cooperative=coop,
                        from_status=old_status,
                        to_status=coop.status,
                        changed_on=today,
                        reason=_("Impor register koperasi"),
                        changed_by=user,
                    )
                )
            if changed:
                coop.updated_at = now
                to_update.append(coop)
                changes.append((coop.pk, "diperbarui", changed))
                counts.updated += 1
                _sample(counts, record, "diperbarui")
            else:
                counts.unchanged += 1
        Cooperative.objects.bulk_create(to_create, batch_size=500)
        history.extend(
            CooperativeStatusChange(
                cooperative=coop,
                from_status="",
                to_status=coop.status,
                changed_on=today,
                reason=_("Impor register koperasi"),
                changed_by=user,
            )
            for coop in to_create
        )
        if to_update:
            Cooperative.objects.bulk_update(to_update, [*FIELDS, "updated_at"], batch_size=500)
        CooperativeStatusChange.objects.bulk_create(history, batch_size=500)
        from imports.sqlfast import record_changes

        record_changes(ctx.job_id, "cooperatives.cooperative", [(coop.pk, "dibuat", []) for coop in to_create] + changes)
        return counts


def _sample(counts: Counts, record: dict, action: str) -> None:
    if len(counts.samples) < 40 and sum(1 for s in counts.samples if s["action"] == action) < 20:
        counts.samples.append(
            {"row": record["_row"], "action": action, "label": record["name"], "key": record["nomor_induk"] or record["sk_number"]}
        )
