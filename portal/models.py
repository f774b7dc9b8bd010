"""What a cooperative told the register about a person it holds a position for.

The shared ``enrollment.Person`` record belongs to the register (the Dinas and BPJS change it). A
cooperative head who adds a board member or employee by NIK supplies a name, and optionally a phone
and address; those are kept here, one row per position, and are all his portal shows and lets him
correct. The person's own phone and address in the register are never shown to him nor changed by
him.
"""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def name_key(name: str) -> str:
    """A name compared case- and spacing-insensitively (``"Wa  ode sitti"`` == ``"WA ODE SITTI"``)."""
    return "".join(unicodedata.normalize("NFKC", str(name or "")).split()).casefold()


class SuppliedPersonData(models.Model):
    """The name, phone and address a cooperative typed for the holder of one of its positions."""

    position = models.OneToOneField("cooperatives.Position", verbose_name=_("jabatan"), on_delete=models.CASCADE, related_name="supplied")
    name = models.CharField(_("nama yang diisi koperasi"), max_length=150)
    phone = models.CharField(_("telepon yang diisi koperasi"), max_length=20, blank=True)
    address = models.CharField(_("alamat yang diisi koperasi"), max_length=255, blank=True)
    supplied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diisi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("data orang dari koperasi")
        verbose_name_plural = _("data orang dari koperasi")

    def __str__(self):
        return self.name
