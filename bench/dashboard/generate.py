"""Large-data generator for the dashboard benchmark (PostgreSQL only, never the test database).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kj_bench_dashboard \\
        .venv/bin/python bench/dashboard/generate.py --umkm 1000000 --cooperatives 130000 --participations 2000000

Creates the database if needed, migrates it, loads Kolaka's regions and fills the register with
``INSERT ... SELECT generate_series`` (a few minutes on 2 cores). Distribution: a third of UMKM in
the official database, 5 % of cooperatives active (RAT held), 3 position holders per cooperative,
participations spread over owners and position holders with about 70 % paid up.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kolaka_jamsostek.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # a local benchmark database, never production


BENCH_PREFIXES = ("kj_bench", "kolaka_perf_")


def ensure_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not name.startswith(BENCH_PREFIXES):
        raise SystemExit("refusing: the benchmark database name must start with kj_bench or kolaka_perf_")
    admin = psycopg2.connect(
        host=parsed.hostname, port=parsed.port or 5432, user=parsed.username, password=parsed.password, dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


STEPS = [
    (
        "people",
        """
        INSERT INTO enrollment_person (id, nik, name, gender, birth_date, phone, desa_id, address, nik_region_known, created_at, updated_at)
        SELECT i, '74' || lpad(i::text, 14, '0'), 'Orang ' || i, CASE WHEN i % 2 = 0 THEN 'L' ELSE 'P' END,
               DATE '1960-01-01' + (i % 15000), '', v.codes[1 + (i::bigint * 7919) % array_length(v.codes, 1)], '', true, now(), now()
        FROM generate_series(1, %(people)s) AS i, (SELECT array_agg(code ORDER BY code) AS codes FROM regions_region
              WHERE kind IN ('desa', 'kelurahan') AND code LIKE '74.01.%%') AS v
        """,
    ),
    (
        "businesses",
        """
        INSERT INTO umkm_business (id, name, nib, owner_id, kbli, capital, annual_sales, scale, worker_count, desa_id, address,
                                   in_official_db, source, cooperative_id, created_at, updated_at)
        SELECT i, 'Usaha ' || i, NULL, i, k.codes[1 + (i * 31) % array_length(k.codes, 1)], 100000000, 500000000,
               CASE WHEN i % 50 = 0 THEN 'menengah' WHEN i % 10 = 0 THEN 'kecil' ELSE 'mikro' END, i % 5, p.desa_id, '',
               (i % 3 = 0), 'survei', NULL, now(), now()
        FROM generate_series(1, %(umkm)s) AS i
        JOIN enrollment_person p ON p.id = i,
        (SELECT ARRAY['56103','47111','47413','10792','45405','14111','03221','01270','03111','96011','16292','10623',
                      '56303','47521','96021','10611','01462','47711','10213','01281'] AS codes) AS k
        """,
    ),
    (
        "cooperatives",
        """
        INSERT INTO cooperatives_cooperative (id, name, nomor_induk, sk_number, sk_date, nib, npwp, jenis, address, desa_id, founded_on,
                                              status, member_count, npp, divisi, health, is_merah_putih, scale, scale_basis, scale_source, created_at, updated_at)
        SELECT i, 'Koperasi ' || i, NULL, '', NULL, '', '',
               (ARRAY['simpan_pinjam','konsumen','produsen','pemasaran','jasa'])[1 + i % 5], '',
               v.codes[1 + (i::bigint * 104729) % array_length(v.codes, 1)], DATE '2000-01-01' + (i % 7000),
               CASE WHEN i % 20 = 0 THEN 'aktif' WHEN i % 7 = 0 THEN 'bubar' ELSE 'tidak_aktif' END, 20, '', '', '', false, '', '', '', now(), now()
        FROM generate_series(1, %(cooperatives)s) AS i,
             (SELECT array_agg(code ORDER BY code) AS codes FROM regions_region WHERE kind IN ('desa', 'kelurahan') AND code LIKE '74.01.%%') AS v
        """,
    ),
    (
        "annual meetings",
        """
        INSERT INTO cooperatives_annualmeeting (cooperative_id, book_year, held_on, reported_on, attendees, notes)
        SELECT i, %(book_year)s, make_date(%(book_year)s + 1, 2, 1 + i %% 27), NULL, NULL, ''
        FROM generate_series(20, %(cooperatives)s, 20) AS i
        """,
    ),
    (
        "positions",
        """
        INSERT INTO cooperatives_position (cooperative_id, person_id, role, started_on, ended_on, created_at, updated_at)
        SELECT c, %(umkm)s + (c - 1) * 3 + r, (ARRAY['ketua','sekretaris','bendahara'])[r], DATE '2015-01-01', NULL, now(), now()
        FROM generate_series(1, %(cooperatives)s) AS c, generate_series(1, 3) AS r
        """,
    ),
    (
        "participations",
        """
        INSERT INTO enrollment_participation (person_id, kpj, segment, jkk, jkm, jht, jp, jkp, npp, divisi, risk_class, wage, started_on,
                                              last_paid_month, ended_on, end_reason, source, payer, sector, reported_status, created_at, updated_at)
        SELECT 1 + (i * 7) %% %(people)s, lpad(i::text, 11, '0'), s.segment, true, true, s.segment = 'PU', s.segment = 'PU', false,
               '', '', '', 2000000, %(today)s::date - (30 + i %% 1500),
               date_trunc('month', %(today)s::date - CASE WHEN i %% 10 < 7 THEN 20 ELSE 40 + (i %% 400) END)::date,
               CASE WHEN i %% 50 = 0 THEN %(today)s::date - (i %% 25) ELSE NULL END, '', 'bench',
               CASE WHEN s.segment = 'PU' THEN 'pemberi_kerja' ELSE 'pekerja' END, '', '', now(), now()
        FROM generate_series(1, %(participations)s) AS i
        CROSS JOIN LATERAL (SELECT CASE WHEN i %% 20 < 15 THEN 'BPU' WHEN i %% 20 < 19 THEN 'PU' WHEN i %% 40 = 19 THEN 'JAKON' ELSE 'PMI' END AS segment) s
        """,
    ),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--umkm", type=int, default=1_000_000)
    parser.add_argument("--cooperatives", type=int, default=130_000)
    parser.add_argument("--participations", type=int, default=2_000_000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database named kj_bench_* or kolaka_perf_*")
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from cooperatives.models import last_book_year
    from regions.services import regions_load

    call_command("migrate", verbosity=0)
    regions_load(scope="default")
    today = timezone.localdate()
    params = {
        "umkm": args.umkm,
        "cooperatives": args.cooperatives,
        "participations": args.participations,
        "people": args.umkm + args.cooperatives * 3,
        "book_year": last_book_year(today),
        "today": today.isoformat(),
    }
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM enrollment_person")
        if cur.fetchone()[0]:
            raise SystemExit("the benchmark database already has people: drop it first (dropdb <name>)")
        for name, sql in STEPS:
            started = time.perf_counter()
            cur.execute(re.sub(r"(?<![%])%(?=\s)", "%%", sql), params)
            print(f"{name}: {cur.rowcount:,} rows in {time.perf_counter() - started:.1f} s", flush=True)
        for table in (
            "enrollment_person",
            "umkm_business",
            "cooperatives_cooperative",
            "cooperatives_annualmeeting",
            "cooperatives_position",
            "enrollment_participation",
        ):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            cur.execute(f"ANALYZE {table}")
    print("done: now run manage.py refresh_dashboard (set-based inserts bypass the fact table's upkeep)", flush=True)


if __name__ == "__main__":
    main()
