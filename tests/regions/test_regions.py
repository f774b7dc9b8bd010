import pytest
from django.core.management import call_command

from regions.models import Region
from regions.selectors import RegionIndex

pytestmark = pytest.mark.django_db


def test_default_load_has_kolaka_and_every_kabupaten():
    kolaka = Region.objects.filter(code__startswith="74.01.")
    assert kolaka.filter(kind="kecamatan").count() == 12
    assert kolaka.filter(kind__in=("desa", "kelurahan")).count() == 135
    assert Region.objects.filter(kind="provinsi").count() == 38
    assert Region.objects.get(code="74.01.01").name == "Wundulako"
    assert Region.objects.get(code="74.01.01.1001").kind == "kelurahan"


def test_loading_another_kabupaten_and_again_is_idempotent(capsys):
    call_command("load_regions", "--kabupaten", "74.02")
    first = Region.objects.count()
    call_command("load_regions", "--kabupaten", "74.02")
    assert Region.objects.count() == first
    assert Region.objects.filter(code__startswith="74.02.", kind="kecamatan").exists()


def test_load_all_indonesia():
    call_command("load_regions", "--all")
    assert Region.objects.count() == 91_599
    assert Region.objects.filter(kind__in=("desa", "kelurahan")).count() > 80_000


def test_unknown_kabupaten_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("load_regions", "--kabupaten", "99.99")


def test_region_index_finds_by_name_or_code_with_prefixes():
    index = RegionIndex()
    kecamatan = index.kecamatan("Kec. WUNDULAKO")
    assert kecamatan.code == "74.01.01"
    assert index.kecamatan("74.01.01") == kecamatan
    village, problem = index.village("Kelurahan 19 Nopember", kecamatan)
    assert problem is None
    assert village.code == "74.01.01.1001"
    assert index.village("Tidak Ada", kecamatan) == (None, "unknown")
