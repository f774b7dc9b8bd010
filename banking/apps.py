from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BankingConfig(AppConfig):
    name = "banking"
    verbose_name = _("Kanal bank")

    def ready(self):
        from banking import home

        home.register()

        from banking import hub

        hub.register()
