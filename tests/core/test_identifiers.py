from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core import identifiers


class TestNik:
    def test_valid_man(self):
        info = identifiers.parse_nik("7401011705850001", today=date(2026, 11, 25))
        assert info.nik == "7401011705850001"
        assert info.gender == "L"
        assert info.birth_date == date(1985, 5, 17)
        assert info.region_code == "74.01.01"

    def test_woman_has_day_plus_40(self):
        info = identifiers.parse_nik("7401015705850003", today=date(2026, 11, 25))
        assert info.gender == "P"
        assert info.birth_date == date(1985, 5, 17)

    def test_recent_two_digit_year_is_this_century(self):
        assert identifiers.parse_nik("7401010101050001", today=date(2026, 11, 25)).birth_date == date(2005, 1, 1)

    @pytest.mark.parametrize(
        "raw",
        ["7401 0117 0585 0001", "7401.0117.0585.0001", "'7401011705850001", " 7401011705850001 "],
    )
    def test_separators_and_apostrophe_are_cleaned(self, raw):
        assert identifiers.normalize_nik(raw) == "7401011705850001"

    @pytest.mark.parametrize(
        ("raw", "code"),
        [
            ("7401011705850000", "serial"),  # serial 0000
            ("7401013102850001", "birth_date"),  # 31 February
            ("7401017113850001", "birth_month"),  # month 13
            ("7401013505850001", "birth_day"),  # day 35 is neither a man's nor a woman's day
            ("7401017205850001", "birth_day"),  # 72 - 40 = 32
            ("740101170585001", "length"),
            ("74010117058500012", "length"),
            ("74010117O5850001", "digits"),
            ("", "required"),
            ("0001011705850001", "region"),
        ],
    )
    def test_invalid(self, raw, code):
        with pytest.raises(ValidationError) as excinfo:
            identifiers.parse_nik(raw, today=date(2026, 11, 25))
        assert excinfo.value.code == code
        assert excinfo.value.messages[0]  # a message in Bahasa Indonesia

    def test_woman_29_february_leap_year_valid_and_non_leap_invalid(self):
        assert identifiers.parse_nik("7401016902840001", today=date(2026, 1, 1)).birth_date == date(1984, 2, 29)
        with pytest.raises(ValidationError):
            identifiers.parse_nik("7401016902850001", today=date(2026, 1, 1))

    def test_mask(self):
        assert identifiers.mask_nik("7401011705850001") == "7401********0001"


class TestOtherIdentifiers:
    def test_kpj(self):
        assert identifiers.normalize_kpj("123 4567 8901") == "12345678901"
        with pytest.raises(ValidationError):
            identifiers.normalize_kpj("1234567890")

    def test_nib(self):
        assert identifiers.normalize_nib("'9120001234567") == "9120001234567"
        with pytest.raises(ValidationError):
            identifiers.normalize_nib("912000123456")

    def test_npwp_new_format_16_digits(self):
        assert identifiers.normalize_npwp("7401011705850001") == "7401011705850001"

    def test_npwp_old_format_becomes_16_digits(self):
        assert identifiers.normalize_npwp("01.234.567.8-901.000") == "0012345678901000"
        assert identifiers.format_npwp("0012345678901000") == "01.234.567.8-901.000"

    @pytest.mark.parametrize("raw", ["12.345.678.9-012", "1234567890123456789", "NPWP-ABC"])
    def test_npwp_invalid(self, raw):
        with pytest.raises(ValidationError):
            identifiers.normalize_npwp(raw)

    def test_npp(self):
        assert identifiers.normalize_npp("6000 1234") == "60001234"
        with pytest.raises(ValidationError):
            identifiers.normalize_npp("123")

    def test_kbli(self):
        assert identifiers.normalize_kbli("56103") == "56103"
        with pytest.raises(ValidationError):
            identifiers.normalize_kbli("5610")

    def test_nomor_induk_koperasi(self):
        assert identifiers.normalize_nomor_induk_koperasi(" 7401000000012 ") == "7401000000012"
        with pytest.raises(ValidationError):
            identifiers.normalize_nomor_induk_koperasi("x" * 21)
        with pytest.raises(ValidationError):
            identifiers.normalize_nomor_induk_koperasi("74 01<script>")

    def test_phone(self):
        assert identifiers.normalize_phone("+62 812-3456-7890") == "081234567890"
        assert identifiers.mask_phone("081234567890") == "0812*****890"
        with pytest.raises(ValidationError):
            identifiers.normalize_phone("12345")


def test_nik_birth_is_the_one_reading_of_digits_7_to_12():

    today = date(2026, 12, 2)
    assert identifiers.nik_birth("570885", today=today) == ("P", date(1985, 8, 17))
    assert identifiers.nik_birth("170826", today=today) == ("L", date(2026, 8, 17))
    assert identifiers.nik_birth("171226", today=today) == ("L", date(1926, 12, 17))  # later this month: the century before
    for digits, code in (("320185", "birth_day"), ("011385", "birth_month"), ("300285", "birth_date")):
        with pytest.raises(ValidationError) as error:
            identifiers.nik_birth(digits, today=today)
        assert error.value.code == code
    assert identifiers.nik_region_valid("740101")
    assert not identifiers.nik_region_valid("740001")
