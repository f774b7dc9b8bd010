from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
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


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("12.500.000", 12_500_000),
        ("Rp 12.500.000", 12_500_000),
        ("12500000", 12_500_000),
        ("Rp. 1.500.000,-", 1_500_000),
        ("12,500,000", 12_500_000),
        ("5000000,00", 5_000_000),
        (7_000_000, 7_000_000),
        (2_500_000.0, 2_500_000),
    ],
)
def test_one_rupiah_parser_reads_what_people_type(typed, amount):
    from core.money import parse_rupiah

    assert parse_rupiah(typed) == amount


@pytest.mark.parametrize("typed", ["²", "1²", "١٢٣", "１２３", "12.5", "satu juta", "", "9" * 40, "🙂", "\u202e123"])
def test_one_rupiah_parser_refuses_anything_else_with_a_message(typed):
    from core.money import RupiahError, parse_rupiah

    with pytest.raises(RupiahError) as caught:
        parse_rupiah(typed)
    assert caught.value.code == "invalid"
    assert caught.value.message


def test_rupiah_parser_refuses_negative_and_too_large_with_their_codes():
    from core.money import RupiahError, parse_rupiah

    with pytest.raises(RupiahError) as negative:
        parse_rupiah("-5000")
    with pytest.raises(RupiahError) as large:
        parse_rupiah("2.000.000.000", max_value=1_000_000_000)
    assert (negative.value.code, large.value.code) == ("negative", "too_large")
