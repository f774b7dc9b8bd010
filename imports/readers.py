"""Reading uploaded workbooks and CSV files as rows, after checking they are what they claim.

Accepted: ``.xlsx`` and ``.ods`` (complete zips whose every part expands to what it declares, XML
free of DTDs and entities, checked with defusedxml, not password-protected, no formula without a
cached value), ``.xls`` (Excel 97-2003, not encrypted), all read with python-calamine, and ``.csv``
in UTF-8 (BOM optional), UTF-16 (with BOM) or Windows-1252, ``,`` or ``;``. Anything else is
refused with the reason (``FileRejected``). Rows stream: CSV one line at a time, workbooks through
python-calamine's row iterator.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator

from django.core.files import File
from django.utils.translation import gettext as _

XLSX = "xlsx"
XLS = "xls"
ODS = "ods"
CSV = "csv"
WORKBOOKS = (XLSX, XLS, ODS)
# A workbook may expand to at most this many times its compressed size (zip bombs): checked on the
# sizes the archive declares and again on the bytes it really expands to (headers may lie).
MAX_XLSX_RATIO = 100
MAX_XLSX_UNCOMPRESSED = 2 * 1024**3
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# The encodings a CSV may have, in the order they are tried (named in the refusal).
CSV_ENCODINGS = "UTF-8, UTF-16 (dengan BOM), Windows-1252"
READ_BLOCK = 1 << 20
# A worksheet cell holding a formula and no cached value (<c ...><f>...</f></c>): its value would read as blank.
# An empty <v/> counts as none too, except in a text-result cell (t="str"), where it is an empty text.
_FORMULA_WITHOUT_VALUE = re.compile(rb"<c\b([^>]*)>\s*<f\b[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")
_TEXT_RESULT = re.compile(rb'\bt="str"')
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3}[0-9]+)"')


class FileRejected(Exception):
    """The file as a whole cannot be read; ``message`` is in Bahasa Indonesia."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _password_message() -> str:
    return _("Buku kerja dilindungi kata sandi dan tidak dapat dibaca: buka berkas, hapus kata sandinya, simpan, lalu unggah lagi.")


def _ole_is_encrypted_ooxml(handle) -> bool:
    """An OLE2 container holding an ``EncryptedPackage`` stream: how Excel and LibreOffice save a
    password-protected .xlsx."""
    handle.seek(0)
    marker = "EncryptedPackage".encode("utf-16-le")
    tail = b""
    while block := handle.read(READ_BLOCK):
        if marker in tail + block:
            handle.seek(0)
            return True
        tail = block[-len(marker) :]
    handle.seek(0)
    return False


def detect_kind(head: bytes, file_name: str) -> str:
    """``xlsx``, ``xls``, ``ods`` or ``csv`` from the content (the name's extension must agree)."""
    name = file_name.lower()
    if name.endswith((".xlsx", ".xlsm")):
        if head.startswith(OLE_MAGIC):
            return XLS  # Excel 97-2003 under the new extension, or a password-protected .xlsx (check_workbook)
        if not head.startswith(ZIP_MAGIC):
            raise FileRejected(_("Berkas bernama .xlsx tetapi isinya bukan buku kerja Excel (.xlsx)."))
        return XLSX
    if name.endswith(".xls"):
        if head.startswith(ZIP_MAGIC):
            return XLSX  # an .xlsx saved under the old extension
        if not head.startswith(OLE_MAGIC):
            raise FileRejected(_("Berkas bernama .xls tetapi isinya bukan buku kerja Excel 97-2003 (mungkin halaman web atau teks)."))
        return XLS
    if name.endswith(".ods"):
        if not head.startswith(ZIP_MAGIC):
            raise FileRejected(_("Berkas bernama .ods tetapi isinya bukan lembar kerja OpenDocument (LibreOffice)."))
        return ODS
    if name.endswith((".csv", ".txt")):
        if head.startswith((ZIP_MAGIC, OLE_MAGIC)):
            raise FileRejected(_("Berkas bernama .csv tetapi isinya buku kerja, bukan teks CSV."))
        return CSV
    raise FileRejected(_("Hanya berkas .xlsx, .xls, .ods atau .csv yang diterima."))


def check_workbook(handle, kind: str) -> None:
    """Refuse a workbook that is broken, hostile or unreadable, with the reason."""
    handle.seek(0)
    if kind == XLS:
        if _ole_is_encrypted_ooxml(handle):
            raise FileRejected(_password_message())
        return
    check_zip(handle, kind)


def check_xlsx(handle) -> None:
    check_zip(handle, XLSX)


def check_zip(handle, kind: str = XLSX) -> None:
    """Refuse an .xlsx/.ods that is no complete archive, lies about its sizes, is a zip bomb,
    carries DTDs/entities in its XML, is password-protected, or has formulas without cached values."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    label = ".ods" if kind == ODS else ".xlsx"
    handle.seek(0)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise FileRejected(
            _("Berkas %(kind)s terpotong atau rusak (arsip zip tidak lengkap); unggah ulang berkas aslinya.") % {"kind": label}
        ) from None
    with archive:
        names = set(archive.namelist())
        if kind == ODS:
            if "content.xml" not in names or "mimetype" not in names:
                raise FileRejected(_("Berkas .ods tidak berisi lembar kerja OpenDocument yang sah."))
        elif "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise FileRejected(_("Berkas .xlsx tidak berisi buku kerja Excel yang sah."))
        infos = archive.infolist()
        compressed = sum(i.compress_size for i in infos) or 1
        uncompressed = sum(i.file_size for i in infos)
        limit = min(MAX_XLSX_UNCOMPRESSED, compressed * MAX_XLSX_RATIO + 10 * 1024**2)
        if uncompressed > limit:
            raise FileRejected(_("Berkas %(kind)s tidak wajar (isi terkompresi terlalu besar); berkas ditolak.") % {"kind": label})
        if any(info.flag_bits & 0x1 for info in infos):
            raise FileRejected(_password_message())
        try:
            if kind == ODS:
                if archive.read("mimetype").strip() != ODS_MIMETYPE:
                    raise FileRejected(_("Berkas .ods bukan lembar kerja (jenis OpenDocument lain)."))
                if "META-INF/manifest.xml" in names and b"encryption-data" in archive.read("META-INF/manifest.xml"):
                    raise FileRejected(_password_message())
                parts: tuple[str, ...] = ("META-INF/manifest.xml",) if "META-INF/manifest.xml" in names else ()
            else:
                parts = ("[Content_Types].xml", "xl/workbook.xml")
            for part in parts:
                fromstring(archive.read(part), forbid_dtd=True)
            expanded = 0
            for info in infos:
                xml = info.filename.endswith((".xml", ".rels"))
                sheet = kind == XLSX and info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
                tail = b""
                first = True
                with archive.open(info) as stream:
                    while block := stream.read(READ_BLOCK):
                        expanded += len(block)
                        if expanded > limit:
                            raise FileRejected(
                                _("Berkas %(kind)s tidak wajar (isinya jauh lebih besar dari yang dinyatakan); berkas ditolak.")
                                % {"kind": label}
                            )
                        if xml and first and (b"<!DOCTYPE" in block[:4096] or b"<!ENTITY" in block[:4096]):
                            raise DefusedXmlException("DTD")
                        first = False
                        if sheet:
                            window = tail + block
                            found = next((m for m in _FORMULA_WITHOUT_VALUE.finditer(window) if not _TEXT_RESULT.search(m.group(1))), None)
                            if found:
                                ref = _CELL_REF.search(found.group(1))
                                raise FileRejected(
                                    _(
                                        "Sel %(cell)s berisi rumus tanpa nilai tersimpan, sehingga isinya tidak dapat dibaca. Buka berkas di "
                                        "Excel atau LibreOffice, simpan ulang (nilai rumus dihitung), atau salin lalu tempel sebagai nilai."
                                    )
                                    % {"cell": ref.group(1).decode() if ref else "?"}
                                )
                            tail = window[-4096:]
        except (DefusedXmlException, SyntaxError, ValueError):
            raise FileRejected(
                _("Berkas %(kind)s berisi XML yang tidak diizinkan (DTD/entitas); berkas ditolak.") % {"kind": label}
            ) from None
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError, NotImplementedError):
            raise FileRejected(
                _(
                    "Berkas %(kind)s rusak: isi arsipnya tidak sesuai dengan kepalanya (ukuran atau CRC salah, atau terpotong); "
                    "unggah ulang berkas aslinya."
                )
                % {"kind": label}
            ) from None
    handle.seek(0)


def _calamine_reason(error: Exception, label: str) -> str:
    text = str(error)
    lowered = text.lower()
    if "password" in lowered or "encrypt" in lowered or "filepass" in lowered:
        return _password_message()
    return _("Berkas %(kind)s tidak dapat dibaca (%(reason)s).") % {"kind": label, "reason": text[:200] or error.__class__.__name__}


def _open_workbook(handle, kind: str):
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_filelike(handle)
    except Exception as error:  # noqa: BLE001 - every reader failure is the file's
        raise FileRejected(_calamine_reason(error, "." + kind)) from None


def xlsx_sheet_names(handle, kind: str = XLSX) -> list[str]:
    workbook = _open_workbook(handle, kind)
    names = list(workbook.sheet_names)
    workbook.close()
    handle.seek(0)
    return names


def open_xlsx(handle, sheet: str = "", kind: str = XLSX) -> tuple[Iterator[list], int]:
    """Rows of the chosen sheet (the first when none is chosen) and the sheet's height; any
    workbook python-calamine reads (.xlsx, .xls, .ods)."""
    workbook = _open_workbook(handle, kind)
    label = "." + kind
    try:
        if sheet:
            if sheet not in workbook.sheet_names:
                raise FileRejected(_("Lembar kerja “%(sheet)s” tidak ada di berkas.") % {"sheet": sheet})
            worksheet = workbook.get_sheet_by_name(sheet)
        else:
            if not workbook.sheet_names:
                raise FileRejected(_("Berkas %(kind)s tidak memiliki lembar kerja.") % {"kind": label})
            worksheet = workbook.get_sheet_by_index(0)
    except FileRejected:
        raise
    except Exception as error:  # noqa: BLE001
        raise FileRejected(_calamine_reason(error, label)) from None
    # The used range may start below row 1: keep spreadsheet row numbers right.
    start_row = worksheet.start[0] if worksheet.start else 0

    def rows():
        for _index in range(start_row):
            yield []
        try:
            yield from worksheet.iter_rows()
        except Exception as error:  # noqa: BLE001 - a part that breaks while read is the file's
            raise FileRejected(_calamine_reason(error, label)) from None

    return rows(), start_row + worksheet.height


def _innermost(handle):
    """The file object under Django's ``File`` wrappers: the text wrapper asks its buffer whether it
    is ``closed`` on every line, which through the wrappers costs two properties a line."""
    while not isinstance(handle, io.IOBase) and isinstance(getattr(handle, "file", None), io.IOBase | File):
        handle = handle.file
    return handle


def _encoding_refused() -> FileRejected:
    return FileRejected(
        _("Enkode berkas CSV tidak dikenali (dicoba: %(encodings)s). Simpan dari Excel sebagai “CSV UTF-8”.") % {"encodings": CSV_ENCODINGS}
    )


def _nul_refused(line: int) -> FileRejected:
    return FileRejected(
        _("Berkas CSV berisi karakter NUL (byte nol) di baris %(line)d: berkas rusak atau bukan teks. Simpan ulang sebagai CSV.")
        % {"line": line}
    )


def csv_encoding(handle) -> tuple[str, int, int]:
    """The CSV's encoding (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252), the bytes
    to skip (a UTF-8 BOM) and its line count, from one pass over the whole file. A NUL anywhere, or
    bytes no accepted encoding can read, refuse the file with the reason."""
    handle = _innermost(handle)
    handle.seek(0)
    head = handle.read(4)
    handle.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoder = codecs.getincrementaldecoder("utf-16")()
        lines, last_text = 0, ""
        try:
            while block := handle.read(READ_BLOCK):
                text = decoder.decode(block)
                if "\x00" in text:
                    raise _nul_refused(lines + text[: text.index("\x00")].count("\n") + 1)
                lines += text.count("\n")
                last_text = text or last_text
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise FileRejected(_("Berkas CSV berenkode UTF-16 tetapi isinya rusak (tidak dapat dibaca sebagai UTF-16).")) from None
        handle.seek(0)
        return "utf-16", 0, lines + (1 if last_text and not last_text.endswith("\n") else 0)
    skip = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    utf8 = codecs.getincrementaldecoder("utf-8")()
    valid_utf8 = True
    cp1252_ok = True
    lines, last = 0, b""
    handle.seek(skip)
    first = True
    while block := handle.read(READ_BLOCK):
        if b"\x00" in block:
            if first and skip == 0 and (block[1:2] == b"\x00" or block[:1] == b"\x00"):
                raise FileRejected(
                    _("Berkas CSV tampaknya berenkode UTF-16 tanpa BOM; simpan ulang sebagai “CSV UTF-8” (atau UTF-16 dengan BOM).")
                )
            raise _nul_refused(lines + block[: block.index(b"\x00")].count(b"\n") + 1)
        first = False
        if valid_utf8:
            try:
                utf8.decode(block)
            except UnicodeDecodeError:
                valid_utf8 = False
        if not valid_utf8 and cp1252_ok:
            try:
                block.decode("cp1252")
            except UnicodeDecodeError:
                cp1252_ok = False
        lines += block.count(b"\n")
        last = block
    if valid_utf8:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            valid_utf8 = False
    handle.seek(0)
    count = lines + (1 if last and not last.endswith(b"\n") else 0)
    if valid_utf8:
        return "utf-8", skip, count
    if skip:  # a UTF-8 BOM, then bytes that are not UTF-8
        raise FileRejected(_("Berkas CSV bertanda UTF-8 (BOM) tetapi isinya bukan UTF-8 yang sah."))
    if cp1252_ok:
        # Windows-1252 was only checked for the blocks after UTF-8 failed: check the whole file.
        handle.seek(0)
        while block := handle.read(READ_BLOCK):
            try:
                block.decode("cp1252")
            except UnicodeDecodeError:
                raise _encoding_refused() from None
        handle.seek(0)
        return "cp1252", 0, count
    raise _encoding_refused()


def iter_csv(handle, encoding: str = "utf-8", skip: int | None = None) -> Iterator[list]:
    """Rows of a CSV in ``encoding`` (``csv_encoding``) separated by ``,`` or ``;``."""
    handle = _innermost(handle)
    if skip is None:
        head = handle.read(3)
        skip = len(codecs.BOM_UTF8) if head == codecs.BOM_UTF8 else 0
    handle.seek(skip)
    probe = io.TextIOWrapper(handle, encoding=encoding, newline="")
    try:
        first_line = probe.readline()
    except UnicodeDecodeError:
        raise _encoding_refused() from None
    finally:
        probe.detach()
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    handle.seek(skip)  # a UTF-16 decoder reads the BOM again
    stream = io.TextIOWrapper(handle, encoding=encoding, newline="")
    try:
        yield from csv.reader(stream, delimiter=delimiter)
    except UnicodeDecodeError:
        raise _encoding_refused() from None
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
    if kind in WORKBOOKS:
        check_workbook(handle, kind)
        return open_xlsx(handle, sheet, kind)
    encoding, skip, total = csv_encoding(handle)
    return iter_csv(handle, encoding, skip), total
