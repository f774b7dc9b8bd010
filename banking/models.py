"""The bank channel: API keys per bank, every verification (logged, never the NIK) and the
disbursements banks report back."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey

from core import identifiers


class Purpose(models.TextChoices):
    KUR = "KUR", _("Kredit Usaha Rakyat (KUR)")
    BPUM = "BPUM", _("Banpres Produktif Usaha Mikro (BPUM)")
    LAINNYA = "lainnya", _("Lainnya")


class Scheme(models.TextChoices):
    KUR_SUPER_MIKRO = "kur_super_mikro", _("KUR super mikro")
    KUR_MIKRO = "kur_mikro", _("KUR mikro")
    KUR_KECIL = "kur_kecil", _("KUR kecil")
    KUR_KHUSUS = "kur_khusus", _("KUR khusus")


# Permenko Perekonomian 1/2023: KUR kecil and khusus above this amount need an active participant.
SCHEMES_BELOW_RULE = (Scheme.KUR_SUPER_MIKRO, Scheme.KUR_MIKRO)


class Channel(models.TextChoices):
    API = "api", _("API")
    WEB = "web", _("Halaman pemeriksaan")


class BankApiKey(AbstractAPIKey):
    """A machine key of one bank: hashed (only the prefix is readable), expiring, revocable."""

    bank = models.ForeignKey("accounts.Bank", verbose_name=_("bank"), on_delete=models.PROTECT, related_name="api_keys")
    rate_per_minute = models.PositiveIntegerField(
        _("batas permintaan per menit"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Kosong: memakai batas bawaan (BANK_API_RATE_PER_MINUTE, bawaan 60)."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("kunci API bank")  # type: ignore[assignment]  # the library's Meta annotates a plain str
        verbose_name_plural = _("kunci API bank")  # type: ignore[assignment]

    def __str__(self):
        return f"{self.bank} · {self.name} ({self.prefix}…)"

    @property
    def effective_rate_per_minute(self) -> int:
        return self.rate_per_minute or int(getattr(settings, "BANK_API_RATE_PER_MINUTE", 60))


class BankVerification(models.Model):
    """One check by a bank, kept as the receipt: who asked, why, and what was answered.

    The NIK is never stored: ``nik_hash`` is an HMAC-SHA256 keyed with the project's secret, so a
    receipt can be matched to a later disbursement report without keeping the number.
    """

    receipt_id = models.CharField(_("nomor tanda terima"), max_length=24, unique=True)
    bank = models.ForeignKey("accounts.Bank", verbose_name=_("bank"), on_delete=models.PROTECT, related_name="verifications")
    api_key = models.ForeignKey(
        BankApiKey, verbose_name=_("kunci API"), null=True, blank=True, on_delete=models.SET_NULL, related_name="verifications"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("petugas"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(_("kanal"), max_length=3, choices=Channel, default=Channel.API)
    nik_hash = models.CharField(_("sidik NIK (HMAC)"), max_length=64, blank=True, db_index=True)
    nib = models.CharField(_("NIB"), max_length=13, blank=True, db_index=True)
    purpose = models.CharField(_("tujuan"), max_length=7, choices=Purpose)
    scheme = models.CharField(_("skema KUR"), max_length=15, choices=Scheme, blank=True)
    loan_amount = models.PositiveBigIntegerField(_("nilai pinjaman (Rp)"), null=True, blank=True)
    person = models.ForeignKey(
        "enrollment.Person", verbose_name=_("orang"), null=True, blank=True, on_delete=models.SET_NULL, related_name="bank_verifications"
    )
    is_active_participant = models.BooleanField(_("peserta aktif"))
    programmes = models.JSONField(_("program"), default=list, blank=True)
    segment = models.CharField(_("segmen"), max_length=5, blank=True)
    participant_since = models.DateField(_("peserta sejak"), null=True, blank=True)
    last_paid_month = models.DateField(_("bulan iuran terakhir"), null=True, blank=True)
    kur_rule_applies = models.BooleanField(_("aturan KUR berlaku"), default=False)
    kur_rule_met = models.BooleanField(_("aturan KUR terpenuhi"))
    as_of = models.DateField(_("per tanggal"))
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("pemeriksaan bank")
        verbose_name_plural = _("pemeriksaan bank")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["bank", "-created_at"], name="bankverif_bank_created"),
            models.Index(fields=["person", "-created_at"], name="bankverif_person_created"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(nik_hash="") | ~Q(nib=""), name="bankverif_subject_present"),
            models.CheckConstraint(condition=Q(purpose__in=Purpose.values), name="bankverif_purpose_valid"),
            models.CheckConstraint(condition=Q(kur_rule_applies=False) | Q(purpose="KUR"), name="bankverif_rule_only_kur"),
        ]

    def __str__(self):
        return self.receipt_id

    @property
    def subject_kind(self) -> str:
        return "NIB" if self.nib else "NIK"


class Disbursement(models.Model):
    """A loan a bank reports as disbursed; one per bank reference (reports are idempotent)."""

    bank = models.ForeignKey("accounts.Bank", verbose_name=_("bank"), on_delete=models.PROTECT, related_name="disbursements")
    api_key = models.ForeignKey(BankApiKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="disbursements")
    bank_reference = models.CharField(_("referensi bank"), max_length=64)
    borrower_nik_hash = models.CharField(_("sidik NIK peminjam (HMAC)"), max_length=64, blank=True, db_index=True)
    borrower_nib = models.CharField(_("NIB peminjam"), max_length=13, blank=True, validators=[identifiers.validate_nib])
    person = models.ForeignKey(
        "enrollment.Person", verbose_name=_("peminjam"), null=True, blank=True, on_delete=models.SET_NULL, related_name="disbursements"
    )
    business = models.ForeignKey(
        "umkm.Business", verbose_name=_("usaha"), null=True, blank=True, on_delete=models.SET_NULL, related_name="disbursements"
    )
    scheme = models.CharField(_("skema KUR"), max_length=15, choices=Scheme)
    amount = models.PositiveBigIntegerField(_("nilai penyaluran (Rp)"), validators=[MinValueValidator(1)])
    disbursed_on = models.DateField(_("tanggal penyaluran"), db_index=True)
    verification = models.ForeignKey(
        BankVerification,
        verbose_name=_("tanda terima pemeriksaan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disbursements",
    )
    created_at = models.DateTimeField(_("dilaporkan"), default=timezone.now)

    class Meta:
        verbose_name = _("penyaluran kredit")
        verbose_name_plural = _("penyaluran kredit")
        ordering = ["-disbursed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "bank_reference"], name="disbursement_unique_bank_reference"),
            models.CheckConstraint(condition=Q(amount__gte=1), name="disbursement_amount_positive"),
            models.CheckConstraint(condition=~Q(borrower_nik_hash="") | ~Q(borrower_nib=""), name="disbursement_borrower_present"),
        ]

    def __str__(self):
        return f"{self.bank.code}:{self.bank_reference}"
