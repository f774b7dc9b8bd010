from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from rest_framework_api_key.admin import APIKeyModelAdmin

from banking.models import BankApiKey, BankVerification, Disbursement
from banking.services import api_key_revoke


@admin.register(BankApiKey)
class BankApiKeyAdmin(APIKeyModelAdmin):
    """Admin creates keys (the plaintext is shown once), sets expiry and per-key rate, revokes."""

    list_display = ("prefix", "name", "bank", "created", "expiry_date", "_has_expired", "revoked", "rate_per_minute")  # type: ignore[assignment]  # the library types its own tuples by length
    list_filter = ("bank", "revoked", "created")  # type: ignore[assignment]
    search_fields = ("name", "prefix", "bank__name")  # type: ignore[assignment]
    list_select_related = ("bank",)
    fields = ("bank", "name", "expiry_date", "rate_per_minute", "revoked", "prefix")
    actions = ["revoke_keys"]

    def save_model(self, request, obj, form=None, change=False):
        if not obj.pk:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_lazy("Cabut kunci terpilih"))
    def revoke_keys(self, request, queryset):
        for key in queryset.filter(revoked=False):
            api_key_revoke(api_key=key)
        self.message_user(request, _("Kunci terpilih telah dicabut."), messages.SUCCESS)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BankVerification)
class BankVerificationAdmin(ReadOnlyAdmin):
    list_display = ("receipt_id", "created_at", "bank", "channel", "purpose", "scheme", "is_active_participant", "kur_rule_met")
    list_filter = ("bank", "purpose", "channel", "is_active_participant")
    search_fields = ("receipt_id",)
    list_select_related = ("bank",)
    exclude = ("nik_hash",)
    date_hierarchy = "created_at"


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyAdmin):
    list_display = ("bank_reference", "bank", "scheme", "amount", "disbursed_on", "verification")
    list_filter = ("bank", "scheme")
    search_fields = ("bank_reference",)
    list_select_related = ("bank", "verification")
    exclude = ("borrower_nik_hash",)
    date_hierarchy = "disbursed_on"
