from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import identifiers
from core.formatting import tanggal
from core.scale import SCALE_ORDER, Scale  # noqa: F401 - re-exported: the UMKM register's own name for them


class DataSource(models.TextChoices):
    SURVEY = "survei", _("Survei lapangan")
    OSS = "oss", _("OSS / NIB")
    DINAS = "dinas", _("Basis data Dinas")
    IMPORT = "impor", _("Impor berkas")
    MANUAL = "manual", _("Entri manual")


class ScaleCriterion(models.Model):
    """The upper limits of a scale class (PP 7/2021), as dated data: a new regulation is a new row."""

    scale = models.CharField(_("kelas"), max_length=10, choices=Scale.choices)
    effective_from = models.DateField(_("berlaku sejak"))
    capital_max = models.PositiveBigIntegerField(_("modal usaha paling banyak (Rp)"))
    sales_max = models.PositiveBigIntegerField(_("hasil penjualan tahunan paling banyak (Rp)"))
    legal_basis = models.CharField(_("dasar hukum"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("kriteria kelas usaha")
        verbose_name_plural = _("kriteria kelas usaha")
        ordering = ["-effective_from", "capital_max"]
        constraints = [models.UniqueConstraint(fields=["scale", "effective_from"], name="scalecriterion_unique")]

    def __str__(self):
        return f"{self.get_scale_display()} sejak {tanggal(self.effective_from)}"


class BusinessQuerySet(models.QuerySet):
    def official(self):
        return self.filter(in_official_db=True)


class Business(models.Model):
    """An UMKM business and its owner."""

    name = models.CharField(_("nama usaha"), max_length=200)
    nib = models.CharField(_("NIB"), max_length=13, null=True, blank=True, unique=True, validators=[identifiers.validate_nib])
    owner = models.ForeignKey("enrollment.Person", verbose_name=_("pemilik"), on_delete=models.PROTECT, related_name="businesses")
    kbli = models.CharField(_("KBLI"), max_length=5, blank=True, validators=[identifiers.validate_kbli])
    capital = models.PositiveBigIntegerField(_("modal usaha (Rp)"), null=True, blank=True)
    annual_sales = models.PositiveBigIntegerField(_("hasil penjualan tahunan (Rp)"), null=True, blank=True)
    scale = models.CharField(_("kelas usaha"), max_length=10, choices=Scale.choices, default=Scale.MIKRO)
    worker_count = models.PositiveIntegerField(_("jumlah pekerja"), default=0)
    desa = models.ForeignKey(
        "regions.Region", verbose_name=_("desa/kelurahan"), on_delete=models.PROTECT, related_name="businesses", db_index=False
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    in_official_db = models.BooleanField(_("terdata di basis data resmi"), default=False)
    source = models.CharField(_("sumber data"), max_length=10, choices=DataSource, default=DataSource.MANUAL)
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        verbose_name=_("anggota koperasi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_businesses",
        db_index=False,
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = BusinessQuerySet.as_manager()

    class Meta:
        verbose_name = _("usaha (UMKM)")
        verbose_name_plural = _("usaha (UMKM)")
        ordering = ["name"]
        # Plain b-tree indexes only (no ``*_like`` twins), and only those a query uses: see
        # umkm/migrations/0003_business_indexes.py before adding one (each costs every import).
        indexes = [
            models.Index(fields=["desa"], name="business_desa"),
            models.Index(fields=["scale"], name="business_scale"),
            models.Index(fields=["cooperative"], condition=Q(cooperative__isnull=False), name="business_cooperative"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], condition=Q(nib__isnull=True), name="business_owner_name_without_nib"),
            models.CheckConstraint(condition=Q(scale__in=Scale.values), name="business_scale_valid"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("umkm:detail", args=[self.pk])
