"""One committed UMKM import of a generated file, on the database DATABASE_URL names (or SQLite).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kj_imports_bench \
        .venv/bin/python bench/imports/commit.py --rows 12000 --file /tmp/umkm-12k.xlsx
    SQLITE_PATH=/tmp/kj-bench.sqlite3 .venv/bin/python bench/imports/commit.py --rows 12000 --file /tmp/umkm-12k.xlsx

Prepares the database (migrations, regions) when needed, EMPTIES its people and businesses, then
times ``run_job(commit=True)`` once and prints one JSON line (seconds, counts, engine, timings).
``--again`` first imports the file once, then times the second (unchanged) run. ``WITHOUT_FACTS=1``
leaves out the dashboard's fact-table maintenance (``core.facts`` listeners, the per-chunk
``changing`` scope included), to compare the importer alone with the importer and its hook. The file comes from
``bench/imports/generate.py`` (same seed, same rows). Used side by side with an outside timer.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def setup(sqlite_path: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kolaka_jamsostek.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    if sqlite_path:
        os.environ.pop("DATABASE_URL", None)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    import django

    django.setup()
    from django.core.management import call_command

    from regions.models import Region

    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        call_command("load_regions", verbosity=0)


def empty_register() -> None:
    """Raw deletes (the models of other apps may be ahead of this database's tables)."""
    from django.db import connection

    tables = ["imports_importissue", "imports_importchange", "imports_importjob", "umkm_business", "enrollment_participation"]
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE umkm_business, enrollment_person, imports_importjob CASCADE")
            return
        for table in [*tables, "enrollment_person"]:
            if table in present:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - constant names


def run(path: Path) -> dict:
    from django.core.files import File

    from imports.pipeline import run_job
    from imports.services import job_create

    with path.open("rb") as handle:
        job = job_create(user=None, importer_key="umkm", uploaded=File(handle, name=path.name), enforce_size=False, enqueue=False)
    started = time.perf_counter()
    job = run_job(job.pk, commit=True)
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "state": job.state,
        "created": job.created_count,
        "updated": job.updated_count,
        "unchanged": job.unchanged_count,
        "errors": job.error_count,
        "engine": job.details.get("engine"),
        "timings": job.details.get("timings"),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=12000)
    parser.add_argument("--file", type=Path, default=None)
    parser.add_argument("--again", action="store_true", help="time a second run of the same file")
    args = parser.parse_args()
    path = args.file or Path(f"/tmp/kj-bench-umkm-{args.rows}.xlsx")
    if not path.exists():
        from bench.imports.generate import generate

        generate("umkm", args.rows, path)
    setup(os.environ.get("SQLITE_PATH"))
    if os.environ.get("WITHOUT_FACTS"):
        # The dashboard's fact-table rebuild after each import left out: the importer's own time.
        from core import facts

        facts._bulk_listeners.clear()
        facts._scoped_listeners.clear()
    empty_register()
    if args.again:
        run(path)
    print(json.dumps({"database": "sqlite" if os.environ.get("SQLITE_PATH") else "postgresql", **run(path)}))


if __name__ == "__main__":
    main()
