from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = _("Rekomendasi BPJS Ketenagakerjaan")

    def ready(self):
        from auditlog.registry import auditlog

        from compliance import home, models

        auditlog.register(models.ComplianceSettings)
        auditlog.register(models.RuleSet)
        auditlog.register(models.RecommendationRequest, exclude_fields=["eligibility", "updated_at"])
        auditlog.register(models.Letter, exclude_fields=["pdf", "eligibility"])
        auditlog.register(models.GateDecision)
        home.register()

        from compliance import hub

        hub.register()
