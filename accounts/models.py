from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Bank(models.Model):
    """A bank channelling KUR/BPUM that checks enrolment (Himbara and others)."""

    code = models.SlugField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama bank"), max_length=120, unique=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("bank")
        verbose_name_plural = _("bank")
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person who logs in. Roles are groups; a bank officer belongs to one bank.

    A cooperative head's binding to his cooperative(s) lives in ``cooperatives.CooperativeAccess``
    (the accounts app sits below cooperatives).
    """

    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    title = models.CharField(_("jabatan"), max_length=150, blank=True)
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{18}$", _("NIP terdiri atas 18 angka."))],
        help_text=_("Nomor induk pegawai; dicetak di bawah nama penanda tangan surat."),
    )
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    bank = models.ForeignKey(Bank, verbose_name=_("bank"), null=True, blank=True, on_delete=models.PROTECT, related_name="users")

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self):
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)


class AccessEvent(models.Model):
    """A sensitive read or an export: who looked at or took out which data, when and why."""

    class Action(models.TextChoices):
        EXPORT = "export", _("Ekspor data")
        PERSONAL_DATA = "personal_data", _("Baca data pribadi tanpa samaran")
        BANK_LOOKUP = "bank_lookup", _("Pemeriksaan oleh bank")
        DOWNLOAD = "download", _("Unduh dokumen")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="access_events")
    action = models.CharField(_("tindakan"), max_length=20, choices=Action.choices)
    target = models.CharField(_("objek"), max_length=200)
    details = models.JSONField(_("rincian"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("catatan akses")
        verbose_name_plural = _("catatan akses")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.target}"
