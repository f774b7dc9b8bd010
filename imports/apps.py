from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Impor berkas")

    def ready(self):
        # Each register app keeps its importer in <app>/importers.py; loading them registers them.
        autodiscover_modules("importers")
        from imports import home

        home.register()
