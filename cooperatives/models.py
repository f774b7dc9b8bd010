from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core import identifiers
from core.scale import Scale


class CooperativeType(models.TextChoices):
    SIMPAN_PINJAM = "simpan_pinjam", _("Simpan pinjam")
    KONSUMEN = "konsumen", _("Konsumen")
    PRODUSEN = "produsen", _("Produsen")
    PEMASARAN = "pemasaran", _("Pemasaran")
    JASA = "jasa", _("Jasa")


class CooperativeStatus(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    TIDAK_AKTIF = "tidak_aktif", _("Tidak aktif")
    DALAM_PEMBUBARAN = "dalam_proses_pembubaran", _("Dalam proses pembubaran")
    BUBAR = "bubar", _("Bubar")


DISSOLVED_STATUSES = (CooperativeStatus.BUBAR, CooperativeStatus.DALAM_PEMBUBARAN)  # never active, whatever the RAT


class HealthResult(models.TextChoices):
    SEHAT = "sehat", _("Sehat")
    CUKUP_SEHAT = "cukup_sehat", _("Cukup sehat")
    DALAM_PENGAWASAN = "dalam_pengawasan", _("Dalam pengawasan")
    PENGAWASAN_KHUSUS = "dalam_pengawasan_khusus", _("Dalam pengawasan khusus")


class PositionRole(models.TextChoices):
    KETUA = "ketua", _("Ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    BENDAHARA = "bendahara", _("Bendahara")
    PENGURUS = "pengurus", _("Pengurus")
    PENGAWAS = "pengawas", _("Pengawas")
    KARYAWAN = "karyawan", _("Karyawan")


BOARD_ROLES = (PositionRole.KETUA, PositionRole.SEKRETARIS, PositionRole.BENDAHARA, PositionRole.PENGURUS)
SUPERVISOR_ROLES = (PositionRole.PENGAWAS,)
EMPLOYEE_ROLES = (PositionRole.KARYAWAN,)


def last_book_year(as_of: date) -> int:
    """The book year whose RAT must have been held by ``as_of``.

    A primary cooperative holds its RAT within three months of closing the books: until the end
    of March the year before last still counts.
    """
    return as_of.year - 1 if as_of.month > 3 else as_of.year - 2


class PositionQuerySet(models.QuerySet):
    def current(self, as_of: date):
        return self.filter(started_on__lte=as_of).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=as_of))

    def board(self):
        return self.filter(role__in=BOARD_ROLES)

    def employees(self):
        return self.filter(role__in=EMPLOYEE_ROLES)


class CooperativeQuerySet(models.QuerySet):
    """Each filter is also a ``Q`` (``*_q``) for the dashboard's conditional aggregates."""

    @staticmethod
    def active_q(as_of: date, *, since: date | None = None) -> Q:
        """Active in practice: not dissolved and the RAT for the last book year held by ``as_of``
        (or, in the first quarter, the one before). With ``since``, active on some day from
        ``since`` to ``as_of`` (the book year of ``since`` is enough)."""
        year = last_book_year(since or as_of)
        rat = AnnualMeeting.objects.filter(cooperative=OuterRef("pk"), book_year__gte=year, held_on__isnull=False, held_on__lte=as_of)
        return ~Q(status__in=DISSOLVED_STATUSES) & Q(Exists(rat))

    @staticmethod
    def covered_q(as_of: date) -> Q:
        """Every current board member, supervisor and employee is an active participant, and there
        is at least one such position."""
        from enrollment.models import Participation

        positions = Position.objects.current(as_of).filter(cooperative=OuterRef("pk"))
        uncovered = positions.exclude(Exists(Participation.objects.active(as_of).filter(person=OuterRef("person"))))
        return Q(Exists(positions)) & ~Q(Exists(uncovered))

    def active(self, as_of: date):
        return self.filter(self.active_q(as_of))

    def covered(self, as_of: date):
        return self.filter(self.covered_q(as_of))

    def not_covered(self, as_of: date):
        return self.exclude(pk__in=self.covered(as_of).values("pk"))


class Cooperative(models.Model):
    """A cooperative supervised by the regency (members living in the served kabupaten/kota)."""

    name = models.CharField(_("nama koperasi"), max_length=200, db_index=True)
    nomor_induk = models.CharField(
        _("Nomor Induk Koperasi"),
        max_length=20,
        null=True,
        blank=True,
        unique=True,
        validators=[identifiers.validate_nomor_induk_koperasi],
    )
    sk_number = models.CharField(_("nomor SK badan hukum"), max_length=100, blank=True, db_index=True)
    sk_date = models.DateField(_("tanggal SK badan hukum"), null=True, blank=True)
    nib = models.CharField(_("NIB"), max_length=13, blank=True, validators=[identifiers.validate_nib])
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True, validators=[identifiers.validate_npwp])
    jenis = models.CharField(_("jenis koperasi"), max_length=20, choices=CooperativeType, db_index=True)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    desa = models.ForeignKey("regions.Region", verbose_name=_("desa/kelurahan"), on_delete=models.PROTECT, related_name="cooperatives")
    founded_on = models.DateField(_("tanggal berdiri"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=25, choices=CooperativeStatus, default=CooperativeStatus.AKTIF, db_index=True)
    member_count = models.PositiveIntegerField(_("jumlah anggota"), default=0)
    npp = models.CharField(_("NPP"), max_length=12, blank=True, db_index=True, validators=[identifiers.validate_npp])
    divisi = models.CharField(_("divisi"), max_length=10, blank=True)
    health = models.CharField(_("hasil penilaian kesehatan"), max_length=25, choices=HealthResult, blank=True)
    is_merah_putih = models.BooleanField(_("Koperasi Desa/Kelurahan Merah Putih"), default=False)
    # Scale as an employer (Perpres 109/2013 Pasal 6 ayat 3), classified on the PP 7/2021 criteria
    # of ``umkm.ScaleCriterion`` by ``cooperatives.services.cooperative_scale_set``.
    capital = models.PositiveBigIntegerField(_("modal (Rp)"), null=True, blank=True, help_text=_("Tidak termasuk tanah dan bangunan."))
    annual_sales = models.PositiveBigIntegerField(_("hasil penjualan/pendapatan tahunan (Rp)"), null=True, blank=True)
    scale = models.CharField(
        _("skala usaha"),
        max_length=10,
        choices=Scale.choices,
        blank=True,
        help_text=_("Kosong: belum diketahui (isi modal dan penjualan)."),
    )
    scale_source = models.CharField(
        _("sumber angka skala"), max_length=200, blank=True, help_text=_("Mis. laporan keuangan RAT tahun buku 2025.")
    )
    scale_basis = models.CharField(_("dasar klasifikasi skala"), max_length=200, blank=True)
    scale_determined_on = models.DateField(_("skala ditetapkan pada"), null=True, blank=True)
    scale_determined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("skala ditetapkan oleh"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = CooperativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("koperasi")
        verbose_name_plural = _("koperasi")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CooperativeStatus.values), name="cooperative_status_valid"),
            models.CheckConstraint(condition=Q(jenis__in=CooperativeType.values), name="cooperative_jenis_valid"),
            models.CheckConstraint(condition=Q(scale="") | Q(scale__in=Scale.values), name="cooperative_scale_valid"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("cooperatives:detail", args=[self.pk])

    @property
    def npwp_display(self) -> str:
        return identifiers.format_npwp(self.npwp) if self.npwp else ""


class CooperativeStatusChange(models.Model):
    """The history of a cooperative's administrative status."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("dari"), max_length=25, choices=CooperativeStatus, blank=True)
    to_status = models.CharField(_("menjadi"), max_length=25, choices=CooperativeStatus)
    changed_on = models.DateField(_("tanggal"))
    reason = models.CharField(_("alasan"), max_length=255, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat status koperasi")
        verbose_name_plural = _("riwayat status koperasi")
        ordering = ["-changed_on", "-created_at"]

    def __str__(self):
        return f"{self.cooperative}: {self.from_status or '–'} → {self.to_status}"


class Position(models.Model):
    """A person's place in a cooperative (board, supervisor or employee) for a period."""

    cooperative = models.ForeignKey(Cooperative, verbose_name=_("koperasi"), on_delete=models.CASCADE, related_name="positions")
    person = models.ForeignKey("enrollment.Person", verbose_name=_("orang"), on_delete=models.PROTECT, related_name="positions")
    role = models.CharField(_("jabatan"), max_length=12, choices=PositionRole)
    started_on = models.DateField(_("mulai"))
    ended_on = models.DateField(_("selesai"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["cooperative", "role", "started_on"]
        indexes = [models.Index(fields=["cooperative", "ended_on"], name="position_coop_ended")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="position_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["cooperative", "person", "role"],
                condition=Q(ended_on__isnull=True),
                name="position_one_open_per_person_role",
            ),
            models.UniqueConstraint(
                fields=["cooperative", "role"],
                condition=Q(ended_on__isnull=True, role__in=["ketua", "sekretaris", "bendahara"]),
                name="position_one_open_officer",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.cooperative}: {self.person.name}"

    @property
    def is_board(self) -> bool:
        return self.role in BOARD_ROLES


class AnnualMeeting(models.Model):
    """Rapat Anggota Tahunan (RAT) for a book year."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="annual_meetings")
    book_year = models.PositiveSmallIntegerField(_("tahun buku"))
    held_on = models.DateField(_("tanggal RAT"), null=True, blank=True)
    reported_on = models.DateField(_("tanggal dilaporkan"), null=True, blank=True)
    attendees = models.PositiveIntegerField(_("jumlah hadir"), null=True, blank=True)
    notes = models.CharField(_("catatan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("RAT")
        verbose_name_plural = _("RAT")
        ordering = ["-book_year"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "book_year"], name="annualmeeting_one_per_year"),
            models.CheckConstraint(
                condition=Q(held_on__isnull=True) | Q(held_on__year__gt=models.F("book_year")),
                name="annualmeeting_after_book_year",
            ),
        ]

    def __str__(self):
        return f"RAT {self.book_year} {self.cooperative}"


class CooperativeAccess(models.Model):
    """Binds a user of role ``koperasi`` to a cooperative he may act for.

    The ketua is bound by the Dinas (or the seed); he may invite a sekretaris or bendahara as a
    delegate with the same scope and withdraw the invitation.
    """

    class AccessRole(models.TextChoices):
        KETUA = "ketua", _("Ketua")
        SEKRETARIS = "sekretaris", _("Sekretaris (delegasi)")
        BENDAHARA = "bendahara", _("Bendahara (delegasi)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cooperative_access")
    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="access")
    role = models.CharField(_("sebagai"), max_length=12, choices=AccessRole.choices, default=AccessRole.KETUA)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("akses koperasi")
        verbose_name_plural = _("akses koperasi")
        constraints = [models.UniqueConstraint(fields=["user", "cooperative"], name="cooperativeaccess_unique")]

    def __str__(self):
        return f"{self.user} → {self.cooperative} ({self.get_role_display()})"
