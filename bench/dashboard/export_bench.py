"""A 100,000-row work-list export as a background task: how long the request that starts it takes,
the web process's memory around it, and the worker's time and peak memory while it streams.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kolaka_perf_1m \\
        .venv/bin/python bench/dashboard/export_bench.py [--rows 100000] [--format xlsx]

Chooses the kecamatan whose UMKM list is closest to ``--rows`` rows, requests the export through
Django's test client like a browser (the request only records the job and queues the task), then
runs the task in this process as the worker would and reads the file's rows back.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kolaka_jamsostek.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")


def rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument("--starts", type=int, default=10, help="export requests timed (each queues a job)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db.models import Count
    from django.test import Client

    from accounts.models import User
    from accounts.services import user_create
    from dashboard.exports import run
    from dashboard.models import ExportJob
    from umkm.models import Business

    user = User.objects.filter(username="bench_dinas").first() or user_create(username="bench_dinas", password=None, role="dinas")
    client = Client()
    client.force_login(user)
    counts = Business.objects.values("desa__parent_id").annotate(n=Count("pk")).order_by()
    kecamatan, rows = min(((c["desa__parent_id"], c["n"]) for c in counts), key=lambda kv: abs(kv[1] - args.rows))
    params = {"step": "known", "kecamatan": kecamatan, "format": args.format}
    with open("/proc/loadavg") as handle:
        print("load average at start:", " ".join(handle.read().split()[:3]))
    print(f"UMKM list of kecamatan {kecamatan}: {rows:,} rows, format {args.format}")
    client.get("/dasbor/daftar-kerja/")
    timings, rss = [], [rss_mb()]
    for _ in range(args.starts):
        started = time.perf_counter()
        response = client.get("/dasbor/daftar/umkm/", params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.status_code
        rss.append(rss_mb())
    jobs = list(ExportJob.objects.filter(user=user).order_by("-pk")[: args.starts])
    print(
        f"request that starts the export: p50 {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms "
        f"({args.starts} requests); web process RSS {rss[0]:.0f} MB before, {rss[-1]:.0f} MB after"
    )
    for extra in jobs[1:]:
        extra.delete()  # one is enough to run
    job = jobs[0]
    before = rss_mb()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    job = run(job.pk)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"task: {job.state}, {job.done_rows:,} of {job.total_rows:,} rows in {elapsed:.1f} s, file {job.file.size / 1e6:.1f} MB; "
        f"RSS {before:.0f} MB before, {rss_mb():.0f} MB after, peak {peak:.0f} MB (peak before the task {peak_before:.0f} MB)"
    )
    with open("/proc/loadavg") as handle:
        print("load average at end:", " ".join(handle.read().split()[:3]))
    job.file.delete()
    job.delete()


if __name__ == "__main__":
    main()
