from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    name = "enrollment"
    verbose_name = _("Kepesertaan BPJS")

    def ready(self):
        from core.search import register_search
        from enrollment.selectors import person_search_group

        register_search(person_search_group)
