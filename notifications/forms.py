from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Channel, Kind, Status


class PreferenceForm(forms.Form):
    channel = forms.ChoiceField(label=_("Saluran pilihan"), choices=Channel.choices)
    phone_consent = forms.BooleanField(
        label=_("Saya setuju nomor telepon saya dipakai untuk pesan WhatsApp/SMS dari aplikasi ini."), required=False
    )


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Semua status")), *Status.choices], required=False)
    kind = forms.ChoiceField(label=_("Jenis"), choices=[("", _("Semua jenis")), *Kind.choices], required=False)
