"""Building test files in memory."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

UMKM_HEADER = [
    "NIK Pemilik",
    "Nama Pemilik",
    "Nama Usaha",
    "NIB",
    "KBLI",
    "Modal Usaha",
    "Omzet Tahunan",
    "Jumlah Pekerja",
    "Kecamatan",
    "Desa/Kelurahan",
    "Terdata Resmi",
]


def csv_bytes(rows: list[list], *, delimiter: str = ";", bom: bool = True) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(row)
    text = buffer.getvalue()
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def xlsx_bytes(rows: list[list], *, sheet: str = "Data", extra_sheets: dict | None = None, text_columns: set[int] | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for name, extra in (extra_sheets or {}).items():
        other = workbook.create_sheet(name)
        for row in extra:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
