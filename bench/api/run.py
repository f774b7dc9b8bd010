"""Verification latency and throughput under gunicorn, against a bare Django JSON view.

    createdb -h 127.0.0.1 -U postgres kj_api
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kj_api
    .venv/bin/python manage.py migrate
    .venv/bin/python -m bench.api.generate --people 1000000
    .venv/bin/python -m bench.api.run [--requests 3000] [--port 8013]

Starts gunicorn with the repository's ``gunicorn.conf.py`` (2 threaded workers x 8) on 127.0.0.1 serving the application plus a
bare Django JSON view (bench/api/settings.py), then, for each concurrency level, sends a bounded
number of requests (and stops after --max-seconds per phase) to the bare view and to
``POST /api/v1/verifications/`` with NIKs sampled from the generated people (about 9 in 10
known). The client is wrk when it is installed (``apt-get install -y wrk``; keep-alive connections,
``--seconds`` per phase, a C client that leaves the two cores to the server) or, with
``--client python``, Python threads that open a new connection per request (``--requests`` per
phase). Prints a Markdown table and writes bench/api/results.json. Load only goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
HOST = "127.0.0.1"
BENCH_SECRET = "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def one_request(port: int, method: str, path: str, body: bytes | None, headers: dict) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        status = response.status
    finally:
        conn.close()
    return status, (time.perf_counter() - started) * 1000


def run_threads(handle, count: int, concurrency: int, max_seconds: float) -> float:
    """Call ``handle(index)`` for the indexes 0 to ``count - 1`` from ``concurrency`` threads at
    once, each thread taking the next index, until all are done or ``max_seconds`` have passed;
    the seconds until the last thread ends."""
    lock = threading.Lock()
    counter = iter(range(count))
    deadline = time.perf_counter() + max_seconds

    def worker():
        while time.perf_counter() < deadline:
            with lock:
                index = next(counter, None)
            if index is None:
                return
            handle(index)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def run_phase(port: int, make_request, count: int, concurrency: int, max_seconds: float) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def handle(index: int) -> None:
        method, path, body, headers = make_request(index)
        try:
            status, ms = one_request(port, method, path, body, headers)
        except OSError:  # refused, reset or timed out: counted as status 0, not as a latency
            with lock:
                statuses[0] = statuses.get(0, 0) + 1
            return
        with lock:
            latencies.append(ms)
            statuses[status] = statuses.get(status, 0) + 1

    elapsed = run_threads(handle, count, concurrency, max_seconds)
    return {
        "requests": len(latencies),
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50), 2),
        "p90_ms": round(percentile(latencies, 90), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "mean_ms": round(statistics.fmean(latencies), 2),
        "statuses": statuses,
    }


def run_wrk_phase(port: int, method: str, path: str, bodies_file: str, key: str, concurrency: int, seconds: float) -> dict:
    """One phase with wrk (a C client on keep-alive connections, so the client takes little of the
    machine's CPU): ``concurrency`` connections for ``seconds``; latencies from wrk's histogram."""
    threads = min(2, concurrency)
    command = ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{seconds:g}s", "--timeout", "10s", "-s", str(HERE / "wrk.lua")]
    command += [f"http://{HOST}:{port}{path}", "--", method, bodies_file, key]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    result = json.loads(output.strip().splitlines()[-1])
    elapsed = result["duration_us"] / 1e6
    errors = sum(result[name] for name in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    return {
        "requests": result["requests"],
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "rps": round(result["requests"] / elapsed, 1),
        "p50_ms": round(result["p50_us"] / 1000, 2),
        "p90_ms": round(result["p90_us"] / 1000, 2),
        "p99_ms": round(result["p99_us"] / 1000, 2),
        "mean_ms": round(result["mean_us"] / 1000, 2),
        "statuses": {"2xx": result["requests"] - result["non_2xx"], "other": result["non_2xx"], "errors": errors},
    }


def _log_lines(path: Path) -> int:
    time.sleep(0.3)  # let the workers flush their access-log lines
    return len(path.read_text().splitlines()) if path.exists() else 0


def _server_times(path: Path, start: int) -> dict:
    """Time spent inside the gunicorn worker per request (access log %(D)s), for the lines after ``start``."""
    lines = path.read_text().splitlines()[start:] if path.exists() else []
    times = [int(line.split()[3]) / 1000 for line in lines if len(line.split()) == 4 and line.split()[3].isdigit()]
    if not times:
        return {}
    return {"server_p50_ms": round(percentile(times, 50), 2), "server_p99_ms": round(percentile(times, 99), 2)}


def kill_run(command, env, port: int, verify, seconds: float) -> dict:
    """Verifications at 16 connections; SIGKILL to the whole server (master and workers) after
    ``seconds``; then every receipt id that was answered with 201 must be in the database."""
    from banking.models import BankVerification

    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    wait_ready(port)
    answered: list[str] = []
    failed = [0]
    stop = threading.Event()
    killed = threading.Event()
    counter = iter(range(10**9))
    lock = threading.Lock()

    def worker():
        while not stop.is_set():
            with lock:
                index = next(counter)
            method, path, body, headers = verify(index)
            try:
                conn = http.client.HTTPConnection(HOST, port, timeout=5)
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                conn.close()
            except OSError:
                if not killed.is_set():
                    failed[0] += 1  # refused or cut before the kill (after it every attempt fails)
                continue
            if response.status == 201:
                answered.append(json.loads(payload)["receipt_id"])

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(16)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    killed.set()
    os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=30)
    time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join(timeout=10)
    stored = set()
    for start in range(0, len(answered), 5000):
        stored |= {
            str(r)
            for r in BankVerification.objects.filter(receipt_id__in=answered[start : start + 5000]).values_list("receipt_id", flat=True)
        }
    return {"seconds": seconds, "answered": len(answered), "stored": len(stored), "lost": len(set(answered) - stored), "failed": failed[0]}


def wait_ready(port: int, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if one_request(port, "GET", "/bench/bare/", None, {})[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000, help="requests per phase")
    parser.add_argument("--concurrency", default="1,2,16", help="client connections per phase, comma-separated")
    parser.add_argument(
        "--kill-after", type=float, default=0, help="then a kill -9 run: SIGKILL the server after this many seconds at 16 connections"
    )
    parser.add_argument("--port", type=int, default=8013)
    parser.add_argument("--max-seconds", type=float, default=90, help="upper bound on each phase")
    parser.add_argument(
        "--client",
        choices=["wrk", "python"],
        default="wrk" if shutil.which("wrk") else "python",
        help="wrk (keep-alive connections, `apt-get install -y wrk`) or Python threads (a new connection per request)",
    )
    parser.add_argument("--seconds", type=float, default=10, help="with --client wrk: seconds per phase")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the PostgreSQL benchmark database.")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kolaka_jamsostek.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", BENCH_SECRET)
    import django

    django.setup()
    from bench.api.generate import bench_key
    from enrollment.models import Person

    people = Person.objects.count()
    key = bench_key()
    niks = [line.strip() for line in (HERE / "niks.txt").read_text().splitlines() if line.strip()]
    rng = random.Random(2026)
    bodies = [
        json.dumps(
            {"nik": rng.choice(niks), "purpose": "KUR", "scheme": rng.choice(["kur_mikro", "kur_kecil"]), "loan_amount": 150_000_000}
        ).encode()
        for _ in range(5000)
    ]
    api_headers = {"Authorization": f"Api-Key {key}", "Content-Type": "application/json"}

    def verify(index):
        return "POST", "/api/v1/verifications/", bodies[index % len(bodies)], api_headers

    def bare(index):
        return "GET", "/bench/bare/", None, {}

    lookup_headers = {"Content-Type": "application/json"}

    def lookup(index):
        return "POST", "/bench/lookup/", bodies[index % len(bodies)], lookup_headers

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.api.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE": "0",
        "DJANGO_SECRET_KEY": os.environ["DJANGO_SECRET_KEY"],
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    bodies_file = Path(tempfile.gettempdir()) / f"kj-bench-api-bodies-{args.port}.txt"
    bodies_file.write_bytes(b"\n".join(bodies) + b"\n")
    endpoints = {"bare": ("GET", "/bench/bare/", "", ""), "lookup": ("POST", "/bench/lookup/", str(bodies_file), "")}
    endpoints["verification"] = ("POST", "/api/v1/verifications/", str(bodies_file), key)
    access_log = Path(tempfile.gettempdir()) / f"kj-bench-api-{args.port}.log"
    access_log.unlink(missing_ok=True)
    # The repository's configuration (gunicorn.conf.py: 2 gthread workers × 8 threads), on our port.
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "-b", f"{HOST}:{args.port}"]
    command += ["--log-level", "warning", "--access-logfile", str(access_log), "--access-logformat", "%(m)s %(U)s %(s)s %(D)s"]
    command += ["kolaka_jamsostek.wsgi:application"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    with open("/proc/loadavg") as handle:
        results = {"people": people, "client": args.client, "phases": [], "load_average_start": " ".join(handle.read().split()[:3])}
    try:
        wait_ready(args.port)
        run_phase(args.port, bare, 300, 2, 30)  # warm-up: connections, imports, caches
        run_phase(args.port, verify, 300, 2, 30)
        run_phase(args.port, lookup, 300, 2, 30)
        for concurrency in [int(c) for c in args.concurrency.split(",")]:
            phase = {}
            for name, make in (("bare", bare), ("lookup", lookup), ("verification", verify)):
                mark = _log_lines(access_log)
                if args.client == "wrk":
                    phase[name] = run_wrk_phase(args.port, *endpoints[name], concurrency, args.seconds)
                else:
                    phase[name] = run_phase(args.port, make, args.requests, concurrency, args.max_seconds)
                phase[name].update(_server_times(access_log, mark))
            phase["throughput_ratio"] = round(phase["verification"]["rps"] / phase["bare"]["rps"], 3)
            phase["lookup_ratio"] = round(phase["verification"]["rps"] / phase["lookup"]["rps"], 3)
            results["phases"].append(phase)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    if args.kill_after:
        results["kill"] = kill_run(command, env, args.port, verify, args.kill_after)
    with open("/proc/loadavg") as handle:
        results["load_average_end"] = " ".join(handle.read().split()[:3])
    per_phase = f"{args.seconds:g} s per phase with wrk" if args.client == "wrk" else f"{args.requests} requests per phase"
    print(f"\n{people:,} people in PostgreSQL; gunicorn -c gunicorn.conf.py; {per_phase}")
    print(f"load average: start {results['load_average_start']}, end {results['load_average_end']}\n")
    print("| concurrency | endpoint | req/s | p50 ms | p90 ms | p99 ms | server p50 ms | server p99 ms | statuses |")
    print("|---|---|---|---|---|---|---|---|---|")
    for phase in results["phases"]:
        for name in ("bare", "lookup", "verification"):
            row = phase[name]
            server = f"{row.get('server_p50_ms', '')} | {row.get('server_p99_ms', '')}"
            print(
                f"| {row['concurrency']} | {name} | {row['rps']} | {row['p50_ms']} | {row['p90_ms']} | {row['p99_ms']} | {server} | {row['statuses']} |"
            )
        print(f"| {phase['bare']['concurrency']} | **ratio verification / bare** | {phase['throughput_ratio']} | | | | | | |")
        print(f"| {phase['bare']['concurrency']} | **ratio verification / plain lookup** | {phase['lookup_ratio']} | | | | | | |")
    if "kill" in results:
        kill = results["kill"]
        print(
            f"\nkill -9 after {kill['seconds']} s at 16 connections: {kill['answered']} receipts answered, "
            f"{kill['stored']} of them stored, {kill['lost']} lost; {kill['failed']} connection errors before the kill"
        )
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
