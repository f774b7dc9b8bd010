from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    name = "enrollment"
    verbose_name = _("Kepesertaan BPJS")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.search import register_search
        from enrollment.models import PaymentRule
        from enrollment.status import forget_terms

        post_save.connect(forget_terms, sender=PaymentRule, dispatch_uid="enrollment.forget_terms.save")
        post_delete.connect(forget_terms, sender=PaymentRule, dispatch_uid="enrollment.forget_terms.delete")
        from enrollment.selectors import person_search_group

        register_search(person_search_group)
