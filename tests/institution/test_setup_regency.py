"""The deployment's identity is configuration (issue 17): ``setup_regency`` prepares a second
regency in another time zone, and the whole recommendation journey carries its names, its time
zone and its letter code onto the letter, its number and the public page."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from freezegun import freeze_time

from compliance import services
from compliance.models import Letter, Purpose
from compliance.pdf import letter_html
from institution.models import Instansi, TimeZone, time_zone_for
from institution.selectors import current_instansi
from institution.services import default_letter_code
from regions.models import Region
from regions.selectors import RegionIndex, kecamatan_list, village_list
from tests.compliance.conftest import build_cooperative
from tests.factories import CooperativeFactory

pytestmark = pytest.mark.django_db

ACEH_SELATAN = "11.01"  # Kabupaten Aceh Selatan, Aceh: WIB (UTC+7)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def aceh_selatan(db):
    call_command("setup_regency", ACEH_SELATAN, "--letter-code", "REK-ASL", "--place", "Tapaktuan")
    return current_instansi()


def test_time_zone_follows_the_province():
    assert time_zone_for("11.01") == TimeZone.WIB
    assert time_zone_for("74.03") == TimeZone.WITA
    assert time_zone_for("94.01") == TimeZone.WIT
    assert default_letter_code("Kabupaten Konawe") == "REK-KNW"


def test_setup_regency_loads_its_regions_and_writes_the_record(aceh_selatan):
    assert aceh_selatan.pk == 1
    assert Instansi.objects.count() == 1
    assert aceh_selatan.region_name == "Kabupaten Aceh Selatan"
    assert aceh_selatan.province_name == "Aceh"
    assert aceh_selatan.time_zone == "Asia/Jakarta"
    assert aceh_selatan.letter_code == "REK-ASL"
    assert aceh_selatan.dinas_name == "Dinas Koperasi dan UMKM Kabupaten Aceh Selatan"
    assert aceh_selatan.signatory_title == "Kepala Kantor Cabang Aceh Selatan"
    assert Region.objects.filter(code__startswith=ACEH_SELATAN + ".", kind=Region.Kind.KECAMATAN).count() > 5
    # The region pickers follow the record.
    assert kecamatan_list().count() == Region.objects.filter(parent_id=ACEH_SELATAN).count()
    assert village_list().exists()
    assert not village_list().filter(code__startswith="74.01.").exists()
    assert RegionIndex().kecamatan_by_code
    assert all(c.startswith("11.01.") for c in RegionIndex().kecamatan_by_code)


def test_an_unknown_code_is_refused_and_changes_nothing(db):
    before = current_instansi().region_code
    with pytest.raises(CommandError, match="99.99"):
        call_command("setup_regency", "99.99")
    with pytest.raises(CommandError):
        call_command("setup_regency", "74.01.01")  # a kecamatan, not a kabupaten/kota
    assert current_instansi().region_code == before


def test_bad_numbering_pattern_is_refused(aceh_selatan):
    from django.core.exceptions import ValidationError

    aceh_selatan.number_pattern = "{seq}/{oops}"
    with pytest.raises(ValidationError):
        aceh_selatan.full_clean()


def test_the_recommendation_journey_in_a_second_regency_and_time_zone(aceh_selatan, dinas_user, bpjs_user, kepala_client, client):
    village = Region.objects.villages().filter(code__startswith=ACEH_SELATAN + ".").order_by("code").first()
    # 16:30 UTC on 31 March is 23:30 WIB (still March) but 00:30 WITA on 1 April.
    with freeze_time("2026-03-31 16:30:00"):
        coop = build_cooperative(
            name="Koperasi Nelayan Tapaktuan",
            cooperative=CooperativeFactory(name="Koperasi Nelayan Tapaktuan", desa=village, npp="60009999"),
        )
        req = services.recommendation_request(user=dinas_user, cooperative=coop, purpose=Purpose.IZIN_BARU)
        services.request_verify(user=bpjs_user, request=req)
        response = kepala_client.post(reverse("compliance:request_sign", args=[req.pk]))
        assert response.status_code == 302
    letter = Letter.objects.get(request=req)
    assert letter.issued_on == date(2026, 3, 31)  # the regency's day, not Makassar's
    assert letter.number == "0001/REK-ASL/III/2026"
    assert letter.addressee == "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Aceh Selatan"
    assert letter.signatory_title == "Kepala Kantor Cabang Aceh Selatan"
    html = letter_html(letter)
    for text in (
        "KANTOR CABANG ACEH SELATAN",
        "di Tapaktuan",
        "Tapaktuan, 31 Maret 2026",
        "Dinas Koperasi dan UMKM Kabupaten Aceh Selatan",
        "Kabupaten Aceh Selatan</td>",
    ):
        assert text in html, text
    assert "Kolaka" not in html
    assert "KLK" not in html
    public = client.get(reverse("compliance:verify", args=[letter.token]))
    page = public.content.decode()
    assert public.status_code == 200
    assert "0001/REK-ASL/III/2026" in page
    assert "Kepala Kantor Cabang Aceh Selatan" in page
    assert "Kabupaten Aceh Selatan" in page
    assert "Kolaka" not in page.replace("Kolaka Jamsostek", "")
