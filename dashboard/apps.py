from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dasbor")

    def ready(self):
        from core import facts as core_facts
        from dashboard import facts, home, signals

        home.register()
        signals.connect()
        core_facts.on_bulk_change(facts.on_bulk_change)
        core_facts.on_scoped_change(facts.on_scoped_change)
