from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import translation

from core.formatting import roman_month, rupiah, tanggal, waktu
from core.logging import scrub


def test_rupiah():
    assert rupiah(1234567) == "Rp 1.234.567"
    assert rupiah(0) == "Rp 0"
    assert rupiah(16800) == "Rp 16.800"
    assert rupiah(-5000) == "-Rp 5.000"


def test_tanggal_in_indonesian():
    with translation.override("id"):
        assert tanggal(date(2026, 11, 23)) == "23 November 2026"
        assert tanggal(date(2026, 8, 17)) == "17 Agustus 2026"


def test_waktu_is_wita():
    moment = datetime(2026, 11, 23, 6, 5, tzinfo=ZoneInfo("UTC"))
    with translation.override("id"):
        assert waktu(moment) == "23 November 2026 14.05 WITA"


def test_roman_month():
    assert roman_month(11) == "XI"


def test_log_scrubber_masks_nik_and_phone():
    text = scrub("lookup nik=7401011705850001 phone 081234567890")
    assert "7401011705850001" not in text
    assert "7401********0001" in text
    assert "081234567890" not in text
