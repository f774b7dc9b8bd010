from django.contrib import admin

from compliance.models import ComplianceSettings, GateDecision, Letter, RecommendationRequest, RuleSet


@admin.register(ComplianceSettings)
class ComplianceSettingsAdmin(admin.ModelAdmin):
    list_display = ("validity_months", "updated_at")

    def has_add_permission(self, request):
        return not ComplianceSettings.objects.exists()

    def save_model(self, request, obj, form, change):
        from compliance.services import settings_update

        settings_update(user=request.user, **{name: form.cleaned_data[name] for name in form.changed_data})

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ("version", "effective_from", "bpu_max_arrears_months", "pu_max_arrears_months", "jp_age_limit")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Workflow records change only through the services (audit and rules cannot be bypassed)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RecommendationRequest)
class RecommendationRequestAdmin(ReadOnlyAdmin):
    list_display = ("cooperative", "purpose", "state", "submitted_at", "eligible")
    list_filter = ("state", "purpose")
    search_fields = ("cooperative__name",)
    list_select_related = ("cooperative",)


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ("number", "cooperative", "purpose", "issued_on", "valid_until", "revoked_at", "superseded_at")
    search_fields = ("number", "cooperative__name")
    list_select_related = ("cooperative",)
    exclude = ("pdf",)


@admin.register(GateDecision)
class GateDecisionAdmin(ReadOnlyAdmin):
    list_display = ("cooperative", "purpose", "outcome", "decided_on", "letter")
    list_select_related = ("cooperative", "letter")
