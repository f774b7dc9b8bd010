"""seed_demo reproduces the Dinas's figures; shown here at three quarters of the scale (the fixed compliance scenarios need room)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from cooperatives.models import Cooperative
from core import identifiers
from demo import seed as demo_seed
from enrollment.models import Person

pytestmark = pytest.mark.django_db

SCALE = 0.75


def within(value, target, tolerance=0.02):
    return abs(value - target) <= max(1, target * tolerance)


@override_settings(DEBUG=True)
def test_seed_counts_at_three_quarter_scale(capsys):
    call_command("seed_demo", "--scale", str(SCALE))
    counts = demo_seed.counts()
    assert within(counts["umkm"], 12_000 * SCALE)
    assert within(counts["umkm_official"], 4_000 * SCALE)
    assert within(counts["cooperatives"], 4_000 * SCALE)
    assert within(counts["cooperatives_active"], 170 * SCALE)
    active = counts["cooperatives_active"]
    assert within(counts["cooperatives_active_covered"], active * 0.10)
    output = capsys.readouterr().out
    assert "Kolaka#Demo2026" in output
    assert "koperasi" in output


@override_settings(DEBUG=True)
def test_seeded_people_have_valid_niks_of_their_desa():
    demo_seed.seed(scale=0.05)
    for person in Person.objects.select_related("desa")[:300]:
        info = identifiers.parse_nik(person.nik)
        assert info.gender == person.gender
        assert info.birth_date == person.birth_date
        assert person.nik.startswith(person.desa.nik_prefix)


@override_settings(DEBUG=True)
def test_seed_is_deterministic_and_creates_a_user_per_role():
    ctx = demo_seed.seed(scale=0.02)
    names = sorted(Cooperative.objects.values_list("name", flat=True))[:20]
    assert set(ctx.users) >= {"admin", "dinas", "bpjs", "kepala", "koperasi", "bank"}
    assert ctx.users["koperasi"].cooperative_access.get().cooperative.name == demo_seed.DEMO_COOPERATIVE_NAME
    demo_seed.reset()
    demo_seed.seed(scale=0.02)
    assert sorted(Cooperative.objects.values_list("name", flat=True))[:20] == names


@override_settings(DEBUG=False)
def test_seed_refuses_without_debug():
    with pytest.raises(CommandError):
        call_command("seed_demo", "--scale", "0.01")
    assert not Cooperative.objects.exists()
