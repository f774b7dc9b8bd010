"""Import benchmarks on PostgreSQL: our importer against django-import-export and a raw COPY.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kj_imports_bench \
        .venv/bin/python bench/imports/bench.py --rows 12000
    DATABASE_URL=... .venv/bin/python bench/imports/bench.py --rows 1000000 --only ours_csv

Each scenario runs in its own process (so its peak memory is its own) against an emptied UMKM
register: THE DATABASE'S PEOPLE AND BUSINESSES ARE DELETED. Use a database of its own, never one
with data you need. Files come from ``bench/imports/generate.py`` (same seed, same rows).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SCENARIOS = ["ours_xlsx", "ours_csv", "ours_csv_again", "import_export_defaults", "import_export_tuned", "raw_copy"]


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kolaka_jamsostek.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()


def empty_register():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE umkm_business, enrollment_person, imports_importissue, imports_importjob, imports_stagedrow CASCADE")


def ours(path: Path) -> dict:
    from django.core.files import File

    from imports.pipeline import run_job
    from imports.services import job_create

    with path.open("rb") as handle:
        job = job_create(user=None, importer_key="umkm", uploaded=File(handle, name=path.name), enforce_size=False, enqueue=False)
    started, cpu = time.perf_counter(), time.process_time()
    job = run_job(job.pk, commit=True)
    elapsed = time.perf_counter() - started
    return {
        "seconds": elapsed,
        "cpu_seconds": time.process_time() - cpu,
        "created": job.created_count,
        "unchanged": job.unchanged_count,
        "errors": job.error_count,
        "duplicates": job.duplicate_count,
        "timings": job.details.get("timings"),
    }


def clean_rows(path: Path) -> list[dict]:
    """The valid, de-duplicated rows as our importer cleans them (the input the peers get)."""
    from imports import readers
    from imports.base import get_importer
    from imports.pipeline import find_header

    importer = get_importer("umkm")
    ctx = importer.prepare()
    with path.open("rb") as handle:
        rows, _total = readers.iter_rows(handle, readers.CSV)
        _number, _header, mapping, _columns = find_header(rows, importer)
        items = sorted(mapping.items())
        seen, records = set(), []
        for row in rows:
            result = importer.clean({k: row[i] if i < len(row) else None for i, k in items}, ctx)
            if result.record and importer.natural_key(result.record) not in seen:
                seen.add(importer.natural_key(result.record))
                records.append(result.record)
    return records


def import_export(path: Path, tuned: bool) -> dict:
    import tablib
    from import_export import fields, resources, widgets

    from enrollment.models import Person
    from regions.models import Region
    from umkm.models import Business
    from umkm.services import BUSINESS_WRITTEN

    records = clean_rows(path)
    # The peer's business columns: what our import writes (owner first), the class and the source.
    business_columns = ("owner", *(name for name in BUSINESS_WRITTEN if name != "owner"), "scale", "source")

    class PersonResource(resources.ModelResource):
        desa = fields.Field(attribute="desa", column_name="desa", widget=widgets.ForeignKeyWidget(Region, "code"))

        class Meta:
            model = Person
            import_id_fields = ("nik",)
            fields = ("nik", "name", "gender", "birth_date", "phone", "desa")
            skip_unchanged = True
            if tuned:
                use_bulk = True
                batch_size = 2000
                skip_diff = True
                force_init_instance = False

    class BusinessResource(resources.ModelResource):
        owner = fields.Field(attribute="owner", column_name="owner", widget=widgets.ForeignKeyWidget(Person, "nik"))
        desa = fields.Field(attribute="desa", column_name="desa", widget=widgets.ForeignKeyWidget(Region, "code"))
        nib = fields.Field(attribute="nib", column_name="nib", widget=widgets.CharWidget(allow_blank=False))

        class Meta:
            model = Business
            import_id_fields = ("owner", "name")
            fields = business_columns
            skip_unchanged = True
            if tuned:
                use_bulk = True
                batch_size = 2000
                skip_diff = True

    started, cpu = time.perf_counter(), time.process_time()
    people = tablib.Dataset(headers=["nik", "name", "gender", "birth_date", "phone", "desa"])
    seen = set()
    for r in records:
        if r["nik"] not in seen:
            seen.add(r["nik"])
            people.append([r["nik"], r["owner_name"], r["gender"], r["birth_date"], r["phone"] or "", r["desa_id"]])
    businesses = tablib.Dataset(headers=list(business_columns))
    for r in records:
        businesses.append(
            [
                r["nik"],
                r["name"],
                r["nib"],
                r["kbli"] or "",
                r["capital"],
                r["annual_sales"],
                r["worker_count"] or 0,
                r["desa_id"],
                r["address"] or "",
                bool(r["in_official_db"]),
                "mikro",
                "survei",
            ]
        )
    result_people = PersonResource().import_data(people, dry_run=False, raise_errors=True, use_transactions=True)
    result_business = BusinessResource().import_data(businesses, dry_run=False, raise_errors=True, use_transactions=True)
    elapsed = time.perf_counter() - started
    return {
        "seconds": elapsed,
        "cpu_seconds": time.process_time() - cpu,
        "people": result_people.totals,
        "businesses": result_business.totals,
        "rows": len(records),
    }


def raw_copy(path: Path) -> dict:
    """COPY the cleaned rows into a staging table and INSERT ... ON CONFLICT: the floor."""
    import io

    from django.db import connection, transaction

    records = clean_rows(path)
    started, cpu = time.perf_counter(), time.process_time()
    buffer = io.StringIO()
    for r in records:
        values = [
            r["nik"],
            r["owner_name"],
            r["gender"],
            r["birth_date"].isoformat(),
            r["name"],
            r["nib"] or "\\N",
            r["desa_id"],
            str(r["capital"]) if r["capital"] is not None else "\\N",
        ]
        buffer.write("\t".join(values) + "\n")
    buffer.seek(0)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE s (nik text, owner text, gender text, birth date, name text, nib text, desa text, capital bigint) ON COMMIT DROP"
        )
        cursor.copy_expert("COPY s FROM STDIN", buffer)
        cursor.execute(
            "INSERT INTO enrollment_person (nik, name, gender, birth_date, phone, desa_id, address, nik_region_known, created_at, updated_at) "
            "SELECT DISTINCT ON (nik) nik, owner, gender, birth, '', desa, '', true, now(), now() FROM s ON CONFLICT (nik) DO NOTHING"
        )
        cursor.execute(
            "INSERT INTO umkm_business (name, nib, owner_id, kbli, capital, scale, worker_count, desa_id, address, in_official_db, source, created_at, updated_at) "
            "SELECT s.name, s.nib, p.id, '', s.capital, 'mikro', 0, s.desa, '', false, 'survei', now(), now() FROM s JOIN enrollment_person p ON p.nik = s.nik "
            "ON CONFLICT DO NOTHING"
        )
    return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu, "rows": len(records)}


def run_one(scenario: str, rows: int, workdir: Path) -> dict:
    setup_django()
    xlsx, csv_path = workdir / f"umkm-{rows}.xlsx", workdir / f"umkm-{rows}.csv"
    if scenario != "ours_csv_again":
        empty_register()
    if scenario == "ours_xlsx":
        result = ours(xlsx)
    elif scenario in ("ours_csv", "ours_csv_again"):
        result = ours(csv_path)
    elif scenario == "import_export_defaults":
        result = import_export(csv_path, tuned=False)
    elif scenario == "import_export_tuned":
        result = import_export(csv_path, tuned=True)
    else:
        result = raw_copy(csv_path)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["load_average"] = os.getloadavg()
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=12000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kj-bench-imports"))
    parser.add_argument("--only", nargs="*", choices=SCENARIOS)
    parser.add_argument("--one", choices=SCENARIOS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print("RESULT " + json.dumps(run_one(args.one, args.rows, args.workdir), default=str))
        return
    if "DATABASE_URL" not in os.environ or "postgres" not in os.environ["DATABASE_URL"]:
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (its people and businesses are deleted).")
    args.workdir.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate import generate

    scenarios = args.only or (SCENARIOS if args.rows <= 50_000 else ["ours_csv"])
    for suffix in ("xlsx", "csv"):
        target = args.workdir / f"umkm-{args.rows}.{suffix}"
        if not target.exists() and (suffix == "csv" or "ours_xlsx" in scenarios):
            generate("umkm", args.rows, target)
    results = {}
    for scenario in scenarios:
        output = subprocess.run(
            [sys.executable, __file__, "--rows", str(args.rows), "--workdir", str(args.workdir), "--one", scenario],
            capture_output=True,
            text=True,
            check=False,
        )
        line = next((x for x in output.stdout.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            print(scenario, "FAILED", output.stderr[-2000:])
            continue
        results[scenario] = json.loads(line[7:])
        print(
            f"{scenario:24s} {results[scenario]['seconds']:8.2f} s wall {results[scenario].get('cpu_seconds', 0):6.2f} s CPU  peak RSS {results[scenario]['peak_rss_mb']:6.0f} MB  {results[scenario]}"
        )
    if "ours_csv" in results:
        for peer in ("import_export_defaults", "import_export_tuned", "raw_copy"):
            if peer in results:
                print(f"ratio {peer} / ours_csv = {results[peer]['seconds'] / results['ours_csv']['seconds']:.2f}")


if __name__ == "__main__":
    main()
