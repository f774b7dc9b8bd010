"""The demo shows the law as it stands: a micro cooperative that qualifies with JKK + JKM only, a
small one that needs JHT, a sponsored BPU group and participants without KPJ."""

import time

import pytest
from django.utils import timezone

from compliance.eligibility import evaluate
from compliance.models import Letter, Purpose
from cooperatives.models import Cooperative
from demo import seed as demo_seed
from demo.seeders import compliance as compliance_demo
from demo.seeders import sponsors as sponsor_demo
from enrollment.models import Participation, SponsorProgramme
from enrollment.sponsors import sponsor_summaries

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        started = time.monotonic()
        demo_seed.seed(scale=0.05)
        elapsed = time.monotonic() - started
        yield elapsed
        demo_seed.reset()


def rule_c(snapshot):
    return next(rule for rule in snapshot["rules"] if rule["code"] == "c")


def test_micro_cooperative_holds_a_valid_letter_with_jkk_jkm_only_karyawan(seeded):
    coop = Cooperative.objects.get(name=compliance_demo.MICRO_JKK_JKM_ONLY)
    assert coop.scale == "mikro"
    letter = Letter.objects.get(cooperative=coop, revoked_at__isnull=True)
    assert letter.is_valid_on(timezone.localdate())
    assert rule_c(letter.eligibility)["figures"]["required"] == ["JKK", "JKM"]
    karyawan = Participation.objects.filter(person__positions__cooperative=coop, person__positions__role="karyawan")
    assert karyawan.count() == 2
    assert not karyawan.filter(jht=True).exists()


def test_small_cooperative_is_refused_for_missing_jht(seeded):
    coop = Cooperative.objects.get(name="Koperasi Pemasaran Hasil Bumi Toari")
    assert coop.scale == "kecil"
    c = rule_c(evaluate(coop, Purpose.IZIN_BARU, as_of=timezone.localdate()))
    assert not c["passed"]
    assert any(line.endswith("belum ikut JHT") for line in c["evidence"])


def test_sponsored_group_and_participants_without_kpj(seeded):
    summaries = {s.programme.name: s for s in sponsor_summaries(as_of=timezone.localdate())}
    apbd = summaries[sponsor_demo.APBD_NAME]
    assert apbd.covered == sponsor_demo.APBD_PEOPLE - sponsor_demo.APBD_LAPSED
    assert len(apbd.lapsed) == sponsor_demo.APBD_LAPSED
    assert apbd.bill > 0
    desa = SponsorProgramme.objects.get(name=sponsor_demo.DANA_DESA_NAME)
    without_kpj = Participation.objects.filter(sponsor_programme=desa, kpj__isnull=True)
    assert without_kpj.count() == sponsor_demo.DANA_DESA_PEOPLE
    assert summaries[sponsor_demo.DANA_DESA_NAME].covered == sponsor_demo.DANA_DESA_PEOPLE


def test_active_cooperatives_have_a_recorded_scale(seeded):
    active = Cooperative.objects.active(timezone.localdate())
    assert not active.filter(scale="").exists()
    assert not active.exclude(scale_source="").filter(scale_determined_on__isnull=True).exists()
