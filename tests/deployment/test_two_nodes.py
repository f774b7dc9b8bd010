"""Two web nodes and two task workers on one PostgreSQL and one Redis (issue 17, item 2).

The deployment of docs/deployment.md §13 on 127.0.0.1 (tests/deployment/cluster.py): two gunicorn
nodes with the repository's gunicorn.conf.py and two ``rqworker`` processes, all pointed at pytest's
test database and at the Redis of ``TEST_REDIS_URL`` (default database 15, as
tests/security/test_task_backend_redis.py). The tests commit what they write
(``django_db(transaction=True)``) so the processes see it, and then check across the nodes:

- the letter race: 50 verified requests signed at the same time through both nodes' real signing
  form by a branch head signed in on each node get 50 consecutive numbers;
- a session made on one node is valid on the other, and a logout on one ends it on both;
- five wrong passwords spread over both nodes lock the account out on both (axes, database);
- a bank key's per-minute limit holds across both nodes (the counter is in Redis), the rest get the
  documented 429 envelope;
- the two workers share the queue and run each outbox send once; a worker killed with SIGKILL in
  the middle of a send leaves the message retried once, delivered once.

PostgreSQL only (``@pytest.mark.postgres``; deselected on SQLite): SQLite is one file on one
machine. Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/kj bash scripts/test tests/deployment``.
``TEST_NODE_BASE_PORT`` pins the ports (nodes on BASE and BASE+1, the fake gateway on BASE+2);
otherwise free ports are taken.
"""

from __future__ import annotations

import json
import os
import re
import signal
import threading
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from compliance import services as compliance
from compliance.models import Letter, LetterCounter, Purpose
from core.roles import Role
from notifications import services as outbox
from notifications.models import Channel, ContactPreference, Kind, Message, Status
from tests.banking.factories import make_key
from tests.compliance.conftest import build_cooperative
from tests.deployment.cluster import Browser, Deployment, database_url, deployment_env, ports
from tests.factories import BankFactory, UserFactory
from tests.notifications.fake_gateway import FakeGateway

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
BASE_PORT = int(os.environ.get("TEST_NODE_BASE_PORT", "0"))
PASSWORD = "Rahasia#12345"  # tests.factories.UserFactory's
LETTERS = 50
SIGNING_THREADS = 8  # four per node
WAIT = 180  # seconds: upper bound of every wait for the processes


def wait_until(condition, *, timeout: float = WAIT, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"not within {timeout:.0f} s: {what}")


def _forget_redis_keys() -> None:
    """The queue, the workers' registrations and the cache keys of this deployment (nothing else)."""
    from redis import Redis

    redis = Redis.from_url(REDIS_URL)
    for pattern in ("rq:*", "kj:*"):
        keys = list(redis.scan_iter(match=pattern, count=500))
        if keys:
            redis.delete(*keys)


@pytest.fixture
def gateway():
    gw = FakeGateway(port=BASE_PORT + 2 if BASE_PORT else 0)
    yield gw
    gw.stop()


@pytest.fixture
def deployment_factory(transactional_db, tmp_path, gateway):
    """Start a deployment (after the test has committed its data); always stopped at teardown."""
    from redis import Redis

    assert connection.vendor == "postgresql"
    Redis.from_url(REDIS_URL).ping()
    _forget_redis_keys()
    started: list[Deployment] = []

    def start(*, nodes: int, workers: int = 2) -> Deployment:
        env = deployment_env(
            database_url=database_url(connection.settings_dict),
            redis_url=REDIS_URL,
            secret_key=settings.SECRET_KEY,
            media_root=tmp_path / "media",  # one directory every node and worker reaches (NFS in production)
            WHATSAPP_GATEWAY_URL=gateway.url,
            WHATSAPP_GATEWAY_TOKEN="gw-secret",
            WHATSAPP_GATEWAY_TIMEOUT="30",
            LOG_LEVEL="INFO",
            GUNICORN_WORKERS="2",
            GUNICORN_THREADS="4",
            DB_CONN_MAX_AGE="0",
        )
        deployment = Deployment(env=env, log_dir=tmp_path / "logs", node_ports=ports(nodes, BASE_PORT))
        started.append(deployment)
        return deployment.start()

    try:
        yield start
    finally:
        for deployment in started:
            deployment.stop()
        _forget_redis_keys()


def _verified_requests(count: int) -> tuple[list, object]:
    """``count`` requests verified by BPJS and waiting for the branch head, and that branch head."""
    dinas = UserFactory(role=Role.DINAS)
    bpjs = UserFactory(role=Role.BPJS)
    kepala = UserFactory(username="kepala_node", role=Role.KEPALA_CABANG)
    requests = []
    for index in range((count + len(Purpose.values) - 1) // len(Purpose.values)):
        coop = build_cooperative(name=f"Koperasi Dua Simpul {index}", employees=0)
        for purpose in Purpose.values:
            if len(requests) < count:
                req = compliance.recommendation_request(user=dinas, cooperative=coop, purpose=purpose)
                requests.append(compliance.request_verify(user=bpjs, request=req))
    return requests, kepala


def _signed_lines(node) -> int:
    return len(re.findall(r'"POST /rekomendasi/\d+/tandatangani/" 302', node.log_text()))


def test_fifty_letters_signed_through_two_nodes_get_fifty_consecutive_numbers(deployment_factory):
    requests, kepala = _verified_requests(LETTERS)
    deployment = deployment_factory(nodes=2)
    node_a, node_b = deployment.nodes

    # The branch head signs in through the real login form on each node.
    signers = []
    for node in (node_a, node_b):
        browser = Browser(node.port)
        assert browser.log_in(kepala.username, PASSWORD).status == 302
        assert "sessionid" in browser.cookies
        signers.append(browser)

    barrier = threading.Barrier(SIGNING_THREADS)
    answers: dict[int, object] = {}
    errors: list[BaseException] = []

    def sign(browser, chunk):
        try:
            barrier.wait(timeout=60)
            for req in chunk:
                answers[req.pk] = browser.post(reverse("compliance:request_sign", args=[req.pk]))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    chunks = [requests[i::SIGNING_THREADS] for i in range(SIGNING_THREADS)]
    threads = [threading.Thread(target=sign, args=(signers[i % 2], chunk)) for i, chunk in enumerate(chunks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT)
    assert not any(thread.is_alive() for thread in threads), "a signing thread did not finish"
    assert errors == []

    letters = list(Letter.objects.order_by("sequence"))
    assert len(letters) == LETTERS
    assert [letter.sequence for letter in letters] == list(range(1, LETTERS + 1))  # no gap, no duplicate
    assert len({letter.number for letter in letters}) == LETTERS
    assert LetterCounter.objects.get().last_sequence == LETTERS
    by_request = {letter.request_id: letter for letter in letters}
    assert {pk: (r.status, r.headers.get("Location")) for pk, r in answers.items()} == {
        req.pk: (302, by_request[req.pk].get_absolute_url()) for req in requests
    }
    # Both nodes signed their half (their access logs), at the same time.
    assert (_signed_lines(node_a), _signed_lines(node_b)) == (LETTERS // 2, LETTERS // 2)
    # Each node's signature scheduled the PDF through Redis; the two workers rendered every one.
    wait_until(lambda: not Letter.objects.filter(pdf_rendered_at__isnull=True).exists(), what="the 50 PDFs rendered by the workers")
    assert all(deployment.task_workers[i].log_text().count("render_letter_pdf") for i in (0, 1)), "both workers rendered letters"


def test_sessions_lockouts_and_a_bank_keys_rate_limit_hold_across_two_nodes(deployment_factory):
    dinas = UserFactory(username="dinas_node", role=Role.DINAS)
    victim = UserFactory(username="ketua_dikunci", role=Role.DINAS)
    bank = BankFactory(code="bri", name="Bank Rakyat Indonesia")
    deployment = deployment_factory(nodes=2, workers=0)
    node_a, node_b = deployment.nodes
    listing = reverse("compliance:request_list")

    # A session made on node A is valid on node B; signing out on B ends it on A.
    on_a = Browser(node_a.port)
    assert on_a.log_in(dinas.username, PASSWORD).status == 302
    on_b = on_a.on(node_b.port)
    page = on_b.get(listing)
    assert page.status == 200
    assert dinas.username in page.text
    assert Browser(node_b.port).get(listing).status == 302  # without the cookie: to the login page
    assert on_b.post(reverse("accounts:logout")).status == 302
    assert Browser(node_a.port, {"sessionid": on_a.cookies["sessionid"]}).get(listing).status == 302

    # Five wrong passwords, alternately on both nodes, lock the account out on both (axes' database).
    failures = [
        Browser((node_a, node_b)[i % 2].port).log_in(victim.username, "salah-sekali").status for i in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert failures == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]  # the form again, then the lockout page
    assert AccessAttempt.objects.get(username=victim.username).failures_since_start == settings.AXES_FAILURE_LIMIT
    assert Browser(node_a.port).log_in(victim.username, PASSWORD).status == 429
    assert Browser(node_b.port).log_in(victim.username, PASSWORD).status == 429

    # One bank key's per-minute limit, counted in Redis: the limit in total, not per node.
    limit = 10
    for _try in range(2):  # a fixed one-minute window: a run that straddles its edge is run again
        if time.time() % 60 > 45:
            time.sleep(61 - time.time() % 60)
        key, plaintext = make_key(bank, rate_per_minute=limit)
        assert key.effective_rate_per_minute == limit
        window = int(time.time() // 60)
        results: list[tuple[int, object]] = []
        lock = threading.Lock()

        def call(port, count, plaintext=plaintext, results=results, lock=lock):
            for _ in range(count):
                response = Browser(port).get("/api/v1/verifications/", headers={"Authorization": f"Api-Key {plaintext}"})
                with lock:
                    results.append((port, response))

        threads = [threading.Thread(target=call, args=((node_a, node_b)[i % 2].port, 10)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=WAIT)
        if int(time.time() // 60) == window:
            break
    assert len(results) == 40
    accepted = [port for port, response in results if response.status == 200]
    refused = [response for _port, response in results if response.status != 200]
    assert len(accepted) == limit  # not 2 x limit
    assert {node_a.port, node_b.port} == set(accepted)  # both nodes answered within the one budget
    assert {response.status for response in refused} == {429}
    for response in refused:
        body = json.loads(response.body)
        assert set(body) == {"error"}
        assert set(body["error"]) == {"code", "message", "details"}
        assert body["error"]["code"] == "throttled"
        assert 1 <= int(response.headers["Retry-After"]) <= 60


RQ_SETTINGS = {
    "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
    "RQ_QUEUES": {"default": {"URL": REDIS_URL}},
}


def _sent_by(worker, attempt: int = 1) -> set[int]:
    return {int(pk) for pk in re.findall(rf"outbox message (\d+) via whatsapp attempt {attempt}: sent", worker.log_text())}


def test_two_workers_send_each_message_once_and_a_killed_worker_leaves_it_retried_once(deployment_factory, gateway):
    user = UserFactory(username="ketua_wa_node", role=Role.KOPERASI, email="ketua.node@example.test")
    user.phone = "081234567890"
    user.save()
    ContactPreference.objects.create(user=user, channel=Channel.WHATSAPP, phone_consent_at=timezone.now())
    deployment = deployment_factory(nodes=0, workers=2)
    first, second = deployment.task_workers

    def enqueue(count: int) -> list[Message]:
        """Written here, committed, queued in Redis (``message_enqueue`` schedules the task on commit)."""
        with override_settings(**RQ_SETTINGS):
            return [
                outbox.message_enqueue(kind=Kind.REQUEST_STATE, recipient=user, subject=f"Pesan {i}", body="Isi pesan")
                for i in range(count)
            ]

    # Twenty sends, each taking 0.3 s at the gateway: both workers take some, none is sent twice.
    gateway.mode, gateway.delay = "delay", 0.3
    messages = enqueue(20)
    ids = {m.pk for m in messages}
    wait_until(lambda: Message.objects.filter(pk__in=ids, status=Status.SENT).count() == 20, what="20 messages sent")
    assert set(Message.objects.filter(pk__in=ids).values_list("attempts", flat=True)) == {1}
    assert {str(m.key): gateway.accepted.get(str(m.key)) for m in messages} == {str(m.key): 1 for m in messages}
    wait_until(lambda: _sent_by(first) | _sent_by(second) == ids, timeout=30, what="both workers' log lines")
    assert _sent_by(first), "the first worker sent messages"
    assert _sent_by(second), "the second worker sent messages"
    assert not _sent_by(first) & _sent_by(second)

    # Two slow sends: each worker is in the middle of one when the first worker is killed.
    gateway.delay = 5.0
    seen = len(gateway.requests)
    slow = enqueue(2)
    wait_until(lambda: len(gateway.requests) - seen == 2, timeout=60, what="both workers posting to the gateway")
    first.signal(signal.SIGKILL)  # SIGKILL to the worker and its work horse
    first.popen.wait(timeout=30)
    wait_until(lambda: Message.objects.filter(pk__in=[m.pk for m in slow], status=Status.SENT).count() == 1, what="the survivor's send")
    orphan = Message.objects.get(pk__in=[m.pk for m in slow], status=Status.SENDING)
    assert orphan.attempts == 1
    assert orphan.claimed_until > timezone.now()  # its lease holds: nobody sends it again meanwhile
    time.sleep(2)
    orphan.refresh_from_db()
    assert orphan.status == Status.SENDING

    # The lease runs out (5 minutes in production, shortened here); the flush task re-sends it.
    Message.objects.filter(pk=orphan.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    gateway.mode = "accept"
    from notifications.tasks import flush_outbox

    with override_settings(**RQ_SETTINGS):
        flush_outbox.enqueue()
    wait_until(lambda: Message.objects.get(pk=orphan.pk).status == Status.SENT, what="the orphan re-sent by the surviving worker")
    orphan.refresh_from_db()
    assert orphan.attempts == 2  # retried once
    key = str(orphan.key)
    assert gateway.accepted[key] == 2  # the dead worker's POST and the retry, with the same Idempotency-Key ...
    assert gateway.delivered[key] == 1  # ... so the gateway delivered it once
    assert orphan.pk in _sent_by(second, attempt=2)
    assert orphan.pk not in _sent_by(first) | _sent_by(first, attempt=2)
    assert outbox.outbox_flush() == 0  # nothing left due
