from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        from core.third_party import translate_third_party_names

        translate_third_party_names()
