"""Bounded load test against a local server: dashboard, lists and the bank API.

    .venv/bin/python bench/load/loadtest.py --base http://127.0.0.1:8016 --duration 60 --max-requests 3000 \
        --threads 4 --users dinas,bpjs --api-key "$DEMO_KEY" --niks-from-db

Each thread logs in as one of the demo users (session cookie, CSRF token from the login form) and
walks the dashboard and register lists; with ``--api-key`` a share of the requests are bank
verifications (``POST /api/v1/verifications/``) for NIKs read from the database (``--niks-from-db``,
the same DATABASE_URL/SQLITE_PATH as the server) or a file (``--nik-file``). The run stops at
``--duration`` seconds or ``--max-requests`` requests, whichever comes first, and only talks to
127.0.0.1/localhost. It prints per-endpoint counts, errors and p50/p95/p99 latencies.

Answers: 2xx is success; 429 (the bank API's per-key rate limit) is counted as "throttled", not as
an error; anything else (including redirects to the login page) is an error.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import re
import statistics
import sys
import threading
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

PAGES = [
    ("dashboard", "/dasbor/"),
    ("dashboard", "/dasbor/?kecamatan=74.01.01"),
    ("list umkm", "/dasbor/daftar/umkm/"),
    ("list koperasi", "/dasbor/daftar/koperasi/"),
    ("list peserta", "/dasbor/daftar/peserta/"),
    ("register koperasi", "/koperasi/"),
    ("register umkm", "/umkm/"),
    ("register peserta", "/kepesertaan/peserta/"),
]
API_PATH = "/api/v1/verifications/"


class Session:
    """One keep-alive connection with its own cookies."""

    def __init__(self, host: str, port: int, timeout: float = 30.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(host, port, timeout=timeout)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, bytes, dict]:
        headers = dict(headers or {})
        headers.setdefault("Host", f"{self.host}:{self.port}")
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                if attempt == 2:
                    raise
        for header in response.msg.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, data, dict(response.getheaders())

    def login(self, username: str, password: str) -> None:
        status, body, _ = self.request("GET", "/akun/masuk/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not match:
            raise RuntimeError(f"login page answered {status}")
        form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": match.group(1).decode()}).encode()
        status, _, headers = self.request(
            "POST",
            "/akun/masuk/",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{self.host}:{self.port}/akun/masuk/"},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {username} failed ({status})")


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.errors: dict[str, int] = defaultdict(int)
        self.throttled: dict[str, int] = defaultdict(int)
        self.samples: list[str] = []

    def add(self, name: str, status: int | str, seconds: float) -> None:
        with self.lock:
            self.statuses[name][str(status)] += 1
            if isinstance(status, int) and 200 <= status < 300:
                self.latencies[name].append(seconds)
            elif status == 429:
                self.throttled[name] += 1
            else:
                self.errors[name] += 1
                if len(self.samples) < 10:
                    self.samples.append(f"{name}: {status}")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def load_niks(args) -> list[str]:
    if args.nik_file:
        return [line.strip() for line in Path(args.nik_file).read_text().splitlines() if line.strip()]
    if args.niks_from_db:
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kolaka_jamsostek.settings")
        os.environ.setdefault("DJANGO_DEBUG", "1")
        import django

        django.setup()
        from enrollment.models import Person

        return list(Person.objects.order_by("?").values_list("nik", flat=True)[: args.nik_count])
    return []


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8016")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds (upper bound)")
    parser.add_argument("--max-requests", type=int, default=2000, help="requests in total (upper bound)")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--users", default="dinas,bpjs", help="demo users for the web pages, one per thread in turn")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "Kolaka#Demo2026"))
    parser.add_argument("--api-key", default=os.environ.get("BANK_API_KEY", ""), help="bank API key; enables the API share")
    parser.add_argument("--api-share", type=float, default=0.25, help="share of requests that go to the bank API")
    parser.add_argument("--nik-file")
    parser.add_argument("--niks-from-db", action="store_true")
    parser.add_argument("--nik-count", type=int, default=300)
    parser.add_argument("--json", help="also write the summary as JSON to this file")
    args = parser.parse_args(argv)

    parts = urlsplit(args.base)
    if parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
        parser.error("this script only drives a local server (127.0.0.1/localhost)")
    host, port = parts.hostname, parts.port or 80

    niks = load_niks(args) if args.api_key else []
    if args.api_key and not niks:
        parser.error("--api-key needs NIKs: --niks-from-db or --nik-file")

    users = [u for u in args.users.split(",") if u]
    sessions = []
    for i in range(args.threads):
        session = Session(host, port)
        session.login(users[i % len(users)], args.password)
        sessions.append(session)

    recorder = Recorder()
    counter = itertools.count()
    deadline = time.monotonic() + args.duration
    started = time.monotonic()

    def worker(index: int):
        session = sessions[index]
        api = Session(host, port) if args.api_key else None
        rng = random.Random(index)
        while time.monotonic() < deadline and next(counter) < args.max_requests:
            if api is not None and rng.random() < args.api_share:
                payload = json.dumps({"nik": rng.choice(niks), "purpose": "KUR", "scheme": "kur_mikro", "loan_amount": 50_000_000}).encode()
                name = "bank API verification"
                t0 = time.perf_counter()
                try:
                    status, _, _ = api.request(
                        "POST",
                        API_PATH,
                        body=payload,
                        headers={"Content-Type": "application/json", "Authorization": f"Api-Key {args.api_key}"},
                    )
                except OSError as exc:
                    status = type(exc).__name__
                recorder.add(name, status, time.perf_counter() - t0)
                continue
            name, path = rng.choice(PAGES)
            t0 = time.perf_counter()
            try:
                status, _, _ = session.request("GET", path)
            except OSError as exc:
                status = type(exc).__name__
            recorder.add(name, status, time.perf_counter() - t0)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(args.duration + 60)
    elapsed = time.monotonic() - started

    rows = []
    all_latencies = []
    total = errors = throttled = 0
    for name in sorted(recorder.statuses):
        lat = recorder.latencies[name]
        all_latencies += lat
        count = sum(recorder.statuses[name].values())
        total += count
        errors += recorder.errors[name]
        throttled += recorder.throttled[name]
        rows.append(
            {
                "endpoint": name,
                "requests": count,
                "ok": len(lat),
                "errors": recorder.errors[name],
                "throttled": recorder.throttled[name],
                "p50_ms": round(percentile(lat, 50) * 1000, 1),
                "p95_ms": round(percentile(lat, 95) * 1000, 1),
                "p99_ms": round(percentile(lat, 99) * 1000, 1),
                "mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else None,
            }
        )
    summary = {
        "base": args.base,
        "threads": args.threads,
        "elapsed_s": round(elapsed, 1),
        "requests": total,
        "throughput_rps": round(total / elapsed, 1) if elapsed else None,
        "errors": errors,
        "throttled": throttled,
        "p50_ms": round(percentile(all_latencies, 50) * 1000, 1),
        "p95_ms": round(percentile(all_latencies, 95) * 1000, 1),
        "p99_ms": round(percentile(all_latencies, 99) * 1000, 1),
        "endpoints": rows,
        "error_samples": recorder.samples,
    }

    print(
        f"{total} requests in {elapsed:.1f} s with {args.threads} threads ({summary['throughput_rps']} req/s); "
        f"errors {errors}, throttled {throttled}"
    )
    print(f"{'endpoint':28} {'req':>6} {'ok':>6} {'err':>5} {'429':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for row in rows:
        print(
            f"{row['endpoint']:28} {row['requests']:>6} {row['ok']:>6} {row['errors']:>5} {row['throttled']:>5} "
            f"{row['p50_ms']:>8} {row['p95_ms']:>8} {row['p99_ms']:>8}"
        )
    print(
        f"{'all successful':28} {len(all_latencies):>6} {'':>6} {'':>5} {'':>5} {summary['p50_ms']:>8} {summary['p95_ms']:>8} {summary['p99_ms']:>8}"
    )
    if recorder.samples:
        print("error samples:", ", ".join(recorder.samples))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
