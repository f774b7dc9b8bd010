from __future__ import annotations

from datetime import date

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core import identifiers
from enrollment import status as status_rules


class Gender(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class Segment(models.TextChoices):
    PU = "PU", _("Penerima Upah (PU)")
    BPU = "BPU", _("Bukan Penerima Upah (BPU)")
    JAKON = "JAKON", _("Jasa Konstruksi (Jakon)")
    PMI = "PMI", _("Pekerja Migran Indonesia (PMI)")


class Programme(models.TextChoices):
    JKK = "JKK", _("Jaminan Kecelakaan Kerja")
    JKM = "JKM", _("Jaminan Kematian")
    JHT = "JHT", _("Jaminan Hari Tua")
    JP = "JP", _("Jaminan Pensiun")
    JKP = "JKP", _("Jaminan Kehilangan Pekerjaan")


PROGRAMME_FIELDS = {p: p.lower() for p in Programme.values}


class RiskClass(models.TextChoices):
    SANGAT_RENDAH = "sangat_rendah", _("Sangat rendah")
    RENDAH = "rendah", _("Rendah")
    SEDANG = "sedang", _("Sedang")
    TINGGI = "tinggi", _("Tinggi")
    SANGAT_TINGGI = "sangat_tinggi", _("Sangat tinggi")


class ParticipationStatus(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    MENUNGGAK = "menunggak", _("Menunggak")
    NONAKTIF = "nonaktif", _("Nonaktif")


class PersonQuerySet(models.QuerySet):
    def with_active_participation(self, as_of: date):
        active = Participation.objects.active(as_of).filter(person=OuterRef("pk"))
        return self.annotate(is_active_participant=Exists(active))

    def active_participants(self, as_of: date):
        return self.filter(Exists(Participation.objects.active(as_of).filter(person=OuterRef("pk"))))

    def not_active_participants(self, as_of: date):
        return self.exclude(Exists(Participation.objects.active(as_of).filter(person=OuterRef("pk"))))


class Person(models.Model):
    """A person identified by NIK: UMKM owner, cooperative board member, employee or worker."""

    nik = models.CharField(_("NIK"), max_length=16, unique=True, validators=[identifiers.validate_nik])
    name = models.CharField(_("nama"), max_length=150)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    desa = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa/kelurahan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        db_index=False,
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    nik_region_known = models.BooleanField(
        _("kode wilayah NIK dikenal"),
        default=True,
        help_text=_("Tidak: kode wilayah pada NIK tidak ada di daftar Kemendagri (hanya peringatan)."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("orang")
        verbose_name_plural = _("orang")
        ordering = ["name"]
        # No ``*_like`` twins: see enrollment/migrations/0003_person_indexes.py.
        indexes = [models.Index(fields=["desa"], name="person_desa")]
        constraints = [
            models.CheckConstraint(condition=Q(gender__in=Gender.values), name="person_gender_valid"),
        ]

    def __str__(self):
        return f"{self.name} ({self.masked_nik})"

    @property
    def masked_nik(self) -> str:
        return identifiers.mask_nik(self.nik)

    @property
    def masked_phone(self) -> str:
        return identifiers.mask_phone(self.phone)


class ParticipationQuerySet(models.QuerySet):
    def current(self, as_of: date):
        """Started by ``as_of`` and not ended (deregistered) by then."""
        return self.filter(started_on__lte=as_of).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=as_of))

    def active(self, as_of: date):
        """Active participants on ``as_of``: status aktif or menunggak (not yet non-active)."""
        return self.current(as_of).filter(status_rules.active_q(as_of))

    def paid_up(self, as_of: date):
        """Status aktif: nothing in arrears."""
        return self.current(as_of).filter(status_rules.paid_up_q(as_of))

    def lapsed(self, as_of: date):
        """Registered and not ended, but non-active through arrears."""
        return self.current(as_of).exclude(status_rules.active_q(as_of))


class Participation(models.Model):
    """One BPJS Ketenagakerjaan membership (one KPJ) of a person."""

    person = models.ForeignKey(Person, verbose_name=_("orang"), on_delete=models.PROTECT, related_name="participations")
    kpj = models.CharField(_("KPJ"), max_length=11, unique=True, validators=[identifiers.validate_kpj])
    segment = models.CharField(_("segmen"), max_length=5, choices=Segment.choices, db_index=True)
    jkk = models.BooleanField("JKK", default=True)
    jkm = models.BooleanField("JKM", default=True)
    jht = models.BooleanField("JHT", default=False)
    jp = models.BooleanField("JP", default=False)
    jkp = models.BooleanField("JKP", default=False)
    npp = models.CharField(_("NPP pemberi kerja"), max_length=12, blank=True, db_index=True)
    divisi = models.CharField(_("divisi"), max_length=10, blank=True)
    risk_class = models.CharField(_("kelas risiko JKK"), max_length=15, choices=RiskClass.choices, blank=True)
    wage = models.PositiveBigIntegerField(_("upah/penghasilan dilaporkan (Rp)"), default=0, validators=[MinValueValidator(0)])
    started_on = models.DateField(_("terdaftar sejak"))
    last_paid_month = models.DateField(_("bulan iuran terakhir dibayar"), null=True, blank=True, help_text=_("Tanggal 1 bulan iuran."))
    ended_on = models.DateField(_("berhenti pada"), null=True, blank=True)
    end_reason = models.CharField(_("alasan berhenti"), max_length=200, blank=True)
    source = models.CharField(_("sumber data"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("kepesertaan")
        verbose_name_plural = _("kepesertaan")
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["person", "segment"], name="participation_person_segment")]
        constraints = [
            models.CheckConstraint(condition=~Q(segment="BPU") | Q(jp=False, jkp=False), name="participation_bpu_no_jp_jkp"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="participation_end_after_start",
            ),
        ]

    def __str__(self):
        return f"KPJ {self.kpj} · {self.get_segment_display()}"

    @property
    def programmes(self) -> list[str]:
        return [code for code, field in PROGRAMME_FIELDS.items() if getattr(self, field)]

    def status_on(self, as_of: date) -> str:
        return status_rules.participation_status(self, as_of)

    def arrears_months_on(self, as_of: date) -> int:
        return status_rules.arrears_months(self, as_of)


class PuRate(models.Model):
    """A wage-earner contribution rate for one programme (and JKK risk class), from a date on."""

    programme = models.CharField(_("program"), max_length=3, choices=Programme.choices)
    risk_class = models.CharField(_("kelas risiko"), max_length=15, choices=RiskClass.choices, blank=True)
    effective_from = models.DateField(_("berlaku sejak"))
    employer_pct = models.DecimalField(_("pemberi kerja (%)"), max_digits=5, decimal_places=2, default=0)
    worker_pct = models.DecimalField(_("pekerja (%)"), max_digits=5, decimal_places=2, default=0)
    government_pct = models.DecimalField(_("pemerintah/rekomposisi (%)"), max_digits=5, decimal_places=2, default=0)
    wage_cap = models.PositiveBigIntegerField(_("batas upah (Rp)"), null=True, blank=True)
    legal_basis = models.CharField(_("dasar hukum"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tarif iuran PU")
        verbose_name_plural = _("tarif iuran PU")
        ordering = ["programme", "risk_class", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "risk_class", "effective_from"], name="purate_unique_per_date"),
            models.CheckConstraint(
                condition=(Q(programme="JKK") & ~Q(risk_class="")) | (~Q(programme="JKK") & Q(risk_class="")),
                name="purate_risk_class_only_for_jkk",
            ),
        ]

    def __str__(self):
        label = self.programme + (f" {self.get_risk_class_display()}" if self.risk_class else "")
        return f"{label} sejak {self.effective_from:%d-%m-%Y}"

    @property
    def total_pct(self):
        return self.employer_pct + self.worker_pct + self.government_pct


class BpuBracket(models.Model):
    """A BPU income bracket and its monthly contributions (Rupiah), from a date on."""

    effective_from = models.DateField(_("berlaku sejak"))
    income_from = models.PositiveBigIntegerField(_("penghasilan dari (Rp)"))
    income_to = models.PositiveBigIntegerField(_("penghasilan sampai (Rp)"), null=True, blank=True)
    jkk = models.PositiveIntegerField(_("iuran JKK (Rp)"))
    jkm = models.PositiveIntegerField(_("iuran JKM (Rp)"))
    jht = models.PositiveIntegerField(_("iuran JHT (Rp)"))
    legal_basis = models.CharField(_("dasar hukum"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("kelas penghasilan BPU")
        verbose_name_plural = _("kelas penghasilan BPU")
        ordering = ["-effective_from", "income_from"]
        constraints = [
            models.UniqueConstraint(fields=["effective_from", "income_from"], name="bpubracket_unique_per_date"),
            models.CheckConstraint(
                condition=Q(income_to__isnull=True) | Q(income_to__gte=models.F("income_from")),
                name="bpubracket_range_ordered",
            ),
        ]

    def __str__(self):
        upper = f"{self.income_to:,}" if self.income_to is not None else "…"
        return f"BPU {self.income_from:,}–{upper} sejak {self.effective_from:%d-%m-%Y}"
