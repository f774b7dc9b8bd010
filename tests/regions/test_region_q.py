"""One region filter (``regions.models.region_q``) for the registers, the dashboard and its panels."""

import pytest

from regions.models import Region, region_q
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    villages = list(Region.objects.villages().filter(code__startswith="74.01.").order_by("code"))
    here = villages[0]
    same_kecamatan = next(v for v in villages if v.parent_id == here.parent_id and v.code != here.code)
    elsewhere = next(v for v in villages if v.parent_id != here.parent_id)
    return {region.code: PersonFactory(desa=region) for region in (here, same_kecamatan, elsewhere)}, here, elsewhere


def codes(condition) -> set[str]:
    from enrollment.models import Person

    return set(Person.objects.filter(condition).values_list("desa_id", flat=True))


def test_a_desa_a_kecamatan_or_nothing(people):
    by_code, here, elsewhere = people
    assert codes(region_q("desa", desa=here.code)) == {here.code}
    assert codes(region_q("desa", kecamatan=here.parent_id)) == {c for c in by_code if c.startswith(here.parent_id + ".")}
    assert len(codes(region_q("desa", kecamatan=here.parent_id))) == 2
    assert codes(region_q("desa", kecamatan=here.parent_id, desa=here.code)) == {here.code}
    assert codes(region_q("desa")) == set(by_code)


def test_a_desa_outside_the_kecamatan_matches_nothing(people):
    _by_code, here, elsewhere = people
    assert codes(region_q("desa", kecamatan=here.parent_id, desa=elsewhere.code)) == set()
