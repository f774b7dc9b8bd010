from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import USERNAME_MAX_LENGTH


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil."),
        "inactive": _("Akun ini tidak aktif."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        # The model's 150 characters, said in Bahasa Indonesia (an oversize name never reaches axes).
        self.fields["username"].max_length = USERNAME_MAX_LENGTH
        self.fields["username"].widget.attrs["maxlength"] = str(USERNAME_MAX_LENGTH)
        self.fields["password"].label = _("Kata sandi")

    def clean_username(self):
        """AuthenticationForm sets ``max_length`` after the field is built, so no validator checks
        it: an oversize name would reach authenticate() and the lockout table (a 500 on PostgreSQL)."""
        username = str(self.cleaned_data.get("username") or "").replace("\x00", "")
        if len(username) > USERNAME_MAX_LENGTH:
            raise ValidationError(_("Nama pengguna paling banyak %(max)d karakter.") % {"max": USERNAME_MAX_LENGTH}, code="max_length")
        return username
