"""Management commands: import_umkm FILE [--dry-run], import_cooperatives, import_participants."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests.imports.helpers import UMKM_HEADER, csv_bytes
from umkm.models import Business

pytestmark = pytest.mark.django_db


def test_import_umkm_dry_run_then_commit(tmp_path):
    path = tmp_path / "survei.csv"
    path.write_bytes(csv_bytes([UMKM_HEADER, ["7401015705850001", "Siti", "Warung Siti", "", "", "", "", "", "", "Wundulako", ""]]))
    out = io.StringIO()
    call_command("import_umkm", str(path), "--dry-run", stdout=out)
    assert "PRATINJAU" in out.getvalue()
    assert "dibuat 1" in out.getvalue()
    assert not Business.objects.filter(name="Warung Siti").exists()
    out = io.StringIO()
    call_command("import_umkm", str(path), stdout=out)
    assert "DISIMPAN" in out.getvalue()
    assert "sudah diimpor" not in out.getvalue()
    assert Business.objects.filter(name="Warung Siti").exists()
    out = io.StringIO()
    call_command("import_umkm", str(path), stdout=out)
    assert "sudah diimpor" in out.getvalue()
    assert "tanpa perubahan 1" in out.getvalue()


def test_progress_is_printed(tmp_path, monkeypatch):
    from imports import pipeline

    monkeypatch.setattr(pipeline, "PROGRESS_EVERY", 2)
    rows = [UMKM_HEADER] + [[f"74010157058500{i:02d}", "Siti", f"Warung {i}", "", "", "", "", "", "", "Wundulako", ""] for i in range(1, 6)]
    path = tmp_path / "survei.csv"
    path.write_bytes(csv_bytes(rows))
    out = io.StringIO()
    call_command("import_umkm", str(path), "--dry-run", stdout=out)
    assert "2 / ~5 baris" in out.getvalue()


def test_commands_refuse_bad_files(tmp_path):
    path = tmp_path / "data.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(CommandError, match="Hanya berkas .xlsx, .xls, .ods atau .csv"):
        call_command("import_cooperatives", str(path))
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_participants", str(tmp_path / "nope.csv"))
