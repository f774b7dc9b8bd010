"""Recommendation requests, the eligibility rule sets, letters and the licence/evaluation gate."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.formatting import tanggal


class Purpose(models.TextChoices):
    IZIN_BARU = "izin_baru", _("Izin koperasi baru")
    EVALUASI_STATUS = "evaluasi_status", _("Evaluasi status koperasi")


class RequestState(models.TextChoices):
    DIAJUKAN = "diajukan", _("Diajukan")
    DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")
    DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
    DITERBITKAN = "diterbitkan", _("Diterbitkan")
    DITOLAK = "ditolak", _("Ditolak")


OPEN_STATES = (RequestState.DIAJUKAN, RequestState.DIKEMBALIKAN, RequestState.DIVERIFIKASI)


class LetterStatus(models.TextChoices):
    VALID = "valid", _("BERLAKU")
    EXPIRED = "expired", _("KEDALUWARSA")
    REVOKED = "revoked", _("DICABUT")
    SUPERSEDED = "superseded", _("DIGANTI")


class ComplianceSettings(models.Model):
    """Editable letter settings (a singleton, pk = 1). The letter's identity (classification code,
    numbering pattern, addressees, issuer, signatory) is the deployment's Instansi record
    (``institution.models.Instansi``)."""

    validity_months = models.PositiveSmallIntegerField(
        _("masa berlaku (bulan)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pengaturan surat rekomendasi")
        verbose_name_plural = _("pengaturan surat rekomendasi")

    def __str__(self):
        return str(_("Pengaturan surat rekomendasi"))

    @classmethod
    def current(cls) -> ComplianceSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class RuleSet(models.Model):
    """A version of the eligibility rules, in force from a date; its limits are data."""

    version = models.CharField(_("versi"), max_length=20, unique=True)
    effective_from = models.DateField(_("berlaku sejak"), unique=True)
    bpu_max_arrears_months = models.PositiveSmallIntegerField(
        _("batas tunggakan BPU (bulan)"),
        default=3,
        help_text=_("Lebih dari batas ini peserta BPU nonaktif (PP 44/2015 jo. Permenaker 5/2021)."),
    )
    pu_max_arrears_months = models.PositiveSmallIntegerField(
        _("batas tunggakan PU (bulan)"),
        default=0,
        help_text=_("Bulan iuran PU yang lewat tanggal 15 bulan berikutnya dan belum dibayar; 0 = tidak boleh ada tunggakan."),
    )
    pu_fine_pct_per_month = models.DecimalField(_("denda keterlambatan PU (%/bulan)"), max_digits=4, decimal_places=2, default=2)
    jp_age_limit = models.PositiveSmallIntegerField(
        _("usia pensiun JP"), default=59, help_text=_("Karyawan di bawah usia ini wajib ikut JP.")
    )
    staged_by_scale = models.BooleanField(
        _("kewajiban program karyawan menurut skala usaha"),
        default=False,
        help_text=_(
            "Ya: aturan c mewajibkan program sesuai skala koperasi (Perpres 109/2013 Pasal 6 ayat 3). "
            "Tidak: JKK, JKM, JHT dan JP untuk setiap karyawan (versi 2025.1)."
        ),
    )
    notes = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aturan kelayakan")
        verbose_name_plural = _("aturan kelayakan")
        ordering = ["-effective_from"]

    def __str__(self):
        return f"{self.version} ({tanggal(self.effective_from)})"

    @classmethod
    def in_force(cls, as_of: date) -> RuleSet:
        """The rule set in force on ``as_of`` (a default one is created on first use)."""
        rule_set = cls.objects.filter(effective_from__lte=as_of).order_by("-effective_from").first()
        if rule_set is None:
            rule_set, _created = cls.objects.get_or_create(
                version="2025.1", defaults={"effective_from": date(2025, 1, 1), "notes": "Aturan awal KSO."}
            )
        return rule_set

    def limits(self) -> dict:
        return {
            "bpu_max_arrears_months": self.bpu_max_arrears_months,
            "pu_max_arrears_months": self.pu_max_arrears_months,
            "pu_fine_pct_per_month": str(self.pu_fine_pct_per_month),
            "jp_age_limit": self.jp_age_limit,
            "staged_by_scale": self.staged_by_scale,
        }


class RecommendationRequest(models.Model):
    """A request for a BPJS recommendation for one cooperative and one purpose."""

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", verbose_name=_("koperasi"), on_delete=models.PROTECT, related_name="recommendation_requests"
    )
    purpose = models.CharField(_("keperluan"), max_length=20, choices=Purpose)
    state = models.CharField(_("status"), max_length=15, choices=RequestState, default=RequestState.DIAJUKAN, db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("diajukan oleh"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("diverifikasi oleh")
    )
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("diputuskan oleh")
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    reason = models.TextField(_("alasan terakhir"), blank=True)
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("aturan"))
    eligibility = models.JSONField(_("hasil pemeriksaan terakhir"), default=dict)
    eligible = models.BooleanField(_("memenuhi syarat"), default=False)
    submitted_at = models.DateTimeField(_("diajukan pada"), db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("permohonan rekomendasi")
        verbose_name_plural = _("permohonan rekomendasi")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "purpose"],
                condition=Q(state__in=["diajukan", "dikembalikan", "diverifikasi"]),
                name="recommendation_one_open_per_purpose",
            ),
            models.CheckConstraint(condition=Q(purpose__in=Purpose.values), name="recommendation_purpose_valid"),
            models.CheckConstraint(condition=Q(state__in=RequestState.values), name="recommendation_state_valid"),
            models.CheckConstraint(
                condition=Q(verified_by__isnull=True)
                | Q(decided_by__isnull=True)
                | ~Q(verified_by=models.F("decided_by"))
                | ~Q(state="diterbitkan"),
                name="recommendation_four_eyes",
            ),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} · {self.cooperative}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("compliance:request_detail", args=[self.pk])


class RequestTransition(models.Model):
    """One state change of a request: who, when, from which state to which, why."""

    request = models.ForeignKey(RecommendationRequest, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("dari"), max_length=15, choices=RequestState, blank=True)
    to_state = models.CharField(_("menjadi"), max_length=15, choices=RequestState)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("oleh"))
    reason = models.TextField(_("alasan"), blank=True)
    eligible = models.BooleanField(_("memenuhi syarat saat itu"), null=True)
    at = models.DateTimeField(_("waktu"), db_index=True)

    class Meta:
        verbose_name = _("riwayat permohonan")
        verbose_name_plural = _("riwayat permohonan")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.request_id}: {self.from_state or '–'} → {self.to_state}"


class LetterCounter(models.Model):
    """The last sequence number issued for a year and classification code (locked while issuing)."""

    year = models.PositiveSmallIntegerField()
    classification_code = models.CharField(max_length=20)
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penghitung nomor surat")
        verbose_name_plural = _("penghitung nomor surat")
        constraints = [models.UniqueConstraint(fields=["year", "classification_code"], name="lettercounter_unique")]

    def __str__(self):
        return f"{self.classification_code}/{self.year}: {self.last_sequence}"


def new_token() -> str:
    """256 random bits, URL-safe: the letter's public verification key."""
    return secrets.token_urlsafe(32)


EXPIRING_DAYS = 30  # a valid letter ending within this many days is "expiring" (lists, panels, the digest)


class LetterQuerySet(models.QuerySet):
    """The letter states as filters; ``Letter.status_on`` is the same rule for one letter."""

    def current(self):
        """Neither revoked nor superseded (at most one per cooperative and purpose)."""
        return self.filter(revoked_at__isnull=True, superseded_at__isnull=True)

    def valid(self, as_of: date):
        """Current and in force on ``as_of``: issued by then, ``valid_until`` not passed."""
        return self.current().filter(issued_on__lte=as_of, valid_until__gte=as_of)

    def expiring(self, as_of: date, days: int = EXPIRING_DAYS):
        """Valid on ``as_of`` and ending within ``days`` (``valid_until`` inclusive)."""
        return self.valid(as_of).filter(valid_until__lte=as_of + timedelta(days=days))

    def expired(self, as_of: date):
        """Current, but ``valid_until`` is before ``as_of``."""
        return self.current().filter(valid_until__lt=as_of)

    def revoked(self):
        return self.filter(revoked_at__isnull=False)

    def superseded(self):
        """Replaced by a newer letter (and not revoked)."""
        return self.filter(superseded_at__isnull=False, revoked_at__isnull=True)


class Letter(models.Model):
    """An issued recommendation letter."""

    request = models.OneToOneField(RecommendationRequest, on_delete=models.PROTECT, related_name="letter", verbose_name=_("permohonan"))
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", verbose_name=_("koperasi"), on_delete=models.PROTECT, related_name="recommendation_letters"
    )
    purpose = models.CharField(_("keperluan"), max_length=20, choices=Purpose)
    number = models.CharField(_("nomor surat"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    classification_code = models.CharField(_("kode klasifikasi"), max_length=20)
    sequence = models.PositiveIntegerField(_("nomor urut"))
    issued_on = models.DateField(_("tanggal terbit"))
    valid_until = models.DateField(_("berlaku sampai"))
    addressee = models.CharField(_("tujuan"), max_length=255)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("penanda tangan"))
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=150)
    signatory_title = models.CharField(_("jabatan penanda tangan"), max_length=150)
    verified_by_name = models.CharField(_("verifikator"), max_length=150, blank=True)
    eligibility = models.JSONField(_("hasil pemeriksaan saat ditandatangani"), default=dict)
    token = models.CharField(_("token verifikasi"), max_length=64, unique=True, default=new_token, editable=False)
    pdf = models.BinaryField(_("berkas PDF"), null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(_("SHA-256 PDF"), max_length=64, blank=True)
    pdf_rendered_at = models.DateTimeField(_("PDF dibuat"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("dicabut oleh")
    )
    revoke_reason = models.TextField(_("alasan pencabutan"), blank=True)
    superseded_at = models.DateTimeField(_("diganti pada"), null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes", verbose_name=_("diganti dengan")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("surat rekomendasi")
        verbose_name_plural = _("surat rekomendasi")
        ordering = ["-issued_on", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "classification_code", "sequence"], name="letter_sequence_unique"),
            models.UniqueConstraint(
                fields=["cooperative", "purpose"],
                condition=Q(revoked_at__isnull=True, superseded_at__isnull=True),
                name="letter_one_current_per_purpose",
            ),
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("issued_on")), name="letter_validity_ordered"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="letter_sequence_positive"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("compliance:letter_detail", args=[self.pk])

    def status_on(self, as_of: date) -> str:
        if self.revoked_at:
            return LetterStatus.REVOKED
        if self.superseded_at:
            return LetterStatus.SUPERSEDED
        if as_of > self.valid_until:
            return LetterStatus.EXPIRED
        return LetterStatus.VALID

    def is_valid_on(self, as_of: date) -> bool:
        return self.status_on(as_of) == LetterStatus.VALID

    @property
    def verification_path(self) -> str:
        from django.urls import reverse

        return reverse("compliance:verify", args=[self.token])

    @property
    def verification_url(self) -> str:
        from institution.selectors import site_url

        return site_url() + self.verification_path


class GateDecision(models.Model):
    """A licence decision or status-evaluation result recorded by the Dinas, with the letter it relied on."""

    class Outcome(models.TextChoices):
        DISETUJUI = "disetujui", _("Disetujui / izin diberikan")
        DITOLAK = "ditolak", _("Ditolak")
        AKTIF = "aktif", _("Evaluasi: koperasi aktif")
        TIDAK_AKTIF = "tidak_aktif", _("Evaluasi: koperasi tidak aktif")

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", verbose_name=_("koperasi"), on_delete=models.PROTECT, related_name="gate_decisions"
    )
    purpose = models.CharField(_("keperluan"), max_length=20, choices=Purpose)
    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="gate_decisions", verbose_name=_("surat rekomendasi"))
    outcome = models.CharField(_("hasil"), max_length=15, choices=Outcome.choices)
    decision_number = models.CharField(_("nomor keputusan"), max_length=100, blank=True)
    decided_on = models.DateField(_("tanggal keputusan"))
    notes = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dicatat oleh"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("keputusan izin/evaluasi")
        verbose_name_plural = _("keputusan izin/evaluasi")
        ordering = ["-decided_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(purpose__in=Purpose.values), name="gatedecision_purpose_valid")]

    def __str__(self):
        return f"{self.get_purpose_display()} · {self.cooperative} · {self.get_outcome_display()}"
