from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UmkmConfig(AppConfig):
    name = "umkm"
    verbose_name = _("UMKM")

    def ready(self):
        from umkm import home

        home.register()

        from core.search import register_search
        from umkm.selectors import business_search_group

        register_search(business_search_group)
