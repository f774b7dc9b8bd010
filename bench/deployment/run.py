"""One web node against two: throughput and latency of a realistic request mix at 16 connections.

    createdb -h 127.0.0.1 -U postgres kj_nodes_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kj_nodes_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python -m bench.api.generate --people 100000
    .venv/bin/python -m bench.deployment.run [--requests 4000] [--port 18111] [--redis redis://127.0.0.1:6379/0]

Starts the deployment of docs/deployment.md §13 on 127.0.0.1 (tests/deployment/cluster.py: gunicorn
with the repository's gunicorn.conf.py, 2 gthread workers x 8 threads per node, ``TASK_BACKEND=rq``
and the cache in Redis), first with one node, then with two, and sends the same mix to each: three
in four requests ``POST /api/v1/verifications/`` with a bank key (NIKs sampled from bench/api's
generated people, about 9 in 10 known), one in four the signed-in recommendation list
``GET /rekomendasi/`` of a Dinas officer who logged in once through the form on the first node (the
same session cookie is then sent to every node). With two nodes the client alternates between them,
as a round-robin load balancer would. Every request opens a new connection. Prints a Markdown table,
the two-node/one-node ratios, the load average after each phase and whether every verification
answered 201 left its receipt in the database; writes bench/deployment/results.json.

On one 2-core machine that also runs PostgreSQL, Redis and this client, a second node adds processes,
not cores: it cannot show a horizontal gain (expect a ratio near 1). The run shows that two nodes
answer the mix correctly together, and gives the per-node figure used for sizing in
docs/deployment.md. Load only goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kolaka_jamsostek.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NIKS = ROOT / "bench" / "api" / "niks.txt"
OFFICER, OFFICER_PASSWORD = "bench_dinas_nodes", "Bench#Nodes-2026"
LIST_PAGE = "/rekomendasi/"
VERIFY = "/api/v1/verifications/"


def load_average() -> str:
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


def officer() -> None:
    """The Dinas officer whose signed-in list page is part of the mix (created once)."""
    from accounts.models import User
    from accounts.services import user_create

    if not User.objects.filter(username=OFFICER).exists():
        user_create(username=OFFICER, password=OFFICER_PASSWORD, role="dinas", full_name="Petugas Uji Beban")


def run_phase(deployment, session_cookies: dict, bodies: list[bytes], key: str, count: int, concurrency: int, max_seconds: float) -> dict:
    from bench.api.run import percentile, run_threads
    from tests.deployment.cluster import Browser

    ports = [node.port for node in deployment.nodes]
    latencies: dict[str, list[float]] = {"verification": [], "list": []}
    statuses: dict[str, int] = {}
    receipts = [0]
    lock = threading.Lock()
    api_headers = {"Authorization": f"Api-Key {key}", "Content-Type": "application/json"}

    def handle(index: int) -> None:
        port = ports[index % len(ports)]
        kind = "list" if index % 4 == 3 else "verification"
        started = time.perf_counter()
        try:
            if kind == "list":
                response = Browser(port, session_cookies, timeout=15).get(LIST_PAGE)
            else:
                response = Browser(port, timeout=15).request("POST", VERIFY, body=bodies[index % len(bodies)], headers=api_headers)
        except OSError:
            with lock:
                statuses["refused"] = statuses.get("refused", 0) + 1
            return
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            latencies[kind].append(elapsed)
            label = f"{kind} {response.status}"
            statuses[label] = statuses.get(label, 0) + 1
            if kind == "verification" and response.status == 201:
                receipts[0] += 1

    seconds = run_threads(handle, count, concurrency, max_seconds)
    every = latencies["verification"] + latencies["list"]
    result = {
        "nodes": len(ports),
        "concurrency": concurrency,
        "requests": len(every),
        "seconds": round(seconds, 2),
        "rps": round(len(every) / seconds, 1),
        "statuses": dict(sorted(statuses.items())),
        "receipts_answered": receipts[0],
        "load_average_after": load_average(),
    }
    for kind, values in latencies.items():
        if values:
            result[kind] = {
                "p50_ms": round(percentile(values, 50), 1),
                "p90_ms": round(percentile(values, 90), 1),
                "p99_ms": round(percentile(values, 99), 1),
                "mean_ms": round(statistics.fmean(values), 1),
            }
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=4000, help="requests per phase")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--port", type=int, default=18111, help="first node's port; the second node takes the next one")
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), help="Redis shared by the nodes")
    parser.add_argument("--max-seconds", type=float, default=120, help="upper bound on each phase")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the PostgreSQL benchmark database (see the docstring).")
    if not NIKS.exists():
        raise SystemExit("Run `python -m bench.api.generate --people 100000` first (it writes bench/api/niks.txt).")

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from banking.models import BankVerification
    from bench.api.generate import bench_key
    from enrollment.models import Person
    from tests.deployment.cluster import Browser, Deployment, database_url, deployment_env

    officer()
    key = bench_key()
    niks = [line.strip() for line in NIKS.read_text().splitlines() if line.strip()]
    rng = random.Random(2026)
    bodies = [
        json.dumps({"nik": rng.choice(niks), "purpose": "KUR", "scheme": "kur_mikro", "loan_amount": 50_000_000}).encode()
        for _ in range(5000)
    ]
    media = Path(tempfile.mkdtemp(prefix="kj-bench-nodes-"))
    env = deployment_env(
        database_url=database_url(connection.settings_dict),
        redis_url=args.redis,
        secret_key=settings.SECRET_KEY,
        media_root=media,
        GUNICORN_LOG_LEVEL="warning",
        GUNICORN_ACCESS_LOG=os.devnull,
        LOG_LEVEL="WARNING",
    )
    connection.close()
    results = {"people": Person.objects.count(), "load_average_start": load_average(), "phases": []}
    for nodes in (1, 2):
        deployment = Deployment(env=env, log_dir=media / f"logs-{nodes}", node_ports=[args.port + i for i in range(nodes)], workers=0)
        try:
            deployment.start()
            signed_in = Browser(deployment.nodes[0].port)
            if signed_in.log_in(OFFICER, OFFICER_PASSWORD).status != 302:
                raise SystemExit("the bench officer could not log in")
            run_phase(deployment, signed_in.cookies, bodies, key, 300, 4, 60)  # warm-up: imports, connections
            before = BankVerification.objects.count()
            phase = run_phase(deployment, signed_in.cookies, bodies, key, args.requests, args.concurrency, args.max_seconds)
            phase["receipts_stored"] = BankVerification.objects.count() - before
            connection.close()
            results["phases"].append(phase)
        finally:
            deployment.stop()
        time.sleep(3)  # let the load settle between phases
    one, two = results["phases"]
    results["ratio_rps_two_over_one"] = round(two["rps"] / one["rps"], 2)
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")

    print(f"\n{results['people']:,} people; mix 3 verifications : 1 signed-in list page; {args.concurrency} connections")
    print(f"load average at start {results['load_average_start']}\n")
    print(
        "| nodes | requests | req/s | verification p50 / p90 / p99 ms | list page p50 / p90 / p99 ms | statuses | receipts answered / stored | load average after |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for phase in results["phases"]:
        cells = [
            f"{phase[kind]['p50_ms']} / {phase[kind]['p90_ms']} / {phase[kind]['p99_ms']}" if kind in phase else ""
            for kind in ("verification", "list")
        ]
        print(
            f"| {phase['nodes']} | {phase['requests']} | {phase['rps']} | {cells[0]} | {cells[1]} | {phase['statuses']} | "
            f"{phase['receipts_answered']} / {phase['receipts_stored']} | {phase['load_average_after']} |"
        )
    print(f"\nthroughput two nodes / one node: {results['ratio_rps_two_over_one']}")


if __name__ == "__main__":
    main()
