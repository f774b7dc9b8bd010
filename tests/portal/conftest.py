"""Two cooperatives, two heads, people in each: the portal's scoping is tested against this."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import ParticipationFactory, PersonFactory, PositionFactory


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def head_a(koperasi_user):
    return koperasi_user


@pytest.fixture
def head_b(other_koperasi_user):
    return other_koperasi_user


@pytest.fixture
def client_a(head_a):
    return login(head_a)


@pytest.fixture
def client_b(head_b):
    return login(head_b)


def _staff(cooperative, prefix: str) -> dict:
    """A ketua covered as BPU, a bendahara not enrolled, a karyawan not enrolled."""
    ketua = PositionFactory(cooperative=cooperative, role="ketua", person=PersonFactory(name=f"{prefix} Ketua Aktif"))
    ParticipationFactory(
        person=ketua.person, segment="BPU", started_on=date(2023, 1, 1), last_paid_month=timezone.localdate().replace(day=1)
    )
    bendahara = PositionFactory(cooperative=cooperative, role="bendahara", person=PersonFactory(name=f"{prefix} Bendahara Belum"))
    karyawan = PositionFactory(cooperative=cooperative, role="karyawan", person=PersonFactory(name=f"{prefix} Karyawan Belum"))
    return {"ketua": ketua, "bendahara": bendahara, "karyawan": karyawan}


@pytest.fixture
def staff_a(cooperative):
    return _staff(cooperative, "Alfa")


@pytest.fixture
def staff_b(other_cooperative):
    return _staff(other_cooperative, "Bravo")
