"""Cold-view benchmark of the dashboard: server time per view with the cache cleared before every
request and the views interleaved, p50/p95 and the query count per view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kolaka_perf_1m \\
        .venv/bin/python bench/dashboard/timings.py --rounds 30

Measures the whole request through Django's test client (middleware, queries, template, SVG
charts) in this process, so it is server time without the network. Run ``manage.py
refresh_dashboard`` once after generating the data (the generator writes with set-based SQL, which
bypasses the fact table's maintenance). ``--check`` also compares each view's figures with the live
computation once (slow at a million rows).

Runs with ``DEBUG`` off by default, as production does (cached template loader, no query log):
a throwaway ``DJANGO_SECRET_KEY`` is set if none is given, plain static-file storage replaces the
manifest one (no ``collectstatic`` needed) and HTTPS redirects and OTP are off (the test client
talks plain HTTP and answers no TOTP prompt). ``--debug`` measures with ``DEBUG`` on instead.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kolaka_jamsostek.settings")


def percentile(values, q):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30, help="requests per view (views interleaved)")
    parser.add_argument("--check", action="store_true", help="compare each view once with the live computation")
    parser.add_argument("--debug", action="store_true", help="measure with DEBUG on (no cached template loader)")
    args = parser.parse_args()
    os.environ["DJANGO_DEBUG"] = "1" if args.debug else "0"
    if not args.debug:
        os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
        os.environ.setdefault("DJANGO_SECURE", "0")
        os.environ.setdefault("OTP_ENFORCED", "0")

    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": static}).enable()
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from accounts.services import user_create
    from dashboard.filters import DashboardFilters
    from dashboard.models import DashboardFact
    from enrollment.models import Participation
    from enrollment.status import add_months, month_start
    from regions.models import Region
    from regions.selectors import kecamatan_list
    from umkm.models import Business

    user = User.objects.filter(username="bench_dinas").first() or user_create(username="bench_dinas", password=None, role="dinas")
    client = Client()
    client.force_login(user)
    kecamatan = kecamatan_list().first().code
    desa = Region.objects.filter(parent_id=kecamatan).order_by("code").values_list("code", flat=True).first()
    from django.utils import timezone

    past = add_months(month_start(timezone.localdate()), -7).strftime("%Y-%m")
    print(
        f"DEBUG={settings.DEBUG} engine={connection.vendor} businesses={Business.objects.count():,} participations={Participation.objects.count():,} "
        f"fact rows={DashboardFact.objects.count():,}"
    )
    views = [
        ("regency-wide", {}),
        ("one kecamatan", {"kecamatan": kecamatan}),
        ("one desa", {"kecamatan": kecamatan, "desa": desa}),
        ("kecamatan + cooperative type", {"kecamatan": kecamatan, "jenis": "jasa"}),
        (f"a past month ({past})", {"period": past}),
        ("UMKM scale (kecil)", {"scale": "kecil"}),
        ("KBLI group 47", {"kbli": "47"}),
        ("kecamatan + past month + scale + KBLI", {"kecamatan": kecamatan, "period": past, "scale": "mikro", "kbli": "56"}),
    ]
    if args.check:
        from dashboard.selectors import dashboard_data, fact_data

        for label, params in views:
            filters = DashboardFilters.from_query(params)
            started = time.perf_counter()
            live = dashboard_data(filters)
            live_ms = (time.perf_counter() - started) * 1000
            same = fact_data(filters) == live
            print(f"check {label}: fact table {'equals' if same else 'DIFFERS FROM'} the live computation ({live_ms:.0f} ms live)")
    with open("/proc/loadavg") as handle:
        print("load average at start:", " ".join(handle.read().split()[:3]))
    baseline = "reference: work-list index (no figures)"
    views.insert(0, (baseline, None))
    for _label, params in views:  # one warm-up request per view (imports, templates compiled)
        client.get("/dasbor/daftar-kerja/" if params is None else "/dasbor/", params or {})
    times = {label: [] for label, _ in views}
    queries = {}
    for _ in range(args.rounds):
        for label, params in views:
            cache.clear()
            reset_queries()
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get("/dasbor/daftar-kerja/" if params is None else "/dasbor/", params or {})
                times[label].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            queries[label] = len(ctx)
    with open("/proc/loadavg") as handle:
        print("load average at end:", " ".join(handle.read().split()[:3]))
    base = statistics.median(times[baseline])
    print(
        f"\n| view (cold, cache cleared, {args.rounds} requests each, interleaved) | queries | p50 ms | p95 ms | max ms | p50 / reference |"
        "\n|---|---:|---:|---:|---:|---:|"
    )
    for label, _params in views:
        values = times[label]
        print(
            f"| {label} | {queries[label]} | {statistics.median(values):.0f} | {percentile(values, 0.95):.0f} | {max(values):.0f} "
            f"| {statistics.median(values) / base:.2f} |"
        )


if __name__ == "__main__":
    main()
