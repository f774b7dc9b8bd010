"""The fact table against the live computation: every figure of every view, on randomised data,
kept incrementally by the writes (signals), after updates and deletes, and after a full rebuild."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cooperatives.models import CooperativeType
from dashboard import facts
from dashboard.filters import DashboardFilters
from dashboard.models import DashboardFact
from dashboard.selectors import dashboard_data, fact_data
from enrollment.status import add_months, month_start
from imports.models import JobState
from regions.models import Region
from tests.factories import (
    AnnualMeetingFactory,
    BusinessFactory,
    CooperativeFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
)

SEGMENTS = ["BPU", "BPU", "BPU", "PU", "JAKON", "PMI"]
KBLI = ["56103", "47111", "10792", "03221", "01270", ""]
SCALES = ["mikro", "mikro", "kecil", "menengah"]


def _some_day(rng, today, back_days=1400, ahead_days=60):
    return today + timedelta(days=rng.randint(-back_days, ahead_days))


def random_world(rng: random.Random, villages: list, *, people=40, businesses=30, coops=12):
    today = timezone.localdate()
    persons = [PersonFactory(desa=rng.choice(villages)) for _ in range(people)]
    for person in persons:
        for _ in range(rng.choice([0, 0, 1, 1, 1, 2])):
            started = _some_day(rng, today)
            ended = rng.choice([None, None, None, started + timedelta(days=rng.randint(1, 900))])
            paid = rng.choice([None, month_start(add_months(today, -rng.randint(-1, 14)))])
            segment = rng.choice(SEGMENTS)
            wage_earner = segment == "PU"
            ParticipationFactory(
                person=person,
                segment=segment,
                started_on=started,
                ended_on=ended,
                last_paid_month=paid,
                jht=rng.random() < 0.4,
                jp=wage_earner and rng.random() < 0.5,
                jkp=wage_earner and rng.random() < 0.3,
            )
    for _ in range(businesses):
        BusinessFactory(
            owner=rng.choice(persons),
            desa=rng.choice(villages),
            in_official_db=rng.random() < 0.6,
            kbli=rng.choice(KBLI),
            scale=rng.choice(SCALES),
        )
    cooperatives = []
    for _ in range(coops):
        coop = CooperativeFactory(
            desa=rng.choice(villages),
            jenis=rng.choice(CooperativeType.values),
            status=rng.choice(["aktif", "aktif", "tidak_aktif", "bubar"]),
        )
        cooperatives.append(coop)
        for year in rng.sample(range(today.year - 4, today.year), rng.randint(0, 3)):
            AnnualMeetingFactory(cooperative=coop, book_year=year, held_on=rng.choice([None, date(year + 1, rng.randint(1, 6), 10)]))
        for role in rng.sample(["ketua", "sekretaris", "bendahara", "pengawas"], rng.randint(0, 3)):
            started = _some_day(rng, today)
            PositionFactory(
                cooperative=coop,
                person=rng.choice(persons),
                role=role,
                started_on=started,
                ended_on=rng.choice([None, None, started + timedelta(days=rng.randint(30, 700))]),
            )
    return persons, cooperatives


def views(villages: list) -> list[DashboardFilters]:
    today = timezone.localdate()
    kecamatan = sorted({v.parent_id for v in villages})
    past = [add_months(month_start(today), -n).strftime("%Y-%m") for n in (1, 5, 14)]
    out = [DashboardFilters()]
    out += [DashboardFilters(kecamatan=k) for k in kecamatan]
    out += [DashboardFilters(kecamatan=v.parent_id, desa=v.code) for v in villages[:3]]
    out += [DashboardFilters(jenis=j) for j in CooperativeType.values[:3]]
    out += [DashboardFilters(kecamatan=kecamatan[0], jenis=CooperativeType.values[0])]
    out += [DashboardFilters(period=p) for p in past]
    out += [DashboardFilters(scale=s) for s in ("mikro", "kecil")]
    out += [DashboardFilters(kbli=k) for k in ("47", "56")]
    out += [DashboardFilters(kecamatan=kecamatan[-1], period=past[1], scale="mikro", kbli="47", jenis=CooperativeType.values[1])]
    return out


def assert_equal_everywhere(villages):
    for filters in views(villages):
        live, stored = dashboard_data(filters), fact_data(filters)
        for key in live:
            assert stored[key] == live[key], f"{filters.key}: {key}"


@pytest.fixture
def villages(db):
    by_kecamatan = {}
    for village in Region.objects.villages().filter(code__startswith="74.01.").order_by("code"):
        by_kecamatan.setdefault(village.parent_id, []).append(village)
    chosen = []
    for kecamatan in sorted(by_kecamatan)[:3]:
        chosen += by_kecamatan[kecamatan][:2]
    return chosen


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_facts_equal_live_figures_for_every_view(seed, villages):
    rng = random.Random(seed)
    persons, cooperatives = random_world(rng, villages)
    # Kept incrementally by the writes
    assert_equal_everywhere(villages)
    # ... through updates and deletes
    for person in rng.sample(persons, 8):
        participation = person.participations.first()
        if participation:
            participation.last_paid_month = month_start(add_months(timezone.localdate(), -rng.randint(0, 9)))
            participation.ended_on = rng.choice([None, participation.started_on + timedelta(days=rng.randint(1, 300))])
            participation.save()
    persons[0].desa = villages[-1]
    persons[0].save()
    for coop in rng.sample(cooperatives, 3):
        coop.positions.first() and coop.positions.first().delete()
    cooperatives[0].status = "bubar"
    cooperatives[0].save()
    cooperatives[1].delete()
    assert_equal_everywhere(villages)
    # ... and from a full rebuild (which materialises the months)
    result = facts.rebuild()
    assert result["through"] == month_start(timezone.localdate()) - timedelta(days=1)
    assert DashboardFact.objects.filter(level=facts.STATE).exists()
    assert_equal_everywhere(villages)
    # ... and incrementally again on top of the rebuilt rows
    for person in rng.sample(persons, 5):
        ParticipationFactory(person=person, segment="BPU", started_on=timezone.localdate() - timedelta(days=rng.randint(0, 400)))
    assert_equal_everywhere(villages)


def test_rebuild_on_a_stale_month_still_answers_every_month(villages):
    """Rebuilt months ago (the monthly rows stop earlier): later months come from the day rows."""
    rng = random.Random(7)
    random_world(rng, villages, people=25, businesses=15, coops=6)
    facts.rebuild(today=add_months(month_start(timezone.localdate()), -3))
    assert_equal_everywhere(villages)


def test_a_view_is_two_queries_whatever_the_data_size(villages):
    rng = random.Random(3)
    random_world(rng, villages, people=10, businesses=5, coops=2)
    facts.rebuild()
    filters = DashboardFilters(kecamatan=villages[0].parent_id)
    with CaptureQueriesContext(connection) as small:
        fact_data(filters)
    random_world(rng, villages, people=40, businesses=30, coops=10)
    with CaptureQueriesContext(connection) as large:
        fact_data(filters)
    assert len(small) == len(large)
    fact_queries = [q["sql"] for q in large.captured_queries if "dashboard_dashboardfact" in q["sql"]]
    assert len(fact_queries) == 2


def test_bulk_change_hook_rebuilds_inside_the_transaction(villages):
    from core import facts as core_facts
    from umkm.models import Business

    person = PersonFactory(desa=villages[0])
    Business.objects.bulk_create([Business(name="Usaha Massal", owner=person, desa=villages[0], scale="mikro", kbli="47111")])
    filters = DashboardFilters()
    assert fact_data(filters)["umkm"]["known"] == 0  # bulk_create bypasses the signals
    core_facts.bulk_changed(source="test")
    assert fact_data(filters)["umkm"]["known"] == 1 == dashboard_data(filters)["umkm"]["known"]


def test_filters_keep_scale_and_sector(villages):
    filters = DashboardFilters.from_query({"scale": "kecil", "kbli": "47", "period": "1999-01"})
    assert (filters.scale, filters.kbli, filters.period) == ("kecil", "47", "")
    assert DashboardFilters.from_query({"scale": "raksasa", "kbli": "4711"}) == DashboardFilters()
    assert "scale=kecil" in replace(filters).query()


# --- imports: the fact table follows each chunk's write (core.facts.changing) ----------------------

UMKM_HEADER = [
    "NIK Pemilik",
    "Nama Pemilik",
    "Nama Usaha",
    "NIB",
    "KBLI",
    "Modal Usaha",
    "Omzet Tahunan",
    "Jumlah Pekerja",
    "Kecamatan",
    "Desa/Kelurahan",
    "Terdata Resmi",
]
COOP_HEADER = ["Nama Koperasi", "No. Induk Koperasi", "No. Badan Hukum", "Jenis", "Kec", "Desa", "Status"]
PESERTA_HEADER = ["No KPJ", "NIK", "Nama Peserta", "Segmen", "Program", "NPP", "Tgl Kepesertaan", "Bulan Iuran Terakhir", "Upah"]


def fact_rows() -> dict:
    """The fact table's non-zero rows (an incremental write may leave rows that sum to 0)."""
    return {
        (f.level, f.kind, f.desa, f.a, f.b, f.day): f.n
        for f in DashboardFact.objects.exclude(n=0).only("level", "kind", "desa", "a", "b", "day", "n")
    }


def assert_facts_equal_a_rebuild(villages):
    assert_equal_everywhere(villages)
    incremental = fact_rows()
    facts.rebuild()
    assert fact_rows() == incremental


def run_import(key: str, rows: list[list], *, commit=True):
    import csv
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports import pipeline
    from imports.services import job_create

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    upload = SimpleUploadedFile(f"{key}.csv", buffer.getvalue().encode())
    job = job_create(user=None, importer_key=key, uploaded=upload, enforce_size=False, enqueue=False)
    return pipeline.run_job(job.pk, commit=commit)


def umkm_file(rng, persons, villages, businesses) -> list[list]:
    """New businesses of known and of new owners, and updates of existing ones (by NIB and by
    owner and name): desa, KBLI, capital (so the scale) and the official flag change."""
    from tests.factories import make_nik

    rows = [UMKM_HEADER]
    for index, business in enumerate(businesses):
        rows.append(
            [
                business.owner.nik,
                business.owner.name,
                business.name,
                business.nib or "",
                rng.choice(KBLI) or "47111",
                rng.choice(["5.000.000", "600.000.000", "6.000.000.000"]),
                "",
                "1",
                "",
                rng.choice(villages).code,
                rng.choice(["ya", "tidak"]) if index % 2 else "",
            ]
        )
    for index in range(12):
        owner = rng.choice(persons) if index % 3 else None
        nik = owner.nik if owner else make_nik(serial=900 + index + rng.randint(0, 50) * 100)
        rows.append(
            [
                nik,
                owner.name if owner else f"Pemilik Baru {index}",
                f"Usaha Impor {index}",
                f"91200{index:08d}" if index % 2 else "",
                rng.choice(KBLI) or "56103",
                "10.000.000",
                "",
                "1",
                "",
                rng.choice(villages).code,
                "ya" if index % 4 else "tidak",
            ]
        )
    return rows


def coop_file(rng, cooperatives, villages) -> list[list]:
    rows = [COOP_HEADER]
    for coop in cooperatives:
        rows.append(
            [
                coop.name,
                coop.nomor_induk,
                "",
                rng.choice(["KSP", "produsen", "konsumen"]),
                "",
                rng.choice(villages).code,
                rng.choice(["aktif", "bubar"]),
            ]
        )
    for index in range(4):
        rows.append([f"Koperasi Impor {index}", f"74019{index:08d}", "", "jasa", "", rng.choice(villages).code, "aktif"])
    return rows


def peserta_file(rng, persons) -> list[list]:
    today = timezone.localdate()
    rows = [PESERTA_HEADER]
    for index, person in enumerate(persons):
        for participation in person.participations.all()[:1]:
            paid = month_start(add_months(today, -rng.randint(0, 8)))
            rows.append(
                [participation.kpj or "", person.nik, person.name, participation.segment, "JKK, JKM", "", "", paid.strftime("%m/%Y"), ""]
            )
        started = today - timedelta(days=rng.randint(0, 700))
        paid = month_start(add_months(today, -rng.randint(0, 6)))
        rows.append([f"2409{index:07d}", person.nik, person.name, "BPU", "JKK, JKM", "", started.isoformat(), paid.strftime("%m/%Y"), ""])
    return rows


def import_round(rng, villages, persons, cooperatives):
    from umkm.models import Business

    businesses = rng.sample(list(Business.objects.select_related("owner")), 10)
    for key, rows in (
        ("umkm", umkm_file(rng, persons, villages, businesses)),
        ("koperasi", coop_file(rng, rng.sample(cooperatives, 5), villages)),
        ("peserta", peserta_file(rng, rng.sample(persons, 15))),
    ):
        job = run_import(key, rows)
        assert job.state == JobState.DONE, (key, job.state, job.message)
        assert job.created_count + job.updated_count > 0, key
        assert_equal_everywhere(villages)
        again = run_import(key, rows)  # the same file again: nothing changes
        assert again.created_count == 0, key
        assert_facts_equal_a_rebuild(villages)


@pytest.mark.parametrize("seed", [4, 5])
def test_committed_imports_keep_the_facts_equal_to_a_rebuild(seed, villages):
    rng = random.Random(seed)
    persons, cooperatives = random_world(rng, villages)
    facts.rebuild()  # the usual state: months materialised
    import_round(rng, villages, persons, cooperatives)


def test_imports_on_unmaterialised_facts(villages):
    """Before any rebuild every delta is a day row: an import adds day rows."""
    rng = random.Random(6)
    persons, cooperatives = random_world(rng, villages, people=25, businesses=20, coops=8)
    from umkm.models import Business

    job = run_import("umkm", umkm_file(rng, persons, villages, rng.sample(list(Business.objects.all()), 5)))
    assert job.created_count > 0
    job = run_import("peserta", peserta_file(rng, rng.sample(persons, 10)))
    assert job.created_count > 0
    assert_equal_everywhere(villages)


@pytest.mark.parametrize("key", ["umkm", "koperasi", "peserta"])
def test_a_failed_import_leaves_the_facts_unchanged(key, villages, monkeypatch):
    from imports.base import get_importer
    from umkm.models import Business

    rng = random.Random(8)
    persons, cooperatives = random_world(rng, villages, people=25, businesses=20, coops=8)
    facts.rebuild()
    before = fact_rows()
    rows = {
        "umkm": lambda: umkm_file(rng, persons, villages, rng.sample(list(Business.objects.all()), 5)),
        "koperasi": lambda: coop_file(rng, rng.sample(cooperatives, 4), villages),
        "peserta": lambda: peserta_file(rng, rng.sample(persons, 10)),
    }[key]()
    importer = type(get_importer(key))

    def broken(self, records, ctx):
        raise RuntimeError("after the write")

    monkeypatch.setattr(importer, "reconcile", broken)  # runs after the write, inside its transaction
    job = run_import(key, rows)
    assert job.state == JobState.FAILED, job.state
    assert fact_rows() == before
    assert_equal_everywhere(villages)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fail", [False, True])
def test_the_writer_thread_keeps_the_facts_in_its_own_transaction(fail, villages, monkeypatch):
    """PostgreSQL, no caller transaction: the writer thread applies chunks of 3 rows on its own
    connection; the facts follow each chunk there, and a failure rolls them back with the rows."""
    from imports import pipeline
    from umkm.importers import UmkmImporter
    from umkm.models import Business

    monkeypatch.setattr(pipeline, "COPY_CHUNK", 3)
    monkeypatch.setattr(pipeline, "QUEUE_CHUNKS", 1)
    rng = random.Random(9)
    persons, _cooperatives = random_world(rng, villages, people=25, businesses=20, coops=6)
    facts.rebuild()
    before = fact_rows()
    if fail:
        original, calls = UmkmImporter.write_staged, []

        def fails_on_fourth_chunk(self, *args, **kwargs):
            calls.append(1)
            if len(calls) == 4:
                raise RuntimeError("disk full")
            return original(self, *args, **kwargs)

        monkeypatch.setattr(UmkmImporter, "write_staged", fails_on_fourth_chunk)
    job = run_import("umkm", umkm_file(rng, persons, villages, rng.sample(list(Business.objects.select_related("owner")), 8)))
    assert (job.details or {}).get("writer") == "thread" or fail
    if fail:
        assert job.state == JobState.FAILED
        assert fact_rows() == before
    else:
        assert job.state == JobState.DONE
        assert job.created_count > 0
        assert job.details["timings"]["facts"] > 0
        assert_facts_equal_a_rebuild(villages)
