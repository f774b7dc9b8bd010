from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    name = "cooperatives"
    verbose_name = _("Koperasi")

    def ready(self):
        from cooperatives import home

        home.register()

        from cooperatives.selectors import cooperative_search_group
        from core.search import register_search

        register_search(cooperative_search_group)
