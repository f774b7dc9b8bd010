"""Server time of the dashboard (p50/p95 over repeated requests), live and from snapshots.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kj_bench_dashboard \\
        .venv/bin/python bench/dashboard/timings.py --runs 20 [--mode live|snapshot|both]

Measures the whole request through Django's test client (middleware, queries, template, SVG
charts) in this process, so it is server time without the network.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kolaka_jamsostek.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")


def percentile(values, q):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--mode", choices=["live", "snapshot", "both"], default="both")
    parser.add_argument("--live-runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="snapshot only the views measured, not every kecamatan")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from accounts.services import user_create
    from dashboard.models import DashboardSnapshot
    from dashboard.services import snapshots_refresh_all
    from enrollment.models import Participation
    from regions.selectors import kecamatan_list
    from umkm.models import Business

    user = User.objects.filter(username="bench_dinas").first() or user_create(username="bench_dinas", password=None, role="dinas")
    client = Client()
    client.force_login(user)
    kecamatan = kecamatan_list().first().code
    print(f"engine={connection.vendor} businesses={Business.objects.count():,} participations={Participation.objects.count():,}")
    if args.mode != "snapshot":
        from dashboard.filters import DashboardFilters
        from dashboard.selectors import dashboard_data

        compute = []
        for _ in range(3):
            started = time.perf_counter()
            dashboard_data(DashboardFilters())
            compute.append((time.perf_counter() - started) * 1000)
        print(f"uncached computation of the regency-wide figures: {statistics.median(compute):.0f} ms (median of 3)")
    with open("/proc/loadavg") as handle:
        print("load average at start:", handle.read().split()[:3])
    scenarios = [
        ("reference: work-list index (no figures)", "/dasbor/daftar-kerja/", {}),
        ("dashboard, regency-wide", "/dasbor/", {}),
        ("dashboard, one kecamatan", "/dasbor/", {"kecamatan": kecamatan}),
        ("dashboard, kecamatan + type (always live)", "/dasbor/", {"kecamatan": kecamatan, "jenis": "jasa"}),
        ("work list: uncovered cooperatives", "/dasbor/daftar/koperasi/", {"step": "not_covered"}),
        ("work list: owners not enrolled", "/dasbor/daftar/umkm/", {"step": "not_covered", "kecamatan": kecamatan}),
        ("work list: lapsed participants", "/dasbor/daftar/peserta/", {"step": "lapsed", "kecamatan": kecamatan}),
    ]
    modes = ["live", "snapshot"] if args.mode == "both" else [args.mode]
    for mode in modes:
        DashboardSnapshot.objects.all().delete()
        if mode == "snapshot":
            started = time.perf_counter()
            if args.quick:
                from dashboard.filters import DashboardFilters
                from dashboard.services import snapshot_refresh

                snapshots = [snapshot_refresh(filters=DashboardFilters()), snapshot_refresh(filters=DashboardFilters(kecamatan=kecamatan))]
                for snap in snapshots:
                    print(f"snapshot {snap.key}: {snap.duration_ms} ms")
            else:
                snapshots = snapshots_refresh_all()
            print(f"refresh_dashboard: {len(snapshots)} snapshots in {time.perf_counter() - started:.1f} s")
        print(f"\n| {mode} | queries | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|")
        for label, url, params in scenarios:
            if mode == "snapshot" and (not url.endswith("/dasbor/") or "jenis" in params) and "daftar-kerja" not in url:
                continue
            runs = args.runs if (mode == "snapshot" or "daftar" in url) else args.live_runs
            if mode == "live" and url.endswith("/dasbor/"):
                cache.clear()  # the first request computes, the rest reuse the live cache (as in production)
            client.get(url, params)
            times = []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as ctx:
                    started = time.perf_counter()
                    response = client.get(url, params)
                    times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.status_code
            print(
                f"| {label} | {len(ctx)} | {statistics.median(times):.0f} | {percentile(times, 0.95):.0f} | {max(times):.0f} |", flush=True
            )


if __name__ == "__main__":
    main()
