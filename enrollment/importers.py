"""BPJS participant importer: the branch's extract (KPJ, NIK, name, segment, programmes, NPP,
start date, last paid month, status, wage or income).

BPJS may share only the status by NIK and withhold the KPJ (domain-reference §4), so only NIK and
segment are required. Natural key: the KPJ where the row has one, otherwise the NIK and segment.
A row without KPJ updates the person's participation in that segment (the current one, else the
latest) or creates one without KPJ; a row with a KPJ the register does not hold fills in the KPJ
of the person's KPJ-less participation in that segment. Without a start date a new participation
starts on its last paid month (or on the import day): the earliest date the extract proves.
The participation is written as ``enrollment.services.participation_upsert`` does (month paid
kept as its first day, a KPJ already held by another NIK is refused, BPU without JP/JKP). Rows
whose NIK the register does not know are not imported but listed for reconciliation, together
with one KPJ on two NIKs, a status BPJS reports that differs from the one the paid month gives,
a cooperative employee enrolled as BPU and board members whose participation has lapsed.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import identifiers
from core.roles import Role
from enrollment.models import PROGRAMME_FIELDS, Participation, ParticipationStatus, Person, Segment
from imports import values as v
from imports.base import Column, Counts, Importer, Mismatch, RowResult, register
from imports.checks import NikChecker, name_text

CHUNK = 900
SOURCE = "impor BPJS"
FIELDS = (
    "kpj",
    "segment",
    "jkk",
    "jkm",
    "jht",
    "jp",
    "jkp",
    "npp",
    "started_on",
    "last_paid_month",
    "wage",
    "reported_status",
    "status_reported_on",
)

STATUSES = {
    "aktif": ParticipationStatus.AKTIF,
    "active": ParticipationStatus.AKTIF,
    "menunggak": ParticipationStatus.MENUNGGAK,
    "tunggak": ParticipationStatus.MENUNGGAK,
    "nonaktif": ParticipationStatus.NONAKTIF,
    "non aktif": ParticipationStatus.NONAKTIF,
    "tidak aktif": ParticipationStatus.NONAKTIF,
    "inactive": ParticipationStatus.NONAKTIF,
}

SEGMENTS = {
    "pu": "PU",
    "penerima upah": "PU",
    "ppu": "PU",
    "pekerja penerima upah": "PU",
    "bpu": "BPU",
    "bukan penerima upah": "BPU",
    "pbpu": "BPU",
    "pekerja bukan penerima upah": "BPU",
    "informal": "BPU",
    "jakon": "JAKON",
    "jasa konstruksi": "JAKON",
    "jk": "JAKON",
    "pmi": "PMI",
    "pekerja migran indonesia": "PMI",
    "pekerja migran": "PMI",
}


def _programmes(value) -> frozenset[str]:
    raw = v.text(value).upper().replace(";", ",").replace("/", ",").replace("+", ",").replace(" DAN ", ",")
    codes = frozenset(part.strip() for part in raw.replace(" ", ",").split(",") if part.strip())
    unknown = codes - set(PROGRAMME_FIELDS)
    if unknown:
        raise v.CellError(_("Program %(codes)s tidak dikenal (pilihan: JKK, JKM, JHT, JP, JKP).") % {"codes": ", ".join(sorted(unknown))})
    return codes


class ParticipantContext:
    job_id: int  # set by the pipeline for the run

    def __init__(self, importer: Importer):
        self.nik = NikChecker()
        # One memo per parsed column: the values a file repeats are parsed once.
        memo = importer.memo
        self.segment = memo("segment", lambda x: v.choice(x, SEGMENTS, "Segmen"))
        self.programmes = memo("programmes", _programmes)
        self.flags = {field: memo(field, v.boolean) for field in PROGRAMME_FIELDS.values()}
        self.npp = memo("npp", v.npp)
        self.started_on = memo("started_on", v.parse_date)
        self.last_paid_month = memo("last_paid_month", v.parse_month)
        self.wage = memo("wage", v.rupiah)
        self.status = memo("status", lambda x: v.choice(x, STATUSES, "Status"))
        self.today = timezone.localdate()
        self.mismatches: list[Mismatch] = []
        self.loaded: dict[int, dict] = {}  # person id -> record


def _data(record: dict) -> dict:
    return {"kpj": record["kpj"] or "", "nik_masked": identifiers.mask_nik(record["nik"]), "name": record["name"]}


def _label(record: dict) -> str:
    who = record["name"] or identifiers.mask_nik(record["nik"])
    return f"KPJ {record['kpj']} · {who}" if record["kpj"] else f"{identifiers.mask_nik(record['nik'])} · {record['segment']} · {who}"


@register
class ParticipantImporter(Importer):
    key = "peserta"
    label = gettext_lazy("Peserta BPJS Ketenagakerjaan (data kantor cabang)")
    description = gettext_lazy(
        "Satu baris per kepesertaan: dengan KPJ, atau hanya NIK dan segmen bila KPJ tidak dibagikan. Orang di register menjadi "
        "tercakup atau tidak aktif; selisih dicantumkan di daftar rekonsiliasi."
    )
    roles = (Role.ADMIN, Role.BPJS)
    natural_key_help = gettext_lazy("KPJ; tanpa KPJ: NIK dan segmen")
    columns = (
        Column(
            "kpj",
            "KPJ",
            ("No KPJ", "No. KPJ", "Nomor KPJ", "No Kartu Peserta", "Nomor Kartu Peserta", "Kartu Peserta"),
            False,
            "24012345678",
        ),
        Column("nik", "NIK", ("No KTP", "No. KTP", "Nomor KTP", "NIK Peserta", "NIK KTP"), True, "7401015705850001"),
        Column("name", "Nama", ("Nama Peserta", "Nama Lengkap", "Nama Tenaga Kerja", "Nama TK"), False, "Siti Aminah"),
        Column("segment", "Segmen", ("Segmen Kepesertaan", "Jenis Kepesertaan", "Kategori Peserta", "Segmen Peserta"), True, "BPU"),
        Column("programmes", "Program", ("Program Diikuti", "Jenis Program", "Program Jaminan"), False, "JKK, JKM"),
        Column("jkk", "JKK", (), False, ""),
        Column("jkm", "JKM", (), False, ""),
        Column("jht", "JHT", (), False, ""),
        Column("jp", "JP", (), False, ""),
        Column("jkp", "JKP", (), False, ""),
        Column("npp", "NPP", ("NPP Perusahaan", "No NPP", "Nomor NPP", "Nomor Pendaftaran Perusahaan"), False, ""),
        Column(
            "started_on",
            "Tanggal Kepesertaan",
            ("Tgl Kepesertaan", "Tanggal Mulai", "Tgl Mulai", "Terdaftar Sejak", "TMT", "Tanggal Terdaftar", "Tgl Daftar"),
            False,
            "12/01/2024",
        ),
        Column(
            "last_paid_month",
            "Bulan Terakhir Dibayar",
            ("Iuran Terakhir", "Bulan Iuran Terakhir", "Bln Terakhir Bayar", "Blth Terakhir", "Iuran Terakhir Dibayar"),
            False,
            "Oktober 2026",
        ),
        Column("status", "Status", ("Status Kepesertaan", "Status Peserta", "Keterangan Status"), False, "Aktif"),
        Column(
            "wage",
            "Upah/Penghasilan",
            ("Upah", "Penghasilan", "Gaji", "Upah Dilaporkan", "Penghasilan Dilaporkan", "Upah (Rp)"),
            False,
            "Rp 2.500.000",
        ),
    )

    def prepare(self, job=None):
        context = ParticipantContext(self)
        context.job_id = getattr(job, "pk", None)  # the audit trail's job (None: nothing recorded)
        return context

    def clean(self, raw: dict, ctx: ParticipantContext) -> RowResult:
        errors: list = []
        warnings: list = []
        cell = self.cell
        kpj = cell(raw, "kpj", v.kpj, errors)
        info = None
        if v.is_blank(raw.get("nik")):
            errors.append(("NIK", _("%(column)s wajib diisi.") % {"column": "NIK"}))
        else:
            info = ctx.nik.check(raw["nik"], errors=errors, warnings=warnings)
        name = name_text(raw.get("name")) or ""
        segment = ctx.segment.take(raw.get("segment"), errors)
        flags: dict[str, bool] = {}
        codes = ctx.programmes.take(raw.get("programmes"), errors)
        if codes is not None:
            flags = {field: code in codes for code, field in PROGRAMME_FIELDS.items()}
        for field, memo in ctx.flags.items():
            flag = memo.take(raw.get(field), errors)
            if flag is not None:
                flags[field] = flag
        npp = ctx.npp.take(raw.get("npp"), errors)
        started_on = ctx.started_on.take(raw.get("started_on"), errors)
        last_paid = ctx.last_paid_month.take(raw.get("last_paid_month"), errors)
        wage = ctx.wage.take(raw.get("wage"), errors)
        status = ctx.status.take(raw.get("status"), errors)
        if segment == Segment.BPU and (flags.get("jp") or flags.get("jkp")):
            errors.append(("Program", _("Peserta BPU tidak dapat mengikuti program JP atau JKP.")))
        if started_on and started_on > ctx.today:
            errors.append(("Tanggal Kepesertaan", _("Tanggal kepesertaan tidak boleh di masa depan.")))
        if errors:
            return RowResult(None, errors, warnings)
        if segment == Segment.BPU:
            flags.setdefault("jp", False)
            flags.setdefault("jkp", False)
        return RowResult(
            {
                "kpj": kpj,
                "nik": info.nik,  # type: ignore[union-attr]  # no NIK comes with an error, returned above
                "name": name,
                "segment": segment,
                "flags": flags,
                "npp": npp,
                "started_on": started_on,
                "last_paid_month": last_paid,
                "wage": wage,
                "status": status,
            },
            errors,
            warnings,
        )

    def natural_key(self, record: dict) -> str:
        return record["kpj"] or f"nik:{record['nik']}:{record['segment']}"

    def on_duplicate(self, first: dict, duplicate: dict, row_number: int) -> Mismatch | None:
        if duplicate["kpj"] and first["nik"] != duplicate["nik"]:
            return Mismatch(
                "kpj_two_niks",
                _("KPJ %(kpj)s tercantum pada dua NIK di berkas (baris %(first)d dan %(row)d); hanya baris %(first)d yang diterapkan.")
                % {"kpj": duplicate["kpj"], "first": first["_row"], "row": row_number},
                row_number,
                _data(duplicate),
            )
        return None

    def fact_scope(self, records: list[dict], ctx: ParticipantContext) -> dict:
        """The people of the file: their participations are what ``write`` changes (the dashboard
        adds the businesses they own and the cooperatives where they hold a position)."""
        from imports.sqlfast import select_in

        niks = sorted({r["nik"] for r in records})
        return {"persons": lambda: {row[0] for row in select_in("SELECT id FROM enrollment_person WHERE nik IN ({in_})", niks)}}

    def write(self, records: list[dict], ctx: ParticipantContext) -> Counts:
        counts = Counts()
        counts.samples = []
        niks = sorted({r["nik"] for r in records})
        person_ids: dict[str, int] = {}
        for start in range(0, len(niks), CHUNK):
            person_ids.update(Person.objects.filter(nik__in=niks[start : start + CHUNK]).values_list("nik", "id"))
        kpjs = [r["kpj"] for r in records if r["kpj"]]
        existing: dict[str, Participation] = {}
        for start in range(0, len(kpjs), CHUNK):
            for participation in Participation.objects.filter(kpj__in=kpjs[start : start + CHUNK]).select_related("person"):
                existing[participation.kpj] = participation
        # NIK-only matching: every participation of the people in the batch, by person and segment.
        by_segment: dict[tuple[int, str], list[Participation]] = {}
        ids = sorted(set(person_ids.values()))
        for start in range(0, len(ids), CHUNK):
            for participation in Participation.objects.filter(person_id__in=ids[start : start + CHUNK]).order_by("-started_on", "-pk"):
                by_segment.setdefault((participation.person_id, participation.segment), []).append(participation)
        to_create, to_update, changes = [], [], []
        now = timezone.now()
        for record in records:
            person_id = person_ids.get(record["nik"])
            if person_id is None:
                counts.skipped += 1
                ctx.mismatches.append(
                    Mismatch(
                        "nik_unknown",
                        _(
                            "NIK tidak ada di register (bukan pelaku UMKM, pengurus atau karyawan koperasi yang terdata); baris tidak diimpor."
                        ),
                        record["_row"],
                        _data(record),
                    )
                )
                _sample(counts, record, "dilewati")
                continue
            values = {"segment": record["segment"], **record["flags"]}
            for key in ("npp", "started_on", "last_paid_month", "wage"):
                if record[key] is not None:
                    values[key] = record[key]
            if record["status"]:
                values["reported_status"] = record["status"]
                values["status_reported_on"] = ctx.today
            participation = existing.get(record["kpj"]) if record["kpj"] else None
            if participation is None:
                participation = _match_by_nik(by_segment.get((person_id, record["segment"]), ()), record, ctx.today)
                if participation is not None and record["kpj"]:
                    values["kpj"] = record["kpj"]
            if participation is None:
                values.setdefault("started_on", record["last_paid_month"] or ctx.today)
                participation = Participation(person_id=person_id, kpj=record["kpj"], source=SOURCE, **values)
                by_segment.setdefault((person_id, record["segment"]), []).insert(0, participation)
                if participation.segment == Segment.BPU:
                    participation.jp = participation.jkp = False
                to_create.append(participation)
                counts.created += 1
                ctx.loaded[person_id] = record
                mismatch = _status_mismatch(participation, record, ctx.today)
                if mismatch:
                    ctx.mismatches.append(mismatch)
                _sample(counts, record, "dibuat")
                continue
            if participation.person_id != person_id:
                counts.skipped += 1
                ctx.mismatches.append(
                    Mismatch(
                        "kpj_two_niks",
                        _("KPJ %(kpj)s sudah tercatat atas NIK lain (%(other)s) di register; baris tidak diterapkan.")
                        % {"kpj": record["kpj"], "other": identifiers.mask_nik(participation.person.nik)},
                        record["_row"],
                        _data(record),
                    )
                )
                continue
            changed = []
            for key, value in values.items():
                if getattr(participation, key) != value:
                    setattr(participation, key, value)
                    changed.append(key)
            if participation.segment == Segment.BPU and (participation.jp or participation.jkp):
                changed.extend(f for f in ("jp", "jkp") if getattr(participation, f) and f not in changed)
                participation.jp = participation.jkp = False
            ctx.loaded[person_id] = record
            mismatch = _status_mismatch(participation, record, ctx.today)
            if mismatch:
                ctx.mismatches.append(mismatch)
            if changed and participation.pk is None:
                counts.unchanged += 1  # created earlier in this batch: the later row updated it in place
            elif changed:
                participation.updated_at = now
                to_update.append(participation)
                changes.append((participation.pk, "diperbarui", changed))
                counts.updated += 1
                _sample(counts, record, "diperbarui")
            else:
                counts.unchanged += 1
        Participation.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            Participation.objects.bulk_update(to_update, [*FIELDS, "updated_at"], batch_size=500)
        from imports.sqlfast import record_changes  # the audit trail, in the job's transaction

        record_changes(ctx.job_id, "enrollment.participation", [(p.pk, "dibuat", []) for p in to_create] + changes)
        return counts

    def reconcile(self, records, ctx: ParticipantContext) -> list[Mismatch]:
        from cooperatives.models import BOARD_ROLES, EMPLOYEE_ROLES, Position

        mismatches = list(ctx.mismatches)
        person_ids = sorted(ctx.loaded)
        today = ctx.today
        for start in range(0, len(person_ids), CHUNK):
            chunk = person_ids[start : start + CHUNK]
            positions = Position.objects.current(today).filter(person_id__in=chunk).select_related("cooperative")
            active = set(Participation.objects.active(today).filter(person_id__in=chunk).values_list("person_id", flat=True))
            bpu_only = set(chunk) - set(
                Participation.objects.current(today)
                .filter(person_id__in=chunk)
                .exclude(segment=Segment.BPU)
                .values_list("person_id", flat=True)
            )
            for position in positions:
                record = ctx.loaded[position.person_id]
                if position.role in EMPLOYEE_ROLES and position.person_id in bpu_only:
                    mismatches.append(
                        Mismatch(
                            "segment",
                            _("Karyawan %(coop)s terdaftar sebagai BPU; karyawan semestinya PU melalui NPP koperasi.")
                            % {"coop": position.cooperative.name},
                            record["_row"],
                            _data(record),
                        )
                    )
                if position.role in BOARD_ROLES and position.person_id not in active:
                    mismatches.append(
                        Mismatch(
                            "board_lapsed",
                            _("%(role)s %(coop)s: kepesertaan tidak aktif (menunggak lebih dari batas atau berhenti).")
                            % {"role": position.get_role_display(), "coop": position.cooperative.name},
                            record["_row"],
                            _data(record),
                        )
                    )
        return mismatches


def _match_by_nik(candidates, record: dict, today) -> Participation | None:
    """The person's participation in the row's segment that a row matched by NIK updates.

    A row with a KPJ (not yet in the register) may only fill in a participation without KPJ; a
    row without KPJ takes the current participation, else the latest one.
    """
    pool = [p for p in candidates if not p.kpj] if record["kpj"] else list(candidates)
    current = [p for p in pool if p.ended_on is None or p.ended_on > today]
    return (current or pool or [None])[0]


def _status_mismatch(participation: Participation, record: dict, today) -> Mismatch | None:
    """BPJS's status against the one the paid month gives (a status alone, without month, is kept)."""
    if not record["status"] or participation.last_paid_month is None:
        return None
    computed = participation.status_on(today)
    if computed == record["status"]:
        return None
    return Mismatch(
        "status_differs",
        _("Status menurut BPJS %(reported)s, menurut bulan terakhir dibayar (%(month)s) %(computed)s.")
        % {
            "reported": ParticipationStatus(record["status"]).label,
            "month": participation.last_paid_month.strftime("%m-%Y"),
            "computed": ParticipationStatus(computed).label,
        },
        record["_row"],
        _data(record),
    )


def _sample(counts: Counts, record: dict, action: str) -> None:
    if len(counts.samples) < 40 and sum(1 for s in counts.samples if s["action"] == action) < 15:
        counts.samples.append(
            {"row": record["_row"], "action": action, "label": _label(record), "key": record["kpj"] or identifiers.mask_nik(record["nik"])}
        )
