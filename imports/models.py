from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A running job whose progress has not moved for this long is considered dead and may be re-run.
STALE_AFTER_SECONDS = 120


class JobState(models.TextChoices):
    UPLOADED = "diunggah", _("Diunggah")
    CHECKING = "diperiksa", _("Sedang diperiksa")
    PREVIEWED = "pratinjau", _("Pratinjau siap")
    QUEUED = "antre", _("Menunggu giliran")
    RUNNING = "berjalan", _("Sedang disimpan")
    DONE = "selesai", _("Selesai")
    FAILED = "gagal", _("Gagal")
    REJECTED = "ditolak", _("Berkas ditolak")


ACTIVE_STATES = (JobState.UPLOADED, JobState.CHECKING, JobState.QUEUED, JobState.RUNNING)


def upload_path(instance, filename):
    stamp = timezone.now().strftime("%Y/%m")
    return f"imports/{stamp}/{instance.sha256[:16]}-{filename[-80:]}"


class ImportJob(models.Model):
    """One uploaded file and what happened to it: preview, then commit, with counts and timings."""

    importer = models.CharField(_("jenis impor"), max_length=30, db_index=True)
    file = models.FileField(_("berkas"), upload_to=upload_path, max_length=255)
    file_name = models.CharField(_("nama berkas"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("ukuran (byte)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    sheet = models.CharField(_("lembar kerja"), max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), null=True, blank=True, on_delete=models.SET_NULL, related_name="import_jobs"
    )
    state = models.CharField(_("status"), max_length=10, choices=JobState, default=JobState.UPLOADED, db_index=True)
    committed = models.BooleanField(_("sudah disimpan"), default=False)
    phase = models.CharField(_("tahap"), max_length=60, blank=True)
    message = models.TextField(_("pesan"), blank=True)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("berkas sama dengan"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    total_rows = models.PositiveIntegerField(_("baris data"), default=0)
    processed_rows = models.PositiveIntegerField(_("baris diproses"), default=0)
    valid_rows = models.PositiveIntegerField(_("baris sah"), default=0)
    created_count = models.PositiveIntegerField(_("dibuat"), default=0)
    updated_count = models.PositiveIntegerField(_("diperbarui"), default=0)
    unchanged_count = models.PositiveIntegerField(_("tanpa perubahan"), default=0)
    skipped_count = models.PositiveIntegerField(_("dilewati"), default=0)
    duplicate_count = models.PositiveIntegerField(_("baris ganda"), default=0)
    error_count = models.PositiveIntegerField(_("baris ditolak"), default=0)
    warning_count = models.PositiveIntegerField(_("peringatan"), default=0)
    details = models.JSONField(_("rincian"), default=dict, blank=True)
    created_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("kabar terakhir"), null=True, blank=True)

    class Meta:
        verbose_name = _("impor berkas")
        verbose_name_plural = _("impor berkas")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["importer", "sha256"], name="importjob_importer_hash")]

    def __str__(self):
        return f"{self.file_name} ({self.importer}, {self.get_state_display()})"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def is_waiting(self) -> bool:
        """Queued for the background worker, which has not picked it up yet."""
        return self.state in (JobState.UPLOADED, JobState.QUEUED)

    @property
    def is_stale(self) -> bool:
        """Queued or running, but the worker has not reported for a while (it died)."""
        if self.state not in (JobState.CHECKING, JobState.RUNNING, JobState.QUEUED, JobState.UPLOADED):
            return False
        reference = self.heartbeat_at or self.created_at
        return (timezone.now() - reference).total_seconds() > STALE_AFTER_SECONDS

    @property
    def percent(self) -> int:
        if self.state in (JobState.DONE, JobState.PREVIEWED):
            return 100
        if self.is_waiting:  # the counters still hold the previous run's figures
            return 0
        if not self.total_rows:
            return 0
        return min(99, int(self.processed_rows * 100 / self.total_rows))

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class IssueKind(models.TextChoices):
    ERROR = "error", _("Kesalahan")
    DUPLICATE = "ganda", _("Baris ganda")
    WARNING = "peringatan", _("Peringatan")
    MISMATCH = "selisih", _("Selisih rekonsiliasi")


MISMATCH_CODES = {
    "nik_unknown": _("NIK tidak dikenal di register"),
    "kpj_two_niks": _("Satu KPJ pada dua NIK"),
    "segment": _("Segmen tidak sesuai"),
    "board_lapsed": _("Pengurus koperasi tidak aktif"),
    "status_differs": _("Status BPJS berbeda dengan bulan terakhir dibayar"),
}


class ImportIssue(models.Model):
    """A problem found in a row (error, duplicate, warning) or a reconciliation mismatch."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="issues")
    kind = models.CharField(_("jenis"), max_length=10, choices=IssueKind, db_index=True)
    code = models.CharField(_("kode"), max_length=30, blank=True)
    row_number = models.PositiveIntegerField(_("baris"), null=True, blank=True)
    column = models.CharField(_("kolom"), max_length=60, blank=True)
    message = models.TextField(_("keterangan"))
    values = models.JSONField(_("isi baris"), null=True, blank=True)

    class Meta:
        verbose_name = _("temuan impor")
        verbose_name_plural = _("temuan impor")
        ordering = ["job", "row_number", "id"]
        indexes = [models.Index(fields=["job", "kind", "row_number"], name="importissue_job_kind_row")]

    def __str__(self):
        return f"{self.job_id} baris {self.row_number}: {self.message}"

    def get_code_label(self) -> str:
        return str(MISMATCH_CODES.get(self.code, self.code))


class StagedRow(models.Model):
    """A validated row on its way into the register (PostgreSQL COPY path).

    The writer COPYs the rows of a job here chunk by chunk inside the job's one transaction, drops
    the rows whose natural key an earlier row had, moves the chunk into the register and deletes
    the job's rows before the commit: staged rows are never visible to another connection, and a
    killed process leaves none. UNLOGGED on PostgreSQL (scratch data). Two indexes only: the
    chunk's rows by number, and earlier rows by natural key for the de-duplication.
    """

    job_id = models.BigIntegerField()
    row_number = models.PositiveIntegerField()
    nkey = models.TextField()
    c01 = models.TextField(null=True)
    c02 = models.TextField(null=True)
    c03 = models.TextField(null=True)
    c04 = models.TextField(null=True)
    c05 = models.TextField(null=True)
    c06 = models.TextField(null=True)
    c07 = models.TextField(null=True)
    c08 = models.TextField(null=True)
    c09 = models.TextField(null=True)
    c10 = models.TextField(null=True)
    c11 = models.TextField(null=True)
    c12 = models.TextField(null=True)
    c13 = models.TextField(null=True)
    c14 = models.TextField(null=True)
    c15 = models.TextField(null=True)
    c16 = models.TextField(null=True)
    c17 = models.TextField(null=True)
    c18 = models.TextField(null=True)

    class Meta:
        verbose_name = _("baris antara")
        verbose_name_plural = _("baris antara")
        indexes = [
            models.Index(fields=["job_id", "row_number"], name="stagedrow_job_row"),
            models.Index(fields=["job_id", "nkey"], name="stagedrow_job_nkey"),
        ]

    def __str__(self):
        return f"{self.job_id}:{self.row_number}"


class ColumnMapping(models.Model):
    """A file header an officer mapped to an importer's column (or marked "abaikan"): the next file
    with the same header maps by itself. ``header_key`` is the lenient form (``base.header_key``)."""

    importer = models.CharField(_("jenis impor"), max_length=30)
    header_key = models.CharField(_("judul kolom (bentuk longgar)"), max_length=200)
    header = models.CharField(_("judul kolom"), max_length=200)
    field = models.CharField(_("kolom tujuan"), max_length=40, blank=True, help_text=_("kosong: diabaikan"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)

    class Meta:
        verbose_name = _("pemetaan kolom impor")
        verbose_name_plural = _("pemetaan kolom impor")
        constraints = [models.UniqueConstraint(fields=["importer", "header_key"], name="columnmapping_importer_header")]

    def __str__(self):
        return f"{self.importer}: {self.header} → {self.field or '-'}"


class ChangeAction(models.TextChoices):
    CREATED = "dibuat", _("dibuat")
    UPDATED = "diperbarui", _("diperbarui")


class ImportChange(models.Model):
    """One register object an import created or changed, with the fields it changed: the audit
    trail of imports. Written in the job's own transaction (by ``INSERT ... RETURNING`` into this
    table on PostgreSQL, in bulk on SQLite); an unchanged row writes none, so re-running a file adds
    no history. ``model`` is the object's ``app_label.model_name``."""

    # Two indexes only, the smallest that serve the reads (the job's rows; an object's history):
    # each import writes one row per object it touches, and every index costs on that write.
    # No database FK constraint: PostgreSQL would check it with a trigger per row; the rows are
    # written by the job's own transaction, and deleting a job still deletes them (Django's cascade).
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="changes", db_constraint=False)
    model = models.CharField(_("jenis data"), max_length=40)
    object_id = models.BigIntegerField(_("ID data"))
    action = models.CharField(_("tindakan"), max_length=10, choices=ChangeAction)
    fields = models.JSONField(_("isian yang berubah"), default=list, blank=True)

    class Meta:
        verbose_name = _("perubahan oleh impor")
        verbose_name_plural = _("perubahan oleh impor")
        indexes = [models.Index(fields=["object_id", "model"], name="importchange_object")]

    def __str__(self):
        return f"#{self.job_id} {self.action} {self.model}:{self.object_id}"
