"""The shared body of ``import_umkm``, ``import_cooperatives`` and ``import_participants``."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from imports.models import ImportIssue, IssueKind, JobState
from imports.pipeline import run_job
from imports.services import job_create, parse_mapping


class ImportCommand(BaseCommand):
    importer_key = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx or .csv file")
        parser.add_argument("--dry-run", action="store_true", help="preview only: check and count, write nothing")
        parser.add_argument("--sheet", default="", help="worksheet name (default: the first)")
        parser.add_argument("--user", default="", help="username recorded on the job")
        parser.add_argument("--show-errors", type=int, default=20, help="how many row errors to print")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=FIELD",
            help='map a file column to a field (its key or template header), or "HEADER=abaikan" to ignore it; repeatable',
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        user = None
        if options["user"]:
            from accounts.models import User

            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Pengguna {options['user']} tidak ada.")
        try:
            mapping = parse_mapping(self.importer_key, options["map"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        started = time.perf_counter()
        with path.open("rb") as handle:
            try:
                job = job_create(
                    user=None,
                    importer_key=self.importer_key,
                    uploaded=File(handle, name=path.name),
                    sheet=options["sheet"],
                    enforce_size=False,
                    enqueue=False,
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        if user is not None:
            job.user = user
            job.save(update_fields=["user"])
        if mapping:
            job.details = {**(job.details or {}), "mapping": mapping}
            job.save(update_fields=["details"])
        if job.duplicate_of_id:
            self.stdout.write(f"Catatan: berkas yang sama sudah diimpor sebagai #{job.duplicate_of_id}.")
        verbosity = options["verbosity"]

        def progress(stats):
            if verbosity >= 1:
                total = max(stats.total, stats.processed) or 1
                self.stdout.write(
                    f"  {stats.processed:>9,} / ~{total:,} baris ({stats.processed * 100 // total:3d} %) · ditolak {stats.errors:,}"
                )

        job = run_job(job.pk, commit=not options["dry_run"], on_progress=progress)
        elapsed = time.perf_counter() - started
        self.print_columns(job)
        if job.state == JobState.REJECTED:
            raise CommandError(job.message)
        if job.state == JobState.FAILED:
            raise CommandError(job.message)
        mode = "PRATINJAU (tidak ada yang disimpan)" if options["dry_run"] else "DISIMPAN"
        self.stdout.write(self.style.SUCCESS(f"{mode}: impor #{job.pk} {job.file_name}"))
        self.stdout.write(
            f"  baris {job.processed_rows:,} · dibuat {job.created_count:,} · diperbarui {job.updated_count:,} · "
            f"tanpa perubahan {job.unchanged_count:,} · dilewati {job.skipped_count:,} · ganda {job.duplicate_count:,} · "
            f"ditolak {job.error_count:,} · peringatan {job.warning_count:,}"
        )
        mismatches = (job.details or {}).get("mismatches", 0)
        if mismatches:
            self.stdout.write(f"  selisih rekonsiliasi: {mismatches:,}")
        self.stdout.write(f"  waktu {elapsed:.2f} s {job.details.get('timings', {})}")
        for issue in ImportIssue.objects.filter(job=job, kind=IssueKind.ERROR).order_by("row_number", "id")[: options["show_errors"]]:
            self.stdout.write(f"  baris {issue.row_number} [{issue.column}] {issue.message}")

    def print_columns(self, job) -> None:
        """The file's columns: the field each became (and how), and every ignored column."""
        columns = (job.details or {}).get("columns") or []
        if not columns:
            return
        self.stdout.write("Kolom berkas:")
        for column in columns:
            if column["field"]:
                self.stdout.write(f"  ✓ {column['header']} → {column['field_header']} ({column['via']})")
        for column in columns:
            if not column["field"] and column["via"] != "keterangan":
                self.stdout.write(
                    self.style.WARNING(f'  ✗ {column["header"]}: diabaikan (petakan dengan --map "{column["header"]}=KOLOM")')
                )
