"""The pipeline's pieces on their own: the staged-field layout, and the reader → cleaner → writer
stages with the counters they hand on."""

from __future__ import annotations

import pytest

from imports.base import STAGED_COLUMNS, StagedFields, get_importer
from imports.models import StagedRow
from imports.pipeline import Counters, IssueBuffer, OrmWriter, RowCleaner, SheetReader
from imports.services import job_create
from tests.factories import UserFactory, make_nik
from tests.imports.helpers import UMKM_HEADER, csv_bytes, upload
from umkm.importers import STAGED


def test_staged_fields_fit_the_staging_table():
    generic = [f.name for f in StagedRow._meta.concrete_fields if f.name.startswith("c") and f.name[1:].isdigit()]
    assert len(generic) == STAGED_COLUMNS
    assert len(STAGED.names) <= STAGED_COLUMNS
    with pytest.raises(ValueError, match="at most"):
        StagedFields(**{f"f{i}": "text" for i in range(STAGED_COLUMNS + 1)})


def test_staged_fields_map_in_order_and_read_typed():
    layout = StagedFields(nik="text", capital="bigint", in_official_db="boolean")
    assert layout.copy_columns() == "job_id, row_number, nkey, c01, c02, c03"
    assert layout.relation() == (
        "(SELECT id, job_id, row_number, nkey, c01 AS nik, c02::bigint AS capital, c03::boolean AS in_official_db FROM imports_stagedrow)"
    )


def test_the_umkm_sql_names_no_generic_column():
    """The staged SQL reads the rows by field name only (``StagedFields.relation``)."""
    import inspect
    import re

    import umkm.importers

    source = inspect.getsource(umkm.importers)
    assert not re.search(r"\bc\d\d\b", source)
    assert get_importer("umkm").staged_fields == STAGED.names


@pytest.mark.django_db
def test_reader_cleaner_and_writer_count_into_one_counters_object():
    user = UserFactory(username="dinas_stages", role="dinas")
    row = [make_nik(serial=1), "Siti", "Warung Siti", "", "56103", "Rp 15.000.000", "120.000.000", "2", "Wundulako", "Wundulako", "ya"]
    rows = [UMKM_HEADER, row, [], row, ["7.40101E+15", "Rusak", "Usaha Rusak", "", "", "", "", "", "", "Wundulako", ""]]
    job = job_create(user=user, importer_key="umkm", uploaded=upload(csv_bytes(rows), "survei.csv"), enqueue=False)
    importer = get_importer("umkm")
    ctx = importer.prepare(job)
    counters = Counters()
    issues = IssueBuffer(counters)
    writer = OrmWriter(job, importer, ctx, counters, issues)
    with SheetReader(job, importer) as reader:
        assert reader.header_number == 1
        cleaner = RowCleaner(job, importer, ctx, counters, issues, identifier_columns=reader.identifier_columns())
        numbers = []
        for number, cells, raw in reader.rows():
            numbers.append(number)
            record = cleaner.clean(number, cells, raw)
            if record is not None:
                writer.add(number, record)
    assert numbers == [2, 4, 5]  # the blank row 3 is skipped, its number kept
    assert (counters.processed, counters.valid, counters.errors, counters.duplicates) == (3, 2, 1, 1)
    assert [r["_row"] for r in writer.records] == [2]
    kinds = sorted(issue.kind for issue in issues.pending)
    assert kinds == ["error", "ganda"]
    counts, mismatches = writer.finish(commit=False)
    counters.record(counts)
    assert (counters.created, mismatches) == (1, [])
