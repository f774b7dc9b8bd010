"""The deployment's identity: one "Instansi" record per deployment (a singleton, pk = 1).

Everything that names the regency, its Dinas, its BPJS branch, the letter's code and numbering,
the addressees, the signatory, the time zone and the public address is read from here; nothing in
code or templates names a regency. ``manage.py setup_regency CODE`` creates it for a kabupaten/kota
of the bundled Kemendagri data; the Django admin edits it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (Asia/Jakarta)")
    WITA = "Asia/Makassar", _("WITA (Asia/Makassar)")
    WIT = "Asia/Jayapura", _("WIT (Asia/Jayapura)")


# Province (Kemendagri two-digit code) → Indonesian time zone (UU/Keppres 41/1987).
_WIB = {"11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35", "36", "61", "62"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96", "97"}


def time_zone_for(region_code: str) -> str:
    """WIB, WITA or WIT from the province part of a Kemendagri code."""
    province = str(region_code or "").split(".")[0]
    if province in _WIB:
        return TimeZone.WIB
    if province in _WIT:
        return TimeZone.WIT
    return TimeZone.WITA


DEFAULT_NUMBER_PATTERN = "{seq:04d}/{code}/{month}/{year}"

_region_code = RegexValidator(r"^\d{2}\.\d{2}$", _("Kode Kemendagri kabupaten/kota, mis. 74.03."))
_letter_code = RegexValidator(r"^[A-Z0-9][A-Z0-9.-]{0,19}$", _("Huruf besar, angka, titik atau tanda hubung, maks. 20."))


class Instansi(models.Model):
    """The regency this deployment serves and the two agencies that run it."""

    region_code = models.CharField(_("kode kabupaten/kota (Kemendagri)"), max_length=5, validators=[_region_code])
    region_name = models.CharField(_("nama kabupaten/kota"), max_length=120, help_text=_("Mis. Kabupaten Konawe."))
    province_name = models.CharField(_("provinsi"), max_length=120, blank=True)
    place_name = models.CharField(
        _("nama tempat"), max_length=80, help_text=_('Tempat surat dibuat dan tujuan surat ("di ..."), mis. Unaaha.')
    )
    time_zone = models.CharField(_("zona waktu"), max_length=40, choices=TimeZone, default=TimeZone.WITA)
    site_url = models.URLField(_("alamat situs publik"), max_length=200, blank=True, help_text=_("Dipakai di kode QR dan pesan."))

    dinas_name = models.CharField(_("nama Dinas"), max_length=255)
    dinas_head_title = models.CharField(_("jabatan kepala Dinas"), max_length=255)
    dinas_address = models.CharField(_("alamat Dinas"), max_length=255, blank=True)
    dinas_phone = models.CharField(_("telepon Dinas"), max_length=40, blank=True)
    dinas_email = models.EmailField(_("email Dinas"), blank=True)
    dinas_logo = models.CharField(_("logo Dinas (berkas static)"), max_length=200, blank=True)

    branch_parent = models.CharField(_("induk kantor cabang"), max_length=120, default="BPJS Ketenagakerjaan")
    branch_office = models.CharField(_("nama kantor cabang"), max_length=255, help_text=_("Mis. Kantor Cabang Konawe."))
    branch_address = models.CharField(_("alamat kantor cabang"), max_length=255, blank=True)
    branch_phone = models.CharField(_("telepon kantor cabang"), max_length=40, blank=True)
    branch_email = models.EmailField(_("email kantor cabang"), blank=True)
    branch_website = models.CharField(_("situs kantor cabang"), max_length=120, blank=True, default="www.bpjsketenagakerjaan.go.id")
    branch_logo = models.CharField(_("logo kop surat (berkas static)"), max_length=200, blank=True, default="img/letterhead-logo.svg")

    letter_code = models.CharField(
        _("kode klasifikasi surat"), max_length=20, validators=[_letter_code], help_text=_("Bagian tengah nomor surat.")
    )
    number_pattern = models.CharField(
        _("pola nomor surat"),
        max_length=60,
        default=DEFAULT_NUMBER_PATTERN,
        help_text=_("Bagian: {seq:04d} nomor urut, {code} kode klasifikasi, {month} bulan Romawi, {year} tahun."),
    )
    addressee_licence = models.CharField(_("tujuan surat untuk izin baru"), max_length=255)
    addressee_evaluation = models.CharField(_("tujuan surat untuk evaluasi status"), max_length=255)
    signatory_title = models.CharField(_("jabatan penanda tangan"), max_length=150)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self):
        return f"{self.region_name} ({self.region_code})"

    @property
    def issuer_name(self) -> str:
        return f"{self.branch_parent} {self.branch_office}".strip()

    def format_number(self, *, sequence: int, code: str, month: str, year: int) -> str:
        return self.number_pattern.format(seq=sequence, code=code, month=month, year=year)

    def clean(self):
        try:
            number = self.format_number(sequence=42, code=self.letter_code or "X", month="XI", year=2026)
        except (KeyError, IndexError, ValueError):
            raise ValidationError({"number_pattern": _("Pola nomor hanya boleh memakai {seq}, {code}, {month} dan {year}.")}) from None
        if "42" not in number or (self.letter_code and self.letter_code not in number):
            raise ValidationError({"number_pattern": _("Pola nomor harus memuat nomor urut dan kode klasifikasi.")})
        if len(number) > 40:
            raise ValidationError({"number_pattern": _("Nomor surat yang dihasilkan lebih dari 40 karakter.")})
