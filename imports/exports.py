"""Files the import pages hand out: the template per importer, the rejected rows, the reconciliation.

Every file goes through ``core.exports`` so cells that look like formulas are neutralised.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from core.exports import ExportTable, export_response, neutralize
from imports.base import Importer
from imports.models import ImportIssue, ImportJob, IssueKind

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_response(importer: Importer, fmt: str = "xlsx") -> HttpResponse:
    """The canonical columns with one example row; the header is on row 1 so it imports as is."""
    headers = [c.header for c in importer.columns]
    example = [c.example for c in importer.columns]
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([neutralize(h) for h in headers])
        writer.writerow([neutralize(str(e)) for e in example])
        response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="templat-impor-{importer.key}.csv"'
        return response
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Data")
    sheet.append([neutralize(h) for h in headers])
    sheet.append([neutralize(e) for e in example])
    for index, column in enumerate(importer.columns, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        # Identifiers as text so Excel keeps every digit.
        if column.key in {"nik", "nib", "kpj", "npp", "npwp", "phone", "nomor_induk", "kbli"}:
            for row in (2, 3, 4):
                sheet.cell(row=row, column=index).number_format = "@"
    notes = workbook.create_sheet(_("Petunjuk"))
    notes.append([_("Kolom"), _("Wajib"), _("Nama lain yang dikenali"), _("Contoh")])
    for column in importer.columns:
        notes.append(
            [
                neutralize(column.header),
                _("ya") if column.required else _("tidak"),
                neutralize(", ".join(column.aliases)),
                neutralize(str(column.example)),
            ]
        )
    import io

    xlsx_buffer = io.BytesIO()
    workbook.save(xlsx_buffer)
    response = HttpResponse(xlsx_buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="templat-impor-{importer.key}.xlsx"'
    return response


def rejected_rows_table(job: ImportJob, importer: Importer) -> ExportTable:
    """The rejected rows exactly as they were sent: every column of the file under its own header,
    each cell as uploaded (text stays text, numbers numbers, dates dates), then the reasons. Fixed
    and uploaded again, the rows import with nothing lost (the reason columns are left aside)."""
    from imports.pipeline import stored_cell_value

    source_headers = list((job.details or {}).get("headers") or [])
    errors_by_row: dict[int | None, list[str]] = {}
    values_by_row: dict[int | None, object] = {}
    for issue in ImportIssue.objects.filter(job=job, kind=IssueKind.ERROR).order_by("row_number", "id").iterator(chunk_size=2000):
        errors_by_row.setdefault(issue.row_number, []).append(f"{issue.column}: {issue.message}" if issue.column else issue.message)
        if issue.values:
            values_by_row[issue.row_number] = issue.values
    width = len(source_headers)
    for values in values_by_row.values():
        if isinstance(values, dict) and "cells" in values:
            width = max(width, len(values["cells"]))
    legacy = not source_headers  # a job recorded before the source columns were kept
    if legacy:
        source_headers = [c.header for c in importer.columns]
        width = len(source_headers)
    headers = [*source_headers, *[""] * (width - len(source_headers))]

    def rows():
        for number in sorted(errors_by_row):
            values = values_by_row.get(number) or {}
            if isinstance(values, dict) and "cells" in values:
                cells = [stored_cell_value(c) for c in values["cells"]]
                cells += [""] * (width - len(cells))
            else:  # older jobs: the mapped cells under their headers
                cells = [values.get(h, "") if isinstance(values, dict) else "" for h in headers]
            yield [*cells, "; ".join(errors_by_row[number]), number]

    return ExportTable(
        title=_("Baris ditolak: %(name)s") % {"name": job.file_name},
        headers=[*headers, "Kesalahan", "Baris asal"],
        rows=rows(),
        filters={_("Impor"): f"#{job.pk} {importer.label}"},
    )


def rejected_rows_response(job: ImportJob, importer: Importer, fmt: str = "xlsx") -> HttpResponse:
    return export_response(rejected_rows_table(job, importer), fmt, f"baris-ditolak-impor-{job.pk}")


def mismatch_table(job: ImportJob, issues) -> ExportTable:
    def rows():
        for issue in issues:
            data = issue.values or {}
            yield [
                issue.get_code_label(),
                issue.row_number or "",
                data.get("kpj", ""),
                data.get("nik_masked", ""),
                data.get("name", ""),
                issue.message,
            ]

    return ExportTable(
        title=_("Rekonsiliasi impor peserta #%(id)d") % {"id": job.pk},
        headers=[_("Jenis selisih"), _("Baris"), "KPJ", "NIK", _("Nama"), _("Keterangan")],
        rows=rows(),
        filters={_("Berkas"): job.file_name},
    )
