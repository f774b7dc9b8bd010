from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Pelindungan data pribadi")

    def ready(self):
        from privacy import audit

        audit.register_foundation_models()
