from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def region_q(field: str, *, kecamatan: str = "", desa: str = "") -> Q:
    """Rows whose village (the ``Region`` foreign key ``field``) is ``desa`` or lies in
    ``kecamatan``; no filter when both are empty. A desa outside the kecamatan matches nothing
    (a desa's code starts with its kecamatan's)."""
    if desa:
        if kecamatan and not desa.startswith(kecamatan + "."):
            return Q(pk__in=[])
        return Q(**{field: desa})
    if kecamatan:
        return Q(**{f"{field}__parent_id": kecamatan})
    return Q()


class RegionQuerySet(models.QuerySet):
    def kecamatan_of(self, kabupaten_code: str | models.Expression):
        return self.filter(kind=Region.Kind.KECAMATAN, parent_id=kabupaten_code).order_by("name")

    def villages(self):
        return self.filter(kind__in=(Region.Kind.DESA, Region.Kind.KELURAHAN))


class Region(models.Model):
    """A Kemendagri region: province, kabupaten/kota, kecamatan or desa/kelurahan.

    The code is the key (``74.01.01.2006``): it is what every source of data carries.
    """

    class Kind(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan")
        DESA = "desa", _("Desa")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100, db_index=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey("self", verbose_name=_("induk"), null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def is_village(self) -> bool:
        return self.kind in (self.Kind.DESA, self.Kind.KELURAHAN)

    @property
    def kecamatan_code(self) -> str:
        return self.code[:8]

    @property
    def nik_prefix(self) -> str:
        """The six digits a NIK of a person first registered here starts with."""
        return self.code[:8].replace(".", "")
