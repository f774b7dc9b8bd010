"""Every value format offices send, and the messages for the ones that cannot be used."""

from datetime import date, datetime

import pytest

from imports import values as v
from imports.checks import NikChecker, RegionResolver

NIK = "7401015705850001"


@pytest.mark.parametrize(
    "raw",
    [NIK, int(NIK), float(NIK), "7401 0157 0585 0001", "7401.0157.0585.0001", "'7401015705850001", " 740101 570585 0001 "],
)
def test_nik_formats_accepted(raw):
    assert v.nik(raw).nik == NIK


@pytest.mark.parametrize("raw", ["7.40101E+15", "7,40101E+15", "7.40101e15", "'7.40101E+15"])
def test_nik_in_scientific_notation_is_refused_with_the_reason(raw):
    with pytest.raises(v.CellError) as error:
        v.nik(raw)
    assert "notasi ilmiah" in error.value.message
    assert "digit terakhir sudah hilang" in error.value.message
    assert "Teks" in error.value.message


def test_nik_as_fractional_number_is_refused():
    with pytest.raises(v.CellError) as error:
        v.nik(740101570585.5)
    assert "angka pecahan" in error.value.message


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("740101570585", "NIK harus 16 digit (tertulis 12 digit)."),
        ("7401AB5705850001", "NIK hanya boleh berisi angka."),
        ("7401013305850001", "Tanggal lahir pada NIK tidak valid (digit 7-8: 33)."),
        ("7401011713850001", "Bulan lahir pada NIK tidak valid"),
        ("7401015705850000", "Nomor urut NIK tidak boleh 0000."),
    ],
)
def test_nik_errors(raw, message):
    with pytest.raises(v.CellError) as error:
        v.nik(raw)
    assert message in error.value.message


@pytest.mark.parametrize(
    "raw",
    [
        date(2024, 1, 12),
        datetime(2024, 1, 12, 0, 0),  # noqa: DTZ001 - a spreadsheet cell is naive
        45303,
        45303.0,
        "12/01/2024",
        "12-01-2024",
        "2024-01-12",
        "12 Januari 2024",
        "12 januari 2024",
        "12 Jan 2024",
        "12.01.2024",
    ],
)
def test_date_formats(raw):
    assert v.parse_date(raw) == date(2024, 1, 12)


@pytest.mark.parametrize(
    ("raw", "message"), [("31/02/2024", "tidak ada di kalender"), ("kemarin", "tidak dikenali"), ("13 Brumaire 2024", "tidak dikenali")]
)
def test_date_errors(raw, message):
    with pytest.raises(v.CellError) as error:
        v.parse_date(raw)
    assert message in error.value.message


@pytest.mark.parametrize("raw", ["Januari 2024", "01/2024", "2024-01", "15/01/2024", date(2024, 1, 20)])
def test_month_formats_give_the_first_day(raw):
    assert v.parse_month(raw) == date(2024, 1, 1)


@pytest.mark.parametrize(
    "raw", ["Rp 1.500.000", "Rp1.500.000", "1.500.000", "1500000", 1500000, 1500000.0, "Rp 1.500.000,00", "IDR 1,500,000", "1500000.00"]
)
def test_rupiah_formats(raw):
    assert v.rupiah(raw) == 1_500_000


@pytest.mark.parametrize("raw", ["lima juta", "1.5 juta", "-100", "1.5", "1500²", "1.50.000"])
def test_rupiah_errors(raw):
    with pytest.raises(v.CellError) as error:
        v.rupiah(raw)
    assert "rupiah" in error.value.message.lower()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ya", True),
        ("Ya", True),
        ("Y", True),
        ("1", True),
        (1, True),
        (True, True),
        ("tidak", False),
        ("Tidak", False),
        ("T", False),
        ("0", False),
        (0, False),
    ],
)
def test_booleans(raw, expected):
    assert v.boolean(raw) is expected


def test_boolean_error():
    with pytest.raises(v.CellError) as error:
        v.boolean("mungkin")
    assert error.value.message == "Nilai mungkin tidak dikenali (isi ya/tidak, Y/T atau 1/0)."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kecamatan", "desa"),
    [
        ("Wundulako", "Wundulako"),
        ("WUNDULAKO", "wundulako"),
        ("Kec. Wundulako", "Kel. Wundulako"),
        ("Kecamatan Wundulako", "Kelurahan Wundulako"),
        ("74.01.01", "74.01.01.1002"),
        ("", "74.01.01.1002"),
        ("740101", "7401011002"),
    ],
)
def test_region_by_name_or_code(kecamatan, desa):
    errors = []
    region = RegionResolver().resolve(kecamatan, desa, kecamatan_header="Kecamatan", desa_header="Desa/Kelurahan", errors=errors)
    assert errors == []
    assert region.code == "74.01.01.1002"


@pytest.mark.django_db
def test_region_errors():
    resolver = RegionResolver()
    errors = []
    assert resolver.resolve("Wundulako", "Desa Antah", kecamatan_header="Kecamatan", desa_header="Desa/Kelurahan", errors=errors) is None
    assert errors == [("Desa/Kelurahan", "Desa/kelurahan Desa Antah tidak dikenal di Kecamatan Wundulako.")]
    errors = []
    resolver.resolve("Atlantis", "Wundulako", kecamatan_header="Kecamatan", desa_header="Desa/Kelurahan", errors=errors)
    assert errors == [("Kecamatan", "Kecamatan Atlantis tidak dikenal di Kabupaten Kolaka.")]
    errors = []
    resolver.resolve("Wundulako", "", kecamatan_header="Kecamatan", desa_header="Desa/Kelurahan", errors=errors)
    assert errors == [("Desa/Kelurahan", "Desa/Kelurahan wajib diisi.")]


@pytest.mark.django_db
def test_nik_region_unknown_is_a_warning_and_mismatched_gender_an_error():
    checker = NikChecker()
    errors, warnings = [], []
    info = checker.check("9901015705850001", errors=errors, warnings=warnings)
    assert info is not None
    assert errors == []
    assert "tidak ada di daftar wilayah Kemendagri" in warnings[0][1]
    errors, warnings = [], []
    assert checker.check(NIK, gender="L", errors=errors, warnings=warnings) is None
    assert errors == [("NIK", "Jenis kelamin tidak sesuai dengan NIK (NIK menunjukkan perempuan).")]
    errors = []
    assert checker.check(NIK, birth_date=date(1985, 5, 18), errors=errors, warnings=warnings) is None
    assert errors == [("NIK", "Tanggal lahir tidak sesuai dengan NIK (NIK menunjukkan 17 Mei 1985).")]


@pytest.mark.parametrize(("raw", "expected"), [("5", 5), (5, 5), (5.0, 5), ("5.0", 5), ("12,00", 12), ("1.250", 1250), (" 7 ", 7)])
def test_whole_numbers_as_written(raw, expected):
    assert v.whole_number(raw) == expected


@pytest.mark.parametrize("raw", ["5.5", "1.25", "lima", "3²", "1.2.3", "-2"])
def test_whole_number_errors(raw):
    with pytest.raises(v.CellError) as error:
        v.whole_number(raw)
    assert "angka" in error.value.message.lower()


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["74010157058500²1", "740101570585000١"])
def test_a_nik_with_non_ascii_digits_is_refused(raw):
    from django.core.exceptions import ValidationError

    from core.identifiers import normalize_nik

    with pytest.raises(ValidationError):
        normalize_nik(raw)
    errors, warnings = [], []
    assert NikChecker().check(raw, errors=errors, warnings=warnings, column="NIK") is None
    assert errors
