from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.formatting import tanggal


class OutreachEvent(models.Model):
    """A sosialisasi event: when, where, and which partners were there."""

    title = models.CharField(_("judul"), max_length=200)
    held_on = models.DateField(_("tanggal"), db_index=True)
    place = models.CharField(_("tempat"), max_length=200)
    kecamatan = models.ForeignKey("regions.Region", verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="outreach_events")
    bpjs_present = models.BooleanField(_("BPJS Ketenagakerjaan hadir"), default=True)
    dinas_present = models.BooleanField(_("Dinas Koperasi dan UMKM hadir"), default=True)
    banks = models.ManyToManyField("accounts.Bank", verbose_name=_("bank yang hadir"), blank=True, related_name="+")
    notes = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kegiatan sosialisasi")
        verbose_name_plural = _("kegiatan sosialisasi")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.title} ({tanggal(self.held_on)})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("outreach:detail", args=[self.pk])


class AttendeeRole(models.TextChoices):
    """What an attendee came as, from the sign-in sheet's "Jenis" column."""

    PELAKU_UMKM = "umkm", _("Pelaku UMKM")
    PENGURUS_KOPERASI = "pengurus", _("Pengurus koperasi")
    ANGGOTA_KOPERASI = "anggota", _("Anggota koperasi")
    PEKERJA = "pekerja", _("Pekerja")
    APARAT_DESA = "aparat", _("Aparat desa")
    LAINNYA = "lainnya", _("Lainnya")


class OutreachAttendance(models.Model):
    """One attendee of an event: a cooperative, a business or a person (exactly one), or a
    *prospect*: somebody on the sign-in sheet the register does not hold yet (none of the three).

    Rows from a sign-in sheet keep the identity as typed (name, NIK, phone, business, NIB, desa,
    role) and ``source_key``, the sheet identity that makes a second upload change nothing. A
    prospect keeps ``prospect=True`` after it is linked to the Person who later appears with its
    NIK (``services.prospects_link``): the flag says how the attendee was recorded."""

    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="attendances")
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", null=True, blank=True, on_delete=models.CASCADE, related_name="outreach_attendances"
    )
    business = models.ForeignKey("umkm.Business", null=True, blank=True, on_delete=models.CASCADE, related_name="outreach_attendances")
    person = models.ForeignKey("enrollment.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="outreach_attendances")
    prospect = models.BooleanField(
        _("calon (belum di register)"), default=False, help_text=_("Dicatat dari daftar hadir tanpa padanan di register.")
    )
    name = models.CharField(_("nama (daftar hadir)"), max_length=150, blank=True)
    nik = models.CharField(_("NIK (daftar hadir)"), max_length=16, blank=True, db_index=True)
    phone = models.CharField(_("telepon (daftar hadir)"), max_length=20, blank=True)
    business_name = models.CharField(_("nama usaha (daftar hadir)"), max_length=200, blank=True)
    nib = models.CharField(_("NIB (daftar hadir)"), max_length=13, blank=True)
    desa = models.ForeignKey(
        "regions.Region", verbose_name=_("desa/kelurahan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("jenis peserta"), max_length=10, choices=AttendeeRole, blank=True)
    source_key = models.CharField(_("kunci daftar hadir"), max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("peserta sosialisasi")
        verbose_name_plural = _("peserta sosialisasi")
        ordering = ["event", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(cooperative__isnull=False, business__isnull=True, person__isnull=True)
                    | Q(cooperative__isnull=True, business__isnull=False, person__isnull=True)
                    | Q(cooperative__isnull=True, business__isnull=True, person__isnull=False)
                    | Q(cooperative__isnull=True, business__isnull=True, person__isnull=True, prospect=True)
                ),
                name="outreachattendance_exactly_one",
            ),
            models.UniqueConstraint(fields=["event", "cooperative"], name="outreachattendance_unique_coop"),
            models.UniqueConstraint(fields=["event", "business"], name="outreachattendance_unique_business"),
            models.UniqueConstraint(fields=["event", "person"], name="outreachattendance_unique_person"),
            models.UniqueConstraint(
                fields=["event", "source_key"], condition=~Q(source_key=""), name="outreachattendance_unique_source_key"
            ),
        ]

    def __str__(self):
        return f"{self.event}: {self.display_name}"

    @property
    def kind(self) -> str:
        """koperasi, usaha or orang (a person, registered or a prospect)."""
        return "koperasi" if self.cooperative_id else "usaha" if self.business_id else "orang"

    @property
    def attendee(self):
        return self.cooperative or self.business or self.person or self

    @property
    def display_name(self) -> str:
        if self.cooperative_id or self.business_id or self.person_id:
            return self.attendee.name
        return self.name
