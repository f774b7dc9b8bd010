"""Safe spreadsheet exports (.xlsx and .csv) shared by every list in the product.

Every export neutralises cells that a spreadsheet would run as a formula and stamps the filters
used and the "data as of" time at the top, so a file found on a desk later still says what it is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import waktu

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def neutralize(value: object) -> object:
    """Prefix text that a spreadsheet would treat as a formula with an apostrophe."""
    if isinstance(value, str) and value and value.startswith(_FORMULA_PREFIXES):
        # A plain negative number typed as text is not a formula: keep it readable.
        stripped = value[1:].replace(".", "").replace(",", "")
        if value[0] == "-" and stripped.isdigit():
            return value
        return "'" + value
    return value


@dataclass
class ExportTable:
    """A titled table with the filters that produced it."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    filters: dict[str, str] = field(default_factory=dict)
    as_of: datetime | None = None

    def stamp_lines(self) -> list[list[str]]:
        as_of = self.as_of or timezone.now()
        lines = [[self.title], [_("Data per"), waktu(as_of)]]
        if self.filters:
            for key, value in self.filters.items():
                lines.append([_("Filter: %(name)s") % {"name": key}, str(value)])
        else:
            lines.append([_("Filter"), _("(tanpa filter)")])
        lines.append([])
        return lines


def _cell(value: object) -> object:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if value is None:
        return ""
    if isinstance(value, (int, float, date)):
        return value
    return neutralize(str(value))


def write_xlsx(table: ExportTable) -> bytes:
    """Stream rows into a write-only workbook; memory stays flat for long lists."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_safe_sheet_title(table.title))
    for line in table.stamp_lines():
        sheet.append([neutralize(v) for v in line])
    bold = Font(bold=True)
    header_cells = []
    for header in table.headers:
        cell = WriteOnlyCell(sheet, value=neutralize(str(header)))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in table.rows:
        sheet.append([_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(table: ExportTable) -> bytes:
    """UTF-8 with BOM and `;` so Excel in an Indonesian locale opens it in columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for line in table.stamp_lines():
        writer.writerow([neutralize(v) for v in line])
    writer.writerow([neutralize(str(h)) for h in table.headers])
    for row in table.rows:
        writer.writerow(["" if v is None else neutralize(v if isinstance(v, str) else str(_cell(v))) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


PROGRESS_EVERY = 2000


def write_file(table: ExportTable, fmt: str, handle: IO[bytes], *, on_progress: Callable[[int], object] | None = None) -> int:
    """Stream the table into the open binary file ``handle`` (``xlsx``: openpyxl write-only, rows
    go to a temporary file as they come; ``csv``: written line by line), calling
    ``on_progress(rows)`` every ``PROGRESS_EVERY`` rows. Memory stays flat whatever the length.
    Returns the number of rows written."""
    count = 0

    def counted(rows: Iterable[Sequence]) -> Iterator[Sequence]:
        nonlocal count
        for row in rows:
            yield row
            count += 1
            if on_progress and count % PROGRESS_EVERY == 0:
                on_progress(count)

    streamed = ExportTable(title=table.title, headers=table.headers, rows=counted(table.rows), filters=table.filters, as_of=table.as_of)
    if fmt == "csv":
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="", write_through=True)
        text.write("\ufeff")
        writer = csv.writer(text, delimiter=";")
        for line in streamed.stamp_lines():
            writer.writerow([neutralize(v) for v in line])
        writer.writerow([neutralize(str(h)) for h in streamed.headers])
        for row in streamed.rows:
            writer.writerow(["" if v is None else neutralize(v if isinstance(v, str) else str(_cell(v))) for v in row])
        text.flush()
        text.detach()
    else:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=_safe_sheet_title(streamed.title))
        for line in streamed.stamp_lines():
            sheet.append([neutralize(v) for v in line])
        bold = Font(bold=True)
        header_cells = []
        for header in streamed.headers:
            cell = WriteOnlyCell(sheet, value=neutralize(str(header)))
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in streamed.rows:
            sheet.append([_cell(v) for v in row])
        workbook.save(handle)
    return count


def _safe_sheet_title(title: str) -> str:
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\")
    return (cleaned or "Data")[:31]


def export_response(table: ExportTable, fmt: str, filename: str) -> HttpResponse:
    """An attachment response in ``xlsx`` or ``csv``."""
    if fmt == "csv":
        response = HttpResponse(write_csv(table), content_type="text/csv; charset=utf-8")
        extension = "csv"
    else:
        response = HttpResponse(
            write_xlsx(table),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        extension = "xlsx"
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{extension}"'
    return response
