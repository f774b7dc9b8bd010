from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from enrollment.models import BpuBracket, Participation, Person, PuRate


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "masked_nik_column", "gender", "desa", "nik_region_known")
    list_filter = ("gender", "nik_region_known")
    search_fields = ("name", "=nik")
    raw_id_fields = ("desa",)
    list_select_related = ("desa",)

    @admin.display(description=_("NIK"))
    def masked_nik_column(self, obj):
        return obj.masked_nik


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ("kpj", "person_name", "masked_nik_column", "segment", "started_on", "last_paid_month", "ended_on")
    list_filter = ("segment", "jkk", "jkm", "jht", "jp", "jkp")
    search_fields = ("=kpj", "person__name", "=person__nik", "npp")
    raw_id_fields = ("person",)
    list_select_related = ("person",)

    @admin.display(description=_("nama"))
    def person_name(self, obj):
        return obj.person.name

    @admin.display(description=_("NIK"))
    def masked_nik_column(self, obj):
        return obj.person.masked_nik


@admin.register(PuRate)
class PuRateAdmin(admin.ModelAdmin):
    list_display = ("programme", "risk_class", "effective_from", "employer_pct", "worker_pct", "government_pct", "wage_cap")
    list_filter = ("programme",)


@admin.register(BpuBracket)
class BpuBracketAdmin(admin.ModelAdmin):
    list_display = ("effective_from", "income_from", "income_to", "jkk", "jkm", "jht")
    list_filter = ("effective_from",)
