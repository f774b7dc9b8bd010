from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from umkm.models import Business, ScaleCriterion
from umkm.services import BUSINESS_FIELDS, business_save


@admin.register(Business)
class BusinessAdmin(admin.ModelAdmin):
    list_display = ("name", "nib", "owner_name", "masked_nik_column", "kbli", "scale", "desa", "in_official_db")
    list_filter = ("scale", "in_official_db", "source")
    search_fields = ("name", "nib", "owner__name", "=owner__nik", "kbli")
    raw_id_fields = ("owner", "desa", "cooperative")
    list_select_related = ("owner", "desa")
    readonly_fields = ("scale",)

    def save_model(self, request, obj, form, change):
        values = {field: getattr(obj, field) for field in BUSINESS_FIELDS}
        saved = business_save(owner=obj.owner, business=obj if change else None, **values)
        obj.pk = saved.pk

    @admin.display(description=_("pemilik"))
    def owner_name(self, obj):
        return obj.owner.name

    @admin.display(description=_("NIK pemilik"))
    def masked_nik_column(self, obj):
        return obj.owner.masked_nik


@admin.register(ScaleCriterion)
class ScaleCriterionAdmin(admin.ModelAdmin):
    list_display = ("scale", "effective_from", "capital_max", "sales_max", "legal_basis")
