from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from umkm.models import Business, ScaleCriterion


@admin.register(Business)
class BusinessAdmin(admin.ModelAdmin):
    list_display = ("name", "nib", "owner_name", "masked_nik_column", "kbli", "scale", "desa", "in_official_db")
    list_filter = ("scale", "in_official_db", "source")
    search_fields = ("name", "nib", "owner__name", "=owner__nik", "kbli")
    raw_id_fields = ("owner", "desa", "cooperative")
    list_select_related = ("owner", "desa")
    readonly_fields = ("scale",)

    @admin.display(description=_("pemilik"))
    def owner_name(self, obj):
        return obj.owner.name

    @admin.display(description=_("NIK pemilik"))
    def masked_nik_column(self, obj):
        return obj.owner.masked_nik


@admin.register(ScaleCriterion)
class ScaleCriterionAdmin(admin.ModelAdmin):
    list_display = ("scale", "effective_from", "capital_max", "sales_max", "legal_basis")
