"""The size classes of a business (UU 20/2008, PP 7/2021), shared by every app that speaks of scale.

UMKM records, cooperatives (their employer scale stages the BPJS obligation) and participations
all classify by the same four classes, so the enum lives below all of them. The criteria that
decide a class on a date are data (`umkm.ScaleCriterion`); only the class names live here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scale(models.TextChoices):
    MIKRO = "mikro", _("Mikro")
    KECIL = "kecil", _("Kecil")
    MENENGAH = "menengah", _("Menengah")
    BESAR = "besar", _("Besar (bukan UMKM)")


SCALE_ORDER = [Scale.MIKRO, Scale.KECIL, Scale.MENENGAH, Scale.BESAR]
