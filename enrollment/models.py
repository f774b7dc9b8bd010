from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import identifiers
from core.formatting import tanggal
from core.scale import Scale
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

    @classmethod
    def in_order(cls, codes) -> list[str]:
        """``codes`` in the order BPJS lists its programmes (JKK, JKM, JHT, JP, JKP), each once;
        anything that is not a programme code is left out."""
        held = set(codes)
        return [code for code in cls.values if code in held]


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


class Payer(models.TextChoices):
    """Who pays a participation's contributions (domain-reference §3)."""

    WORKER = "pekerja", _("Peserta sendiri")
    EMPLOYER = "pemberi_kerja", _("Pemberi kerja (NPP)")
    SPONSOR = "penanggung", _("Program penanggung iuran")


class SponsorKind(models.TextChoices):
    APBD = "apbd", _("APBD (program pemerintah daerah)")
    APBN = "apbn", _("APBN (program pemerintah pusat)")
    DANA_DESA = "dana_desa", _("Dana Desa")
    CSR = "csr", _("CSR perusahaan")


class Sector(models.TextChoices):
    """The work a participant or employer does, where a relief depends on it."""

    TRANSPORT = "transportasi", _("Pekerja transportasi")
    LABOUR_INTENSIVE = "padat_karya", _("Industri padat karya (PP 7/2025)")


class ReliefSector(models.TextChoices):
    ANY = "", _("Semua sektor")
    TRANSPORT = "transportasi", _("Hanya pekerja transportasi")
    NOT_TRANSPORT = "bukan_transportasi", _("Selain pekerja transportasi")
    LABOUR_INTENSIVE = "padat_karya", _("Hanya industri padat karya")

    @classmethod
    def matches(cls, relief_sector: str, sector: str) -> bool:
        if relief_sector == cls.ANY:
            return True
        if relief_sector == cls.NOT_TRANSPORT:
            return sector != Sector.TRANSPORT
        return relief_sector == sector


class DatedQuerySet(models.QuerySet):
    def in_force(self, as_of: date):
        """Rows whose period contains ``as_of`` (``effective_to`` is the last day, inclusive)."""
        return self.filter(effective_from__lte=as_of).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=as_of))


class DatedRule(models.Model):
    """A legal figure in force for a period, with its source (domain-reference §3).

    ``effective_to`` is the last day the row applies (empty: until further notice). Two rows for the
    same key (``KEY_FIELDS``) may not overlap; a new row that starts inside an open-ended older row
    is accepted by ``clean()`` and ``enrollment.services.dated_rule_save`` closes the older row the
    day before (the usual "from next March" case).
    """

    KEY_FIELDS: tuple[str, ...] = ()

    effective_from = models.DateField(_("berlaku sejak"))
    effective_to = models.DateField(
        _("berlaku sampai"), null=True, blank=True, help_text=_("Hari terakhir berlaku; kosong = sampai ada ketentuan baru.")
    )
    legal_basis = models.CharField(_("dasar hukum"), max_length=200, help_text=_("Mis. SE BPJS Ketenagakerjaan B/1226/022026."))
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def overlap_q(self) -> Q:
        """Extra condition for rows that compete with this one (besides the key and the dates)."""
        return Q()

    def overlapping(self):
        qs = type(self)._default_manager.filter(**{f: getattr(self, f) for f in self.KEY_FIELDS}).filter(self.overlap_q())
        if self.effective_to is not None:
            qs = qs.filter(effective_from__lte=self.effective_to)
        qs = qs.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from))
        if self.pk:
            qs = qs.exclude(pk=self.pk)
        return qs

    def superseded_rows(self):
        """Open-ended rows that started earlier: saving this row closes them the day before."""
        return self.overlapping().filter(effective_to__isnull=True, effective_from__lt=self.effective_from)

    def period_label(self) -> str:
        start = tanggal(self.effective_from)
        end = tanggal(self.effective_to) if self.effective_to else gettext("seterusnya")
        return f"{start} – {end}"

    def clean(self):
        super().clean()
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": gettext("Tanggal akhir berlaku tidak boleh sebelum tanggal mulai berlaku.")})
        if self.effective_from is None or any(getattr(self, f, None) is None and f != "risk_class" for f in self.KEY_FIELDS):
            return
        superseded = set(self.superseded_rows().values_list("pk", flat=True))
        clashes = [row for row in self.overlapping() if row.pk not in superseded]
        if clashes:
            other = clashes[0]
            raise ValidationError(
                gettext(
                    'Periode berlaku bertumpang tindih dengan "%(row)s" (%(period)s, %(basis)s). '
                    "Ubah tanggal baris ini atau isi tanggal akhir baris yang lama lebih dulu."
                )
                % {"row": other, "period": other.period_label(), "basis": other.legal_basis or "–"}
            )

    def close_superseded(self) -> list:
        """Close the open-ended rows this row supersedes (call inside the save's transaction)."""
        closed = []
        for row in self.superseded_rows():
            row.effective_to = self.effective_from - timedelta(days=1)
            row.save(update_fields=["effective_to"])
            closed.append(row)
        return closed


class PersonQuerySet(models.QuerySet):
    def active_participants(self, as_of: date):
        return self.filter(Exists(Participation.objects.active(as_of).filter(person=OuterRef("pk"))))


class Person(models.Model):
    """A person identified by NIK: UMKM owner, cooperative board member, employee or worker."""

    nik = models.CharField(_("NIK"), max_length=16, unique=True, validators=[identifiers.validate_nik])
    name = models.CharField(_("nama"), max_length=150)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender)
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
    """Each filter is also a ``Q`` (``*_q``) for conditional aggregates and related lookups."""

    @staticmethod
    def current_q(as_of: date, prefix: str = "") -> Q:
        """Started by ``as_of`` and not ended (deregistered) by then; ``prefix`` reaches a related
        participation (``participations__``)."""
        return Q(**{f"{prefix}started_on__lte": as_of}) & (Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": as_of}))

    @classmethod
    def active_q(cls, as_of: date) -> Q:
        return cls.current_q(as_of) & status_rules.active_q(as_of)

    @classmethod
    def lapsed_q(cls, as_of: date) -> Q:
        return cls.current_q(as_of) & ~status_rules.active_q(as_of)

    def current(self, as_of: date):
        """Started by ``as_of`` and not ended (deregistered) by then."""
        return self.filter(self.current_q(as_of))

    def active(self, as_of: date):
        """Active participants on ``as_of``: status aktif or menunggak (not yet non-active)."""
        return self.filter(self.active_q(as_of))

    def paid_up(self, as_of: date):
        """Status aktif: nothing in arrears."""
        return self.current(as_of).filter(status_rules.paid_up_q(as_of))

    def lapsed(self, as_of: date):
        """Registered and not ended, but non-active through arrears."""
        return self.filter(self.lapsed_q(as_of))


class SponsorProgramme(models.Model):
    """A programme that pays BPU contributions for a group: APBD, Dana Desa, CSR (domain-reference §3)."""

    name = models.CharField(_("nama program"), max_length=200)
    kind = models.CharField(_("sumber dana"), max_length=10, choices=SponsorKind)
    sponsor = models.CharField(_("penanggung"), max_length=200, help_text=_("Mis. Pemerintah Kabupaten ..., Pemerintah Desa ..., PT ..."))
    budget_year = models.PositiveSmallIntegerField(_("tahun anggaran"), validators=[MinValueValidator(2015), MaxValueValidator(2100)])
    quota = models.PositiveIntegerField(_("kuota peserta"))
    state_budget = models.BooleanField(
        _("dibayar dari APBN/APBD"),
        default=False,
        help_text=_("Keringanan PP 50/2025 tidak berlaku untuk iuran yang dibayar dari APBN/APBD."),
    )
    desa = models.ForeignKey(
        "regions.Region", verbose_name=_("desa/kelurahan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("program penanggung iuran")
        verbose_name_plural = _("program penanggung iuran")
        ordering = ["-budget_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "budget_year"], name="sponsorprogramme_unique_per_year"),
            models.CheckConstraint(condition=Q(kind__in=SponsorKind.values), name="sponsorprogramme_kind_valid"),
        ]

    def __str__(self):
        return f"{self.name} ({self.budget_year})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("enrollment:sponsor_detail", args=[self.pk])


class Participation(models.Model):
    """One BPJS Ketenagakerjaan membership of a person, with or without its KPJ.

    BPJS may share only the status by NIK and withhold the KPJ (domain-reference §4): the KPJ is
    optional and unique where present.
    """

    person = models.ForeignKey(Person, verbose_name=_("orang"), on_delete=models.PROTECT, related_name="participations")
    kpj = models.CharField(_("KPJ"), max_length=11, null=True, blank=True, validators=[identifiers.validate_kpj])
    segment = models.CharField(_("segmen"), max_length=5, choices=Segment, db_index=True)
    jkk = models.BooleanField("JKK", default=True)
    jkm = models.BooleanField("JKM", default=True)
    jht = models.BooleanField("JHT", default=False)
    jp = models.BooleanField("JP", default=False)
    jkp = models.BooleanField("JKP", default=False)
    npp = models.CharField(_("NPP pemberi kerja"), max_length=12, blank=True, db_index=True)
    divisi = models.CharField(_("divisi"), max_length=10, blank=True)
    risk_class = models.CharField(_("kelas risiko JKK"), max_length=15, choices=RiskClass, blank=True)
    wage = models.PositiveBigIntegerField(_("upah/penghasilan dilaporkan (Rp)"), default=0, validators=[MinValueValidator(0)])
    started_on = models.DateField(_("terdaftar sejak"))
    last_paid_month = models.DateField(_("bulan iuran terakhir dibayar"), null=True, blank=True, help_text=_("Tanggal 1 bulan iuran."))
    ended_on = models.DateField(_("berhenti pada"), null=True, blank=True)
    end_reason = models.CharField(_("alasan berhenti"), max_length=200, blank=True)
    source = models.CharField(_("sumber data"), max_length=40, blank=True)
    payer = models.CharField(
        _("pembayar iuran"),
        max_length=15,
        choices=Payer,
        blank=True,
        help_text=_("Kosong: PU oleh pemberi kerja, lainnya oleh peserta."),
    )
    sponsor_programme = models.ForeignKey(
        SponsorProgramme,
        verbose_name=_("program penanggung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    sector = models.CharField(_("sektor pekerjaan"), max_length=15, choices=Sector, blank=True)
    reported_status = models.CharField(
        _("status menurut BPJS"),
        max_length=10,
        choices=ParticipationStatus,
        blank=True,
        help_text=_("Status pada data kantor cabang."),
    )
    status_reported_on = models.DateField(_("status dilaporkan pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("kepesertaan")
        verbose_name_plural = _("kepesertaan")
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["person", "segment"], name="participation_person_segment")]
        constraints = [
            models.UniqueConstraint(fields=["kpj"], condition=Q(kpj__isnull=False), name="participation_kpj_unique_where_present"),
            models.CheckConstraint(
                condition=Q(payer="penanggung", sponsor_programme__isnull=False)
                | (~Q(payer="penanggung") & Q(sponsor_programme__isnull=True)),
                name="participation_sponsor_iff_sponsor_payer",
            ),
            models.CheckConstraint(condition=~Q(segment="BPU") | Q(jp=False, jkp=False), name="participation_bpu_no_jp_jkp"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="participation_end_after_start",
            ),
        ]

    def __str__(self):
        if self.kpj:
            return f"KPJ {self.kpj} · {self.get_segment_display()}"
        return f"{gettext('Tanpa KPJ')} · {self.get_segment_display()}"

    @property
    def payer_kind(self) -> str:
        """The payer recorded, or the usual one: PU by the employer, the others by the participant."""
        if self.payer:
            return self.payer
        return Payer.EMPLOYER if self.segment == Segment.PU else Payer.WORKER

    @property
    def paid_from_state_budget(self) -> bool:
        return self.payer_kind == Payer.SPONSOR and self.sponsor_programme is not None and self.sponsor_programme.state_budget

    @property
    def programmes(self) -> list[str]:
        return [code for code, field in PROGRAMME_FIELDS.items() if getattr(self, field)]

    def status_on(self, as_of: date) -> str:
        return status_rules.participation_status(self, as_of)

    def arrears_months_on(self, as_of: date) -> int:
        return status_rules.arrears_months(self, as_of)


class PuRate(DatedRule):
    """A wage-earner contribution rate for one programme (and JKK risk class) for a period.

    ``government_pct`` is paid by the central government and ``recomposed_pct`` is taken out of
    the employer's JKK (and formerly JKM) bill for JKP (PP 6/2025 Pasal 11): neither is billed.
    """

    KEY_FIELDS = ("programme", "risk_class")

    programme = models.CharField(_("program"), max_length=3, choices=Programme)
    risk_class = models.CharField(_("kelas risiko"), max_length=15, choices=RiskClass, blank=True)
    employer_pct = models.DecimalField(_("pemberi kerja (%)"), max_digits=5, decimal_places=2, default=0)
    worker_pct = models.DecimalField(_("pekerja (%)"), max_digits=5, decimal_places=2, default=0)
    government_pct = models.DecimalField(_("pemerintah pusat (%)"), max_digits=5, decimal_places=2, default=0)
    recomposed_pct = models.DecimalField(
        _("rekomposisi dari iuran pemberi kerja (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text=_("Bagian yang diambil dari iuran JKK/JKM pemberi kerja; tidak menambah tagihan."),
    )
    wage_cap = models.PositiveBigIntegerField(_("batas upah (Rp)"), null=True, blank=True)

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
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")), name="purate_period_ordered"
            ),
        ]

    def __str__(self):
        label = self.programme + (f" {self.get_risk_class_display()}" if self.risk_class else "")
        return f"{label} sejak {tanggal(self.effective_from)}"

    @property
    def total_pct(self):
        return self.employer_pct + self.worker_pct + self.government_pct + self.recomposed_pct


class BpuBracket(DatedRule):
    """A BPU income bracket and its monthly contributions (Rupiah) for a period."""

    income_from = models.PositiveBigIntegerField(_("penghasilan dari (Rp)"))
    income_to = models.PositiveBigIntegerField(_("penghasilan sampai (Rp)"), null=True, blank=True)
    jkk = models.PositiveIntegerField(_("iuran JKK (Rp)"))
    jkm = models.PositiveIntegerField(_("iuran JKM (Rp)"))
    jht = models.PositiveIntegerField(_("iuran JHT (Rp)"))

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
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")), name="bpubracket_period_ordered"
            ),
        ]

    def __str__(self):
        upper = f"{self.income_to:,}" if self.income_to is not None else "…"
        return f"BPU {self.income_from:,}–{upper} sejak {tanggal(self.effective_from)}"

    def superseded_rows(self):
        """A new BPU table is never mixed into the old one: close the old table's rows first."""
        return type(self)._default_manager.none()

    def overlap_q(self) -> Q:
        """Brackets compete when their income ranges overlap."""
        if self.income_from is None:
            return Q()
        q = Q(income_to__isnull=True) | Q(income_to__gte=self.income_from)
        if self.income_to is not None:
            q &= Q(income_from__lte=self.income_to)
        return q


class Relief(DatedRule):
    """A temporary discount on base contributions (domain-reference §3), never an edit of a rate.

    It names the programmes, the segment, the condition (sector, who pays, employer size) and the
    discount; the calculator, the estimates and the sponsor bills apply it to the base amount.
    """

    KEY_FIELDS = ("segment", "sector")

    name = models.CharField(_("nama keringanan"), max_length=150)
    segment = models.CharField(_("segmen"), max_length=5, choices=[(Segment.PU, Segment.PU.label), (Segment.BPU, Segment.BPU.label)])
    jkk = models.BooleanField("JKK", default=False)
    jkm = models.BooleanField("JKM", default=False)
    jht = models.BooleanField("JHT", default=False)
    jp = models.BooleanField("JP", default=False)
    jkp = models.BooleanField("JKP", default=False)
    sector = models.CharField(_("sektor"), max_length=20, choices=ReliefSector, blank=True)
    excludes_state_budget = models.BooleanField(
        _("tidak berlaku bila dibayar dari APBN/APBD"), default=False, help_text=_("Mis. PP 50/2025 untuk peserta BPU.")
    )
    min_workers = models.PositiveIntegerField(
        _("paling sedikit pekerja"), null=True, blank=True, help_text=_("Syarat ukuran pemberi kerja (PU).")
    )
    discount_pct = models.DecimalField(
        _("potongan (%)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("keringanan iuran")
        verbose_name_plural = _("keringanan iuran")
        ordering = ["-effective_from", "segment", "sector"]
        constraints = [
            models.CheckConstraint(condition=Q(segment__in=("PU", "BPU")), name="relief_segment_valid"),
            models.CheckConstraint(condition=Q(discount_pct__gte=0, discount_pct__lte=100), name="relief_discount_range"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")), name="relief_period_ordered"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def programmes(self) -> list[str]:
        return [code for code, field in PROGRAMME_FIELDS.items() if getattr(self, field)]

    def clean(self):
        if not self.programmes:
            raise ValidationError(gettext("Pilih paling sedikit satu program yang mendapat keringanan."))
        if self.segment == Segment.BPU and (self.jp or self.jkp):
            raise ValidationError(gettext("Peserta BPU tidak mengikuti JP atau JKP."))
        super().clean()

    def applies(self, *, sector: str = "", state_budget: bool = False, workers: int | None = None) -> bool:
        if not ReliefSector.matches(self.sector, sector):
            return False
        if self.excludes_state_budget and state_budget:
            return False
        return not self.min_workers or (workers or 0) >= self.min_workers


class PaymentRule(DatedRule):
    """When contributions fall due and how many months of arrears make a BPU participation
    non-active (domain-reference §3). One rule is in force on any day; ``enrollment.status`` reads it.
    """

    bpu_due_day = models.PositiveSmallIntegerField(
        _("batas bayar BPU (tanggal)"), help_text=_("BPU membayar iuran bulan M paling lambat tanggal ini pada bulan M.")
    )
    pu_due_day = models.PositiveSmallIntegerField(
        _("batas bayar PU (tanggal)"), help_text=_("Pemberi kerja membayar iuran bulan M paling lambat tanggal ini pada bulan M+1.")
    )
    bpu_max_arrears_months = models.PositiveSmallIntegerField(
        _("tunggakan BPU paling lama (bulan)"), help_text=_("Tunggakan lebih dari ini membuat kepesertaan BPU nonaktif.")
    )
    pu_late_fine_pct = models.DecimalField(_("denda keterlambatan PU (% per bulan)"), max_digits=4, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("ketentuan pembayaran iuran")
        verbose_name_plural = _("ketentuan pembayaran iuran")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")), name="paymentrule_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(bpu_due_day__gte=1, bpu_due_day__lte=28, pu_due_day__gte=1, pu_due_day__lte=28), name="paymentrule_due_day_1_28"
            ),
        ]

    def __str__(self):
        return gettext("Ketentuan pembayaran sejak %(date)s") % {"date": tanggal(self.effective_from)}


class ProgrammeObligation(DatedRule):
    """The programmes an employer of a given scale must provide (Perpres 109/2013 Pasal 6 ayat 3)."""

    KEY_FIELDS = ("scale",)

    scale = models.CharField(_("skala usaha pemberi kerja"), max_length=10, choices=Scale.choices)
    jkk = models.BooleanField("JKK", default=True)
    jkm = models.BooleanField("JKM", default=True)
    jht = models.BooleanField("JHT", default=False)
    jp = models.BooleanField("JP", default=False)
    jkp = models.BooleanField("JKP", default=False)

    class Meta:
        verbose_name = _("kewajiban program per skala usaha")
        verbose_name_plural = _("kewajiban program per skala usaha")
        ordering = ["scale", "-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")), name="obligation_period_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.get_scale_display()}: {', '.join(self.programmes)}"

    @property
    def programmes(self) -> list[str]:
        return [code for code, field in PROGRAMME_FIELDS.items() if getattr(self, field)]
