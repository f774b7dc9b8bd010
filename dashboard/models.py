from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Indicator(models.TextChoices):
    UMKM_OFFICIAL = "umkm_official", _("UMKM terdata di basis data resmi")
    UMKM_COVERED = "umkm_covered", _("UMKM resmi yang pemiliknya peserta aktif")
    COOP_ACTIVE = "coop_active", _("Koperasi aktif")
    COOP_COVERED = "coop_covered", _("Koperasi aktif yang terlindungi")
    COOP_COVERED_SHARE = "coop_covered_share", _("Persentase koperasi aktif yang terlindungi (%)")
    PARTICIPANTS_ACTIVE = "participants_active", _("Kepesertaan aktif")
    OUTREACH_EVENTS = "outreach_events", _("Kegiatan sosialisasi dalam tahun berjalan")


PERCENT_INDICATORS = {Indicator.COOP_COVERED_SHARE}


class Target(models.Model):
    """A target value for one indicator and one year (regency-wide), set by the administrator."""

    indicator = models.CharField(_("indikator"), max_length=30, choices=Indicator)
    year = models.PositiveSmallIntegerField(_("tahun"))
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    notes = models.CharField(_("catatan"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("target indikator")
        verbose_name_plural = _("target indikator")
        ordering = ["-year", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_one_per_indicator_year"),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="target_value_positive"),
        ]

    def __str__(self):
        return f"{self.get_indicator_display()} {self.year}: {self.value}"


class DashboardFact(models.Model):
    """One row of the dashboard's fact table (see ``dashboard.facts``): ``n`` entities of ``kind``
    in ``desa`` with dimensions ``a``/``b``, as a base count (level 0), the count at the end of the
    month ending ``day`` (level 1) or a change on ``day`` (level 2)."""

    level = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12)
    kecamatan = models.CharField(max_length=8, blank=True)
    desa = models.CharField(max_length=13, blank=True)
    a = models.CharField(max_length=30, blank=True)
    b = models.CharField(max_length=40, blank=True)
    day = models.DateField()
    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("fakta dasbor")
        verbose_name_plural = _("fakta dasbor")
        constraints = [models.UniqueConstraint(fields=["level", "kind", "desa", "a", "b", "day"], name="dashboardfact_key")]
        indexes = [models.Index(fields=["level", "day", "kecamatan"], name="dashboardfact_day")]

    def __str__(self):
        return f"{self.kind} {self.desa} {self.a} {self.b} {self.day}: {self.n}"


class FactMeta(models.Model):
    """The fact table's state: the last month end with per-month rows and the last full rebuild."""

    materialised_through = models.DateField(null=True)
    rebuilt_at = models.DateTimeField(null=True)

    def __str__(self):
        return f"through {self.materialised_through}"


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Sedang dibuat")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


def export_path(instance, filename):
    return f"exports/{timezone.now():%Y/%m}/{instance.pk}-{filename[-80:]}"


class ExportJob(models.Model):
    """A work-list export or the dashboard PDF, built by a background task (progress, then a
    download for the user who asked; the file is not served from MEDIA_URL)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("daftar"), max_length=20)
    fmt = models.CharField(_("format"), max_length=5)
    params = models.JSONField(_("filter"), default=dict, blank=True)
    title = models.CharField(_("judul"), max_length=200, blank=True)
    state = models.CharField(_("status"), max_length=10, choices=ExportState, default=ExportState.QUEUED)
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    done_rows = models.PositiveIntegerField(_("baris selesai"), default=0)
    file = models.FileField(_("berkas"), upload_to=export_path, max_length=255, blank=True)
    filename = models.CharField(_("nama berkas"), max_length=120, blank=True)
    message = models.CharField(_("pesan"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("ekspor")
        verbose_name_plural = _("ekspor")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind}.{self.fmt} ({self.get_state_display()})"

    @property
    def is_active(self) -> bool:
        return self.state in (ExportState.QUEUED, ExportState.RUNNING)

    @property
    def percent(self) -> int:
        if self.state == ExportState.DONE:
            return 100
        return min(99, int(self.done_rows * 100 / self.total_rows)) if self.total_rows else 0
