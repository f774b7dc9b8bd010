"""A local multi-node deployment on 127.0.0.1: web nodes and RQ task workers as real processes.

Each web node is gunicorn started with the repository's ``gunicorn.conf.py`` (its own port through
``GUNICORN_BIND``); each task worker is ``manage.py rqworker default --job-class django_tasks_rq.Job``
as in docs/deployment.md. All of them get the same environment: one ``DATABASE_URL``, one
``REDIS_URL`` (``TASK_BACKEND=rq``; the cache, hence the rate limits, follows it), one secret key
and one ``MEDIA_ROOT``. Every process is started in its own session, so stopping or killing one
takes its gunicorn workers or its RQ work horse with it. Used by tests/deployment/test_two_nodes.py
and bench/deployment/run.py; every request goes to 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
LOGIN_PATH = "/akun/masuk/"


def database_url(settings_dict: dict) -> str:
    """A ``DATABASE_URL`` that names the database of ``settings_dict`` (e.g. pytest's test database)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    auth = user + (":" + quote(password, safe="") if password else "")
    host = settings_dict.get("HOST") or ""
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{auth}{'@' if auth else ''}{host}{port}/{quote(settings_dict['NAME'], safe='')}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def ports(count: int, base: int = 0) -> list[int]:
    """``count`` ports: ``base``, ``base + 1``, ... when a base is given, else free ones from the OS."""
    return [base + index for index in range(count)] if base else [free_port() for _ in range(count)]


def deployment_env(*, database_url: str, redis_url: str, secret_key: str, media_root: Path, **extra: str) -> dict[str, str]:
    """The environment every node and worker shares: production settings except HTTPS (plain HTTP on
    127.0.0.1), TOTP and the static files' manifest (no ``collectstatic`` run: ``DJANGO_TESTING=1``
    keeps the plain static storage). The developer's ``.env`` is not read."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="kolaka_jamsostek.settings",
        DJANGO_ENV_FILE=os.devnull,
        DJANGO_DEBUG="0",
        DJANGO_TESTING="1",
        DJANGO_SECURE="0",
        OTP_ENFORCED="0",
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        TASK_BACKEND="rq",
        REDIS_URL=redis_url,
        MEDIA_ROOT=str(media_root),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONUNBUFFERED="1",
    )
    env.pop("CACHE_URL", None)  # the cache follows REDIS_URL (settings.py), as on a node configured for RQ only
    env.update(extra)
    return env


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path
    port: int | None = None

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def signal(self, sig: int) -> None:
        """``sig`` to the process group; SIGKILL also to every descendant, since an RQ work horse
        leaves its parent's process group (``os.setpgrp``) so that a signal to the group spares it."""
        family = descendants(self.popen.pid) if sig == signal.SIGKILL else []
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)
        for pid in family:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc), children first."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


@dataclass
class Deployment:
    """``nodes`` gunicorn nodes on ``node_ports`` and ``workers`` RQ workers, sharing ``env``."""

    env: dict[str, str]
    log_dir: Path
    node_ports: list[int]
    workers: int = 2
    node_env: dict[str, str] = field(default_factory=dict)
    processes: list[Process] = field(default_factory=list)

    @property
    def nodes(self) -> list[Process]:
        return [p for p in self.processes if p.port is not None]

    @property
    def task_workers(self) -> list[Process]:
        return [p for p in self.processes if p.port is None]

    def _spawn(self, name: str, command: list[str], env: dict[str, str], port: int | None = None) -> Process:
        log = self.log_dir / f"{name}.log"
        handle = log.open("wb")
        try:
            popen = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            handle.close()
        process = Process(name=name, popen=popen, log=log, port=port)
        self.processes.append(process)
        return process

    def start(self, timeout: float = 120) -> Deployment:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for index, port in enumerate(self.node_ports, start=1):
            env = {**self.env, "GUNICORN_BIND": f"{HOST}:{port}", **self.node_env}
            self._spawn(f"node-{index}", [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")], env, port)
        suffix = f"{os.getpid()}-{time.time_ns() % 10**9}"
        for index in range(1, self.workers + 1):
            command = [sys.executable, "manage.py", "rqworker", "default", "--job-class", "django_tasks_rq.Job"]
            self._spawn(f"worker-{index}", [*command, "--name", f"kj-worker-{index}-{suffix}"], self.env)
        self.wait_ready(timeout)
        return self

    def worker_names(self) -> list[str]:
        return [p.popen.args[p.popen.args.index("--name") + 1] for p in self.task_workers]

    def wait_ready(self, timeout: float) -> None:
        """Until every node answers its login page and every worker is registered in Redis."""
        from redis import Redis
        from rq import Worker

        redis = Redis.from_url(self.env["REDIS_URL"])
        deadline = time.monotonic() + timeout
        pending_nodes = list(self.nodes)
        expected_workers = set(self.worker_names())
        while time.monotonic() < deadline:
            for process in self.processes:
                if not process.alive():
                    raise RuntimeError(f"{process.name} exited with {process.popen.returncode}:\n{process.log_text()[-3000:]}")
            for node in list(pending_nodes):
                try:
                    if Browser(node.port).get(LOGIN_PATH).status == 200:
                        pending_nodes.remove(node)
                except OSError:
                    pass
            registered = {worker.name for worker in Worker.all(connection=redis)}
            if not pending_nodes and expected_workers <= registered:
                return
            time.sleep(0.3)
        logs = "\n".join(f"--- {p.name}\n{p.log_text()[-2000:]}" for p in self.processes)
        raise RuntimeError(f"deployment not ready after {timeout:.0f} s\n{logs}")

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM to every process group, then SIGKILL to whatever is still running."""
        for process in self.processes:
            process.signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in self.processes:
            try:
                process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.signal(signal.SIGKILL)
                process.popen.wait(timeout=10)
            process.signal(signal.SIGKILL)  # a gunicorn worker or work horse left behind by its parent


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """One user agent talking to one node: a cookie jar (which can be handed to another node),
    Django's CSRF token, no redirect following, a new connection per request."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None, timeout: float = 30):
        self.port = port
        self.cookies = dict(cookies or {})
        self.timeout = timeout
        self._lock = threading.Lock()

    def on(self, port: int) -> Browser:
        """The same cookies (the same session) sent to another node."""
        return Browser(port, self.cookies, self.timeout)

    def request(self, method: str, path: str, *, form: dict | None = None, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        with self._lock:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if method != "GET" and "csrftoken" in self.cookies:
                headers.setdefault("X-CSRFToken", self.cookies["csrftoken"])
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            answer = conn.getresponse()
            payload = answer.read()
            set_cookies = answer.msg.get_all("Set-Cookie") or []
            response = Response(answer.status, dict(answer.getheaders()), payload)
        finally:
            conn.close()
        with self._lock:
            for line in set_cookies:
                for name, morsel in SimpleCookie(line).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict | None = None, **kwargs) -> Response:
        return self.request("POST", path, form=form or {}, **kwargs)

    def log_in(self, username: str, password: str) -> Response:
        """Through the real login form: GET it (CSRF cookie and token), POST the credentials."""
        page = self.get(LOGIN_PATH)
        match = CSRF_INPUT.search(page.text)
        token = match.group(1) if match else self.cookies.get("csrftoken", "")
        return self.post(LOGIN_PATH, {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/"})
