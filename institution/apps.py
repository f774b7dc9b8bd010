from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionConfig(AppConfig):
    name = "institution"
    verbose_name = _("Instansi")

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import post_delete, post_save

        from institution.models import Instansi
        from institution.selectors import forget_instansi, regency_code, regency_code_expression
        from regions.services import register_served_regency

        auditlog.register(Instansi)
        post_save.connect(forget_instansi, sender=Instansi, dispatch_uid="institution.forget_instansi.save")
        post_delete.connect(forget_instansi, sender=Instansi, dispatch_uid="institution.forget_instansi.delete")
        register_served_regency(code=regency_code, expression=regency_code_expression)
