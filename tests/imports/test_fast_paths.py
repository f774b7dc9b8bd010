"""The fast paths for common, already clean cells give exactly what the general parsers give.

Each case is checked against the general parser (``identifiers.parse_nik``, the regex date parser,
``Importer.cell``): same value, or the same error message.
"""

import io
from datetime import date, datetime

import pytest
from django.core.files import File
from django.utils import timezone, translation

from core import identifiers
from imports import readers
from imports import values as v
from imports.base import CellMemo, Refused, get_importer
from imports.checks import NikChecker, RegionResolver, plain_nik

TODAY = timezone.localdate()
YY = TODAY.year % 100

NIKS = [
    "7401015705850001",  # woman, 17-05-1985
    "7401011705850002",  # man
    "9901015705850001",  # unknown region: a warning
    "0001015705850001",  # region 00
    "7400015705850001",
    "7401005705850001",
    "7401013205850001",  # day 32
    "7401017205850001",  # day 72 (woman, 32)
    "7401014005850001",  # day 40: 0 for a woman
    "7401010005850001",  # day 00
    "7401013102850001",  # 31 February
    "7401017102850001",  # 31 February, woman
    "7401012902000001",  # 29 February 2000
    "7401012902010001",  # 29 February 2001: not in the calendar
    "7401011300850001",  # month 00
    "7401011713850001",  # month 13
    "7401015705850000",  # serial 0000
    f"7401010101{(YY + 1) % 100:02d}0001",  # next year: previous century
    f"740101{TODAY.day:02d}{TODAY.month:02d}{YY:02d}0001",  # born today
    f"740101{31:02d}{12:02d}{YY:02d}0001",  # later this year (or today): previous century
    "740101570585000",  # 15 digits
    "74010157058500012",  # 17 digits
    "7401AB5705850001",
    "7.40101E+15",
    "'7.40101E+15",
    "7401 0157 0585 0001",
    " 740101 570585 0001 ",
    "7401.0157.0585.0001",
    "'7401015705850001",
    "''7401015705850001",
    "' 7401015705850001",
    "7401-0157-0585-0001",
    "7401\t0157 0585 0001",
    "７４０１０１５７０５８５０００１",  # full-width digits: the general parser decides
    "٧٤٠١٠١٥٧٠٥٨٥٠٠٠١",
    7401015705850001,
    7401015705850001.0,
    7.40101e15,
    740101570585.5,
    1e16,
    -7401015705850001,
    999999999999999,
]


def _general(raw):
    """What the checker did before the fast path: ``values.nik`` and the region register."""
    try:
        info = v.nik(raw, TODAY)
    except v.CellError as error:
        return None, [error.message]
    return (info.nik, info.region_code, info.gender, info.birth_date), []


@pytest.mark.django_db
@pytest.mark.parametrize("raw", NIKS)
def test_nik_checker_agrees_with_the_general_parser(raw):
    checker = NikChecker()
    for _ in range(2):  # the second time from the checker's lookups
        errors, warnings = [], []
        info = checker.check(raw, errors=errors, warnings=warnings)
        expected, expected_errors = _general(raw)
        assert errors == [("NIK", message) for message in expected_errors]
        if expected is None:
            assert info is None
            continue
        assert (info.nik, info.region_code, info.gender, info.birth_date) == expected
        known = expected[1] in checker.known_kecamatan
        assert bool(warnings) is not known


def test_plain_nik_only_takes_ascii_digits():
    assert plain_nik("7401015705850001") == "7401015705850001"
    assert plain_nik("'7401 0157.0585 0001 ") == "7401015705850001"
    assert plain_nik(7401015705850001.0) == "7401015705850001"
    assert plain_nik("７４０１０１５７０５８５０００１") is None
    assert plain_nik("7401-0157-0585-0001") is None  # the general parser takes it
    assert plain_nik(True) is None
    assert plain_nik(1e16) is None


@pytest.mark.django_db
def test_nik_checker_mismatches_on_the_fast_path():
    checker = NikChecker()
    errors, warnings = [], []
    assert checker.check("7401015705850001", gender="L", errors=errors, warnings=warnings, column="NIK Pemilik") is None
    assert errors == [("NIK Pemilik", "Jenis kelamin tidak sesuai dengan NIK (NIK menunjukkan perempuan).")]
    errors = []
    assert checker.check("7401015705850001", birth_date=date(1985, 5, 18), errors=errors, warnings=warnings) is None
    assert errors == [("NIK", "Tanggal lahir tidak sesuai dengan NIK (NIK menunjukkan 17 Mei 1985).")]
    errors = []
    info = checker.check("7401015705850001", gender="P", birth_date=date(1985, 5, 17), errors=errors, warnings=warnings)
    assert info.nik == "7401015705850001"
    assert errors == []
    assert warnings == []


@pytest.mark.django_db
def test_unknown_region_warning_is_repeated_for_every_row():
    checker = NikChecker()
    for serial in ("0001", "0002"):
        errors, warnings = [], []
        assert checker.check(f"990101570585{serial}", errors=errors, warnings=warnings) is not None
        assert warnings == [
            ("NIK", "Kode wilayah NIK 99.01.01 tidak ada di daftar wilayah Kemendagri (mungkin wilayah lama atau pemekaran).")
        ]


DATES = [
    "12/01/2024",
    "12-01-2024",
    "12.01.2024",
    "12/01-2024",
    "2024-01-12",
    "31/02/2024",
    "29/02/2023",
    "29/02/2024",
    "00/01/2024",
    "12/13/2024",
    "0000-01-12",
    "2024-13-01",
    "2024-1-12",
    "1/1/2024",
    " 12/01/2024",
    "2024/01/12",
    "١٢/٠١/٢٠٢٤",
    "12 Januari 2024",
    "12x01x2024",
    "12 01 2024",
    "12/01/2O24",
    "2024-01/12",
    "2024/01-12",
]


def _general_date(raw):
    """``parse_date`` without its fast path: a leading space (which it strips) skips the fast path."""
    try:
        return v.parse_date(" " + raw)
    except v.CellError as error:
        return error.message


@pytest.mark.parametrize("raw", DATES)
def test_date_fast_path_agrees_with_the_general_parser(raw):
    try:
        result = v.parse_date(raw)
    except v.CellError as error:
        result = error.message
    assert result == _general_date(raw)


@pytest.mark.parametrize(
    ("parser", "label", "normaliser", "value"),
    [
        (v.kpj, "KPJ", identifiers.normalize_kpj, "24012345678"),
        (v.nib, "NIB", identifiers.normalize_nib, "1234567890123"),
        (v.kbli, "KBLI", identifiers.normalize_kbli, "56103"),
        (v.npwp, "NPWP", identifiers.normalize_npwp, "0123456789012345"),
        (v.npp, "NPP", identifiers.normalize_npp, "12345678"),
    ],
)
def test_identifier_fast_paths_agree_with_the_normalisers(parser, label, normaliser, value):
    for raw in (value, value[:-1], value + "1", f" {value}", f"'{value}", value[:2] + "." + value[2:], "٣" * len(value), "1²" + value[2:]):
        try:
            expected = v._normalised(raw, label, normaliser)
        except v.CellError as error:
            expected = error.message
        try:
            result = parser(raw)
        except v.CellError as error:
            result = error.message
        assert result == expected


@pytest.mark.parametrize(
    "raw", ["081234567890", "+6281234567890", "6281234567890", "0812-3456-7890", "81234567890", "08123", "٠٨١٢٣٤٥٦٧٨٩٠"]
)
def test_phone_fast_path_agrees_with_the_normaliser(raw):
    try:
        expected = identifiers.normalize_phone(raw)
    except Exception:  # noqa: BLE001 - compared below
        expected = "error"
    try:
        result = v.phone(raw)
    except v.CellError:
        result = "error"
    assert result == expected


@pytest.mark.parametrize(("parser", "label"), [(v.rupiah, "rupiah"), (v.whole_number, "Angka")])
@pytest.mark.parametrize("raw", ["²", "74010157058500²1", "1²"])
def test_superscript_digits_are_refused_not_a_crash(parser, label, raw):
    with pytest.raises(v.CellError) as error:
        parser(raw)
    assert label.lower() in error.value.message.lower()


def test_plain_digit_amounts_and_counts():
    assert v.rupiah("1500000") == 1_500_000
    with pytest.raises(v.CellError):  # ASCII digits only (core.money)
        v.rupiah("٥")
    assert v.whole_number("7") == 7
    assert v.whole_number("5.0") == 5  # a zero fraction, not a thousands separator
    assert v.whole_number("1.500") == 1500  # a dot before three digits is one


def _memo(parser, required=False):
    return CellMemo(parser, "Kolom", required)


def test_memo_parses_each_text_once_and_repeats_refusals():
    calls = []

    def parser(value):
        calls.append(value)
        return v.rupiah(value)

    memo = _memo(parser)
    assert [memo["Rp 1.500.000"], memo["Rp 1.500.000"], memo["1500000"]] == [1_500_000, 1_500_000, 1_500_000]
    assert calls == ["Rp 1.500.000", "1500000"]
    errors = []
    assert memo.take("lima juta", errors) is None
    assert memo.take("lima juta", errors) is None
    message = "Nilai rupiah lima juta tidak dikenali (contoh: Rp 1.500.000 atau 1500000)."
    assert errors == [("Kolom", message), ("Kolom", message)]
    assert calls.count("lima juta") == 1


def test_memo_blank_cells():
    errors = []
    assert _memo(v.boolean).take("", errors) is None
    assert _memo(v.boolean).take("  ", errors) is None
    assert _memo(v.boolean).take(None, errors) is None
    assert errors == []
    required = _memo(v.boolean, required=True)
    for blank in ("", " ", None, ""):
        assert required.take(blank, errors) is None
    assert errors == [("Kolom", "Kolom wajib diisi.")] * 4


def test_memo_does_not_confuse_numbers_booleans_and_text():
    memo = _memo(v.rupiah)
    assert memo["1"] == 1
    assert memo[1.0] == 1
    assert memo[1] == 1
    assert isinstance(memo[True], Refused)
    assert memo[1.4] == 1
    assert set(memo) == {"1"}  # only text is kept
    dates = _memo(v.parse_date)
    assert dates[datetime(2024, 1, 12, 10, 0)]  # noqa: DTZ001 - a spreadsheet cell's datetime is naive == date(2024, 1, 12)
    assert dates[45303] == date(2024, 1, 12)


def test_memo_keeps_the_language_of_its_run():
    with translation.override("en"):
        memo = _memo(v.boolean)
        errors = []
        memo.take("mungkin", errors)
    assert errors == [("Kolom", "The value mungkin is not recognised (enter ya/tidak, Y/T or 1/0).")]


def test_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(v, "MEMO_LIMIT", 3)
    memo = _memo(v.whole_number)
    assert [memo[str(n)] for n in range(10)] == list(range(10))
    assert len(memo) == 3


@pytest.mark.django_db
def test_region_resolver_reports_a_repeated_bad_cell_every_time():
    resolver = RegionResolver()
    for _ in range(3):
        errors = []
        assert (
            resolver.resolve("Wundulako", "Desa Antah", kecamatan_header="Kecamatan", desa_header="Desa/Kelurahan", errors=errors) is None
        )
        assert errors == [("Desa/Kelurahan", "Desa/kelurahan Desa Antah tidak dikenal di Kecamatan Wundulako.")]
    for kecamatan, desa in (
        ("74.01.01", "74.01.01.1002"),
        (740101.0, 7401011002.0),
        ("WUNDULAKO", "kel. wundulako"),
        (None, "74.01.01.1002"),
    ):
        errors = []
        region = resolver.resolve(kecamatan, desa, kecamatan_header="Kecamatan", desa_header="Desa/Kelurahan", errors=errors)
        assert errors == []
        assert region.code == "74.01.01.1002"


@pytest.mark.django_db
def test_umkm_clean_repeats_errors_of_repeated_cells():
    importer = get_importer("umkm")
    ctx = importer.prepare()
    raw = {
        "nik": "7401015705850001",
        "owner_name": "Siti",
        "gender": "X",
        "birth_date": "31/02/1985",
        "name": "Warung",
        "capital": "lima juta",
        "annual_sales": "lima juta",
        "worker_count": "²",
        "in_official_db": "mungkin",
        "desa": "Wundulako",
    }
    first = importer.clean(dict(raw), ctx)
    second = importer.clean(dict(raw), ctx)
    assert first.record is None
    assert first.errors == second.errors
    assert [column for column, _message in first.errors] == [
        "Jenis Kelamin",
        "Tanggal Lahir",
        "Modal Usaha",
        "Omzet Tahunan",
        "Jumlah Pekerja",
        "Terdata Resmi",
    ]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_csv_rows_through_django_file_wrappers(bom):
    data = bom + b"NIK;Nama\n7401015705850001;Siti Aminah\n"
    expected = [["NIK", "Nama"], ["7401015705850001", "Siti Aminah"]]
    for wrap in (lambda f: f, File, lambda f: File(File(f, name="x.csv"), name="x.csv")):
        stream = io.BytesIO(data)
        rows, total = readers.iter_rows(wrap(stream), readers.CSV)
        assert (list(rows), total) == (expected, 2)
        assert not stream.closed  # left open for its owner
