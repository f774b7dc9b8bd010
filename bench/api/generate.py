"""Fill a PostgreSQL database with N people (default 1,000,000) for the API benchmark.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kj_api .venv/bin/python -m bench.api.generate --people 1000000

Set-based SQL (INSERT ... SELECT generate_series), so a million people take well under a minute:
every person has a structurally valid 16-digit NIK (region 74.01.01, birth date, serial); about
40 % hold a participation (BPU, PU, some lapsed), 10 % own a business with a NIB. Writes
bench/api/niks.txt: a sample of NIKs (known and unknown) for the load generator. Idempotent: the
rows it made are replaced on the next run (NIKs starting 740101 with serial >= 5000 are its own).
"""

from __future__ import annotations

import argparse
import os
import random
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kolaka_jamsostek.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
django.setup()

from django.db import connection, transaction  # noqa: E402

from accounts.models import Bank  # noqa: E402
from banking.models import BankApiKey  # noqa: E402
from banking.services import api_key_create  # noqa: E402

HERE = Path(__file__).resolve().parent
DAYS = 15000  # birth dates spread over ~41 years
SERIAL_BASE = 5000  # serials from 5000 on belong to the generator


def _nik_sql(i: str) -> str:
    return "'740101' || to_char(date '1960-01-01' + (" + i + f" % {DAYS}), 'DDMMYY') || lpad(({i} / {DAYS} + {SERIAL_BASE})::text, 4, '0')"


def generate(people: int) -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("PostgreSQL only (set DATABASE_URL).")
    if people > DAYS * (9999 - SERIAL_BASE):
        raise SystemExit("too many people for the NIK scheme")
    from regions.models import Region
    from regions.services import regions_load

    if not Region.objects.filter(kind__in=("desa", "kelurahan")).exists():
        regions_load(scope="kabupaten:74.01")  # "default" has no desa before setup_regency; the NIKs are Kolaka's
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        mine = f"substr(nik, 13, 4)::int >= {SERIAL_BASE} AND nik LIKE '740101%'"
        cur.execute(f"DELETE FROM umkm_business WHERE owner_id IN (SELECT id FROM enrollment_person WHERE {mine})")
        cur.execute(f"DELETE FROM enrollment_participation WHERE person_id IN (SELECT id FROM enrollment_person WHERE {mine})")
        cur.execute(
            f"UPDATE banking_bankverification SET person_id = NULL WHERE person_id IN (SELECT id FROM enrollment_person WHERE {mine})"
        )
        cur.execute(f"UPDATE banking_disbursement SET person_id = NULL WHERE person_id IN (SELECT id FROM enrollment_person WHERE {mine})")
        cur.execute(f"DELETE FROM enrollment_person WHERE {mine}")
        cur.execute(
            f"""
            INSERT INTO enrollment_person (nik, name, gender, birth_date, phone, desa_id, address, nik_region_known, created_at, updated_at)
            SELECT {_nik_sql("g")}, 'Orang Uji ' || g, CASE WHEN g % 2 = 0 THEN 'L' ELSE 'P' END,
                   date '1960-01-01' + (g % {DAYS}), '', NULL, '', true, now(), now()
            FROM generate_series(0, {int(people)} - 1) AS g
            """
        )
        # Participations: 30 % active BPU, 5 % PU, 5 % lapsed BPU (last paid long ago).
        cur.execute(
            f"""
            INSERT INTO enrollment_participation (person_id, kpj, segment, jkk, jkm, jht, jp, jkp, npp, divisi, risk_class, wage,
                                                  started_on, last_paid_month, ended_on, end_reason, source, payer, sector, reported_status, created_at, updated_at)
            SELECT p.id, lpad((90000000000 + p.id)::text, 11, '0'),
                   CASE WHEN p.id % 20 = 1 THEN 'PU' ELSE 'BPU' END,
                   true, true, p.id % 3 = 0, p.id % 20 = 1, false, CASE WHEN p.id % 20 = 1 THEN '60009999' ELSE '' END, '',
                   CASE WHEN p.id % 20 = 1 THEN 'rendah' ELSE '' END, 2000000,
                   date '2021-01-01',
                   CASE WHEN p.id % 20 = 7 OR p.id % 20 = 8 THEN date '2022-06-01' ELSE date_trunc('month', now() - interval '1 month')::date END,
                   NULL, '', 'bench', CASE WHEN p.id % 20 = 1 THEN 'pemberi_kerja' ELSE 'pekerja' END, '', '', now(), now()
            FROM enrollment_person p
            WHERE {mine.replace("nik", "p.nik")} AND p.id % 20 IN (0, 1, 2, 3, 4, 5, 7, 8)
            """
        )
        cur.execute(
            f"""
            INSERT INTO umkm_business (name, nib, owner_id, kbli, capital, annual_sales, scale, worker_count, desa_id, address,
                                       in_official_db, source, cooperative_id, created_at, updated_at)
            SELECT 'Usaha Uji ' || p.id, lpad((8000000000000 + p.id)::text, 13, '0'), p.id, '56103', 50000000, 300000000, 'mikro', 1,
                   (SELECT code FROM regions_region WHERE kind IN ('desa', 'kelurahan') ORDER BY code LIMIT 1), '', true, 'impor',
                   NULL, now(), now()
            FROM enrollment_person p WHERE {mine.replace("nik", "p.nik")} AND p.id % 10 = 3
            """
        )
        cur.execute(f"SELECT nik FROM enrollment_person WHERE {mine} ORDER BY random() LIMIT 2000")
        niks = [r[0] for r in cur.fetchall()]
    # Dead rows left by earlier runs make the planner probe long index tails (tens of ms per join).
    with connection.cursor() as cur:
        for table in ("enrollment_person", "enrollment_participation", "umkm_business"):
            cur.execute(f"VACUUM ANALYZE {table}")
    rng = random.Random(7)
    unknown = [
        f"740102{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(60, 99):02d}{rng.randint(1, 9999):04d}" for _ in range(200)
    ]
    (HERE / "niks.txt").write_text("\n".join(niks + unknown) + "\n")
    print(f"{people:,} people generated in {time.perf_counter() - started:.1f} s; {len(niks) + len(unknown)} NIKs in niks.txt")


def bench_key() -> str:
    """A fresh key for the benchmark bank with a rate limit far above the load (revokes older ones)."""
    bank, _ = Bank.objects.get_or_create(code="benchbank", defaults={"name": "Bank Uji Beban"})
    for key in BankApiKey.objects.filter(bank=bank, revoked=False):
        key.revoked = True
        key.save(update_fields=["revoked"])
    _key, plaintext = api_key_create(bank=bank, name="bench", rate_per_minute=10_000_000)
    return plaintext


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    args = parser.parse_args()
    generate(args.people)
