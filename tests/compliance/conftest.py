"""Cooperatives in known situations for the recommendation tests."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from compliance import services
from compliance.models import Purpose
from cooperatives.models import last_book_year
from enrollment.status import add_months, latest_due_month
from tests.factories import (
    AnnualMeetingFactory,
    CooperativeFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    UserFactory,
)


def enrol(person, *, segment="BPU", months_behind=0, programmes=("JKK", "JKM"), as_of=None):
    as_of = as_of or timezone.localdate()
    due = latest_due_month(segment, as_of)
    return ParticipationFactory(
        person=person,
        segment=segment,
        last_paid_month=add_months(due, -months_behind),
        started_on=date(2023, 1, 1),
        jkk="JKK" in programmes,
        jkm="JKM" in programmes,
        jht="JHT" in programmes,
        jp="JP" in programmes,
    )


def build_cooperative(*, name="Koperasi Uji Layak", employees=1, npp="60001234", rat=True, cooperative=None, scale="menengah"):
    """An eligible cooperative: full board and pengawas on BPU, employees on PU with every programme
    (medium scale, so rule c asks JKK, JKM, JHT and JP as rule set 2025.1 did)."""
    coop = cooperative or CooperativeFactory(name=name, npp=npp if employees else "")
    if scale and not coop.scale:
        coop.scale = scale
        coop.save(update_fields=["scale"])
    if cooperative is not None and employees and npp and not coop.npp:
        coop.npp = npp
        coop.save(update_fields=["npp"])
    people = {}
    for role, person_name in (
        ("ketua", "La Ode Baharuddin"),
        ("sekretaris", "Hasriani Tosuo"),
        ("bendahara", "Wa Ode Sitti"),
        ("pengawas", "Andi Mappa"),
    ):
        person = PersonFactory(name=person_name)
        PositionFactory(cooperative=coop, person=person, role=role)
        enrol(person)
        people[role] = person
    for index in range(employees):
        person = PersonFactory(name=f"Karyawan Nomor{index}")
        PositionFactory(cooperative=coop, person=person, role="karyawan")
        enrol(person, segment="PU", programmes=("JKK", "JKM", "JHT", "JP"))
        people[f"karyawan{index}"] = person
    if rat:
        AnnualMeetingFactory(cooperative=coop, book_year=last_book_year(timezone.localdate()))
    coop.people = people
    return coop


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are created in nearly every test here; a cheap hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def eligible(db):
    return build_cooperative()


@pytest.fixture
def bpjs2_user(db):
    return UserFactory(username="bpjs2_t", role="bpjs")


@pytest.fixture
def verified_request(eligible, dinas_user, bpjs_user):
    req = services.recommendation_request(user=dinas_user, cooperative=eligible, purpose=Purpose.IZIN_BARU)
    return services.request_verify(user=bpjs_user, request=req)


@pytest.fixture
def issue_letter(dinas_user, bpjs_user, kepala_user, django_capture_on_commit_callbacks):
    """Issue a letter for a cooperative and purpose through the real workflow (PDF rendered)."""

    def _issue(cooperative, purpose=Purpose.IZIN_BARU, issued_on=None, render=True):
        with django_capture_on_commit_callbacks(execute=render):
            req = services.recommendation_request(user=dinas_user, cooperative=cooperative, purpose=purpose)
            services.request_verify(user=bpjs_user, request=req)
            letter = services.letter_issue(user=kepala_user, request=req, issued_on=issued_on)
        letter.refresh_from_db()
        return letter

    return _issue
