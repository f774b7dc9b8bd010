"""Gap-free, unique letter numbers under concurrent issuing (PostgreSQL row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from compliance import services
from compliance.models import Letter, Purpose
from regions.models import Region
from regions.services import regions_load
from tests.compliance.conftest import build_cooperative
from tests.factories import UserFactory

THREADS = 10
LETTERS = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_letters_from_ten_threads_get_consecutive_numbers(monkeypatch):
    assert connection.vendor == "postgresql"
    if not Region.objects.exists():  # an earlier transactional test may have flushed them
        regions_load(scope="default")
    monkeypatch.setattr(services, "schedule_render", lambda letter: None)  # PDFs are not the point here
    dinas = UserFactory(role="dinas")
    bpjs = UserFactory(role="bpjs")
    kepala = UserFactory(role="kepala_cabang")
    requests = []
    for index in range(LETTERS // 2):
        coop = build_cooperative(name=f"Koperasi Serentak {index}", employees=0)
        for purpose in Purpose.values:
            req = services.recommendation_request(user=dinas, cooperative=coop, purpose=purpose)
            requests.append(services.request_verify(user=bpjs, request=req))
    assert len(requests) == LETTERS

    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def worker(chunk):
        try:
            barrier.wait()
            for req in chunk:
                services.letter_issue(user=kepala, request=req)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    chunks = [requests[i::THREADS] for i in range(THREADS)]
    threads = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    letters = list(Letter.objects.order_by("sequence"))
    assert len(letters) == LETTERS
    assert [letter.sequence for letter in letters] == list(range(1, LETTERS + 1))
    assert len({letter.number for letter in letters}) == LETTERS
    assert all(letter.number.startswith(f"{letter.sequence:04d}/REK-KLK/") for letter in letters)
