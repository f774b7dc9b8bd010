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
        _show_imports_in_admin_history()


HISTORY_MODELS = ("umkm.Business", "enrollment.Person", "cooperatives.Cooperative", "enrollment.Participation")


def _show_imports_in_admin_history():
    """The admin's "Riwayat" page of the register objects an import writes also lists the imports
    that created or changed them (the admin classes stay in their apps, untouched)."""
    from django.apps import apps
    from django.contrib import admin

    for label in HISTORY_MODELS:
        model_admin = admin.site._registry.get(apps.get_model(label))
        if model_admin is not None and model_admin.object_history_template is None:
            model_admin.object_history_template = "imports/admin_object_history.html"
