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


class OutreachAttendance(models.Model):
    """One attendee of an event: a cooperative, a business or a person (exactly one)."""

    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="attendances")
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", null=True, blank=True, on_delete=models.CASCADE, related_name="outreach_attendances"
    )
    business = models.ForeignKey("umkm.Business", null=True, blank=True, on_delete=models.CASCADE, related_name="outreach_attendances")
    person = models.ForeignKey("enrollment.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="outreach_attendances")
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
                ),
                name="outreachattendance_exactly_one",
            ),
            models.UniqueConstraint(fields=["event", "cooperative"], name="outreachattendance_unique_coop"),
            models.UniqueConstraint(fields=["event", "business"], name="outreachattendance_unique_business"),
            models.UniqueConstraint(fields=["event", "person"], name="outreachattendance_unique_person"),
        ]

    def __str__(self):
        return f"{self.event}: {self.attendee}"

    @property
    def kind(self) -> str:
        return "koperasi" if self.cooperative_id else "usaha" if self.business_id else "orang"

    @property
    def attendee(self):
        return self.cooperative or self.business or self.person
