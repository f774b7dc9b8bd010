from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionConfig(AppConfig):
    name = "institution"
    verbose_name = _("Instansi")

    def ready(self):
        from auditlog.registry import auditlog

        from institution.models import Instansi
        from institution.selectors import regency_code, regency_code_expression
        from regions.services import register_served_regency

        auditlog.register(Instansi)
        register_served_regency(code=regency_code, expression=regency_code_expression)
