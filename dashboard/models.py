from django.db import models
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

    indicator = models.CharField(_("indikator"), max_length=30, choices=Indicator.choices)
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


class DashboardSnapshot(models.Model):
    """Precomputed dashboard figures for one filter combination, rebuilt by ``refresh_dashboard``
    (after imports and nightly). Used when the live aggregation is too slow for the data size."""

    key = models.CharField(_("kunci filter"), max_length=100, unique=True)
    data = models.JSONField(_("data"))
    computed_at = models.DateTimeField(_("dihitung pada"))
    duration_ms = models.PositiveIntegerField(_("lama hitung (ms)"), default=0)

    class Meta:
        verbose_name = _("ringkasan dasbor")
        verbose_name_plural = _("ringkasan dasbor")
        ordering = ["key"]

    def __str__(self):
        return self.key
