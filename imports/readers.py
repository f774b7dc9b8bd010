"""Reading uploaded workbooks and CSV files as rows, after checking they are what they claim.

Only genuine ``.xlsx`` (a zip with a workbook part, its XML free of DTDs and entities, checked with
defusedxml) and UTF-8 ``.csv`` (with or without BOM, ``,`` or ``;``) are accepted. Rows stream:
CSV one line at a time, xlsx through python-calamine's row iterator.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator

from django.core.files import File
from django.utils.translation import gettext as _

XLSX = "xlsx"
CSV = "csv"
# A workbook may expand to at most this many times its compressed size (zip bombs).
MAX_XLSX_RATIO = 100
MAX_XLSX_UNCOMPRESSED = 2 * 1024**3


class FileRejected(Exception):
    """The file as a whole cannot be read; ``message`` is in Bahasa Indonesia."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def detect_kind(head: bytes, file_name: str) -> str:
    """``xlsx`` or ``csv`` from the content (the name's extension must agree)."""
    name = file_name.lower()
    if name.endswith(".xlsx"):
        if not head.startswith(b"PK\x03\x04"):
            raise FileRejected(_("Berkas bernama .xlsx tetapi isinya bukan buku kerja Excel (.xlsx)."))
        return XLSX
    if name.endswith((".csv", ".txt")):
        if head.startswith(b"PK\x03\x04") or b"\x00" in head:
            raise FileRejected(_("Berkas bernama .csv tetapi isinya bukan teks CSV."))
        return CSV
    if name.endswith(".xls"):
        raise FileRejected(_("Format .xls (Excel 97-2003) tidak diterima: simpan ulang sebagai .xlsx."))
    raise FileRejected(_("Hanya berkas .xlsx atau .csv yang diterima."))


def check_xlsx(handle) -> None:
    """Refuse a workbook that is not a real xlsx, is a zip bomb, or carries DTDs/entities in its XML."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError):
        raise FileRejected(_("Berkas .xlsx rusak atau bukan buku kerja Excel.")) from None
    with archive:
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise FileRejected(_("Berkas .xlsx tidak berisi buku kerja Excel yang sah."))
        infos = archive.infolist()
        compressed = sum(i.compress_size for i in infos) or 1
        uncompressed = sum(i.file_size for i in infos)
        if uncompressed > MAX_XLSX_UNCOMPRESSED or uncompressed > compressed * MAX_XLSX_RATIO + 10 * 1024**2:
            raise FileRejected(_("Berkas .xlsx tidak wajar (isi terkompresi terlalu besar); berkas ditolak."))
        try:
            for part in ("[Content_Types].xml", "xl/workbook.xml"):
                fromstring(archive.read(part), forbid_dtd=True)
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with archive.open(info) as stream:
                        head = stream.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise DefusedXmlException("DTD")
        except (DefusedXmlException, SyntaxError, ValueError):
            raise FileRejected(_("Berkas .xlsx berisi XML yang tidak diizinkan (DTD/entitas); berkas ditolak.")) from None
    handle.seek(0)


def xlsx_sheet_names(handle) -> list[str]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(handle)
        names = list(workbook.sheet_names)
        workbook.close()
    except Exception:
        raise FileRejected(_("Berkas .xlsx tidak dapat dibaca.")) from None
    handle.seek(0)
    return names


def open_xlsx(handle, sheet: str = "") -> tuple[Iterator[list], int]:
    """Rows of the chosen sheet (the first when none is chosen) and the sheet's height."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(handle)
    except Exception:
        raise FileRejected(_("Berkas .xlsx tidak dapat dibaca.")) from None
    if sheet:
        if sheet not in workbook.sheet_names:
            raise FileRejected(_("Lembar kerja “%(sheet)s” tidak ada di berkas.") % {"sheet": sheet})
        worksheet = workbook.get_sheet_by_name(sheet)
    else:
        if not workbook.sheet_names:
            raise FileRejected(_("Berkas .xlsx tidak memiliki lembar kerja."))
        worksheet = workbook.get_sheet_by_index(0)
    # The used range may start below row 1: keep spreadsheet row numbers right.
    start_row = worksheet.start[0] if worksheet.start else 0

    def rows():
        for _index in range(start_row):
            yield []
        yield from worksheet.iter_rows()

    return rows(), start_row + worksheet.height


def _innermost(handle):
    """The file object under Django's ``File`` wrappers: the text wrapper asks its buffer whether it
    is ``closed`` on every line, which through the wrappers costs two properties a line."""
    while not isinstance(handle, io.IOBase) and isinstance(getattr(handle, "file", None), io.IOBase | File):
        handle = handle.file
    return handle


def iter_csv(handle) -> Iterator[list]:
    """Rows of a UTF-8 CSV (BOM optional) separated by ``,`` or ``;``."""
    handle = _innermost(handle)
    raw = handle.read(64 * 1024)
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
        skip = len(codecs.BOM_UTF8)
    else:
        skip = 0
    try:
        sample = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(raw) - 4:
            raise FileRejected(_("Berkas CSV harus berenkode UTF-8 (simpan dari Excel sebagai “CSV UTF-8”).")) from None
        sample = raw[: error.start].decode("utf-8")
    first_line = sample.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    handle.seek(skip)
    stream = io.TextIOWrapper(handle, encoding="utf-8", newline="")
    try:
        yield from csv.reader(stream, delimiter=delimiter)
    except UnicodeDecodeError:
        raise FileRejected(_("Berkas CSV harus berenkode UTF-8 (simpan dari Excel sebagai “CSV UTF-8”).")) from None
    except csv.Error as error:
        raise FileRejected(_("Berkas CSV tidak dapat dibaca: %(error)s") % {"error": error}) from None
    finally:
        stream.detach()


def count_lines(handle) -> int:
    """Lines of a text file, read in blocks (for the progress bar's total)."""
    count = 0
    last = b""
    while block := handle.read(1024 * 1024):
        count += block.count(b"\n")
        last = block
    handle.seek(0)
    return count + (1 if last and not last.endswith(b"\n") else 0)


def iter_rows(handle, kind: str, sheet: str = "") -> tuple[Iterator[list], int]:
    """The rows of the file and how many there are (header included)."""
    if kind == XLSX:
        check_xlsx(handle)
        return open_xlsx(handle, sheet)
    total = count_lines(handle)
    return iter_csv(handle), total
