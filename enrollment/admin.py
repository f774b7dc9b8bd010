from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.formatting import tanggal
from enrollment.models import BpuBracket, Participation, PaymentRule, Person, ProgrammeObligation, PuRate, Relief, SponsorProgramme
from enrollment.services import dated_rule_save, nik_check, person_create, person_update


class PersonAdminForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ("nik", "name", "gender", "birth_date", "phone", "desa", "address")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and cleaned.get("nik"):
            try:
                info, _warnings = nik_check(cleaned["nik"], gender=cleaned.get("gender"), birth_date=cleaned.get("birth_date"))
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
        return cleaned


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonAdminForm
    list_display = ("name", "masked_nik_column", "gender", "desa", "nik_region_known")
    list_filter = ("gender", "nik_region_known")
    search_fields = ("name", "=nik")
    raw_id_fields = ("desa",)
    list_select_related = ("desa",)
    readonly_fields = ("nik_region_known",)

    def get_readonly_fields(self, request, obj=None):
        # The NIK is the identity; gender and birth date follow from it.
        if obj is not None:
            return ("nik", "gender", "birth_date", "nik_region_known")
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            person_update(person=obj, name=obj.name, phone=obj.phone, desa=obj.desa, address=obj.address)
            return
        result = person_create(
            nik=obj.nik, name=obj.name, gender=obj.gender, birth_date=obj.birth_date, phone=obj.phone, desa=obj.desa, address=obj.address
        )
        obj.pk = result.person.pk
        for warning in result.warnings:
            self.message_user(request, warning, level="warning")

    @admin.display(description=_("NIK"))
    def masked_nik_column(self, obj):
        return obj.masked_nik


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = (
        "kpj",
        "person_name",
        "masked_nik_column",
        "segment",
        "payer",
        "started_on",
        "last_paid_month",
        "reported_status",
        "ended_on",
    )
    list_filter = ("segment", "payer", "reported_status", "jkk", "jkm", "jht", "jp", "jkp")
    raw_id_fields = ("person", "sponsor_programme")
    search_fields = ("=kpj", "person__name", "=person__nik", "npp")
    list_select_related = ("person",)

    @admin.display(description=_("nama"))
    def person_name(self, obj):
        return obj.person.name

    @admin.display(description=_("NIK"))
    def masked_nik_column(self, obj):
        return obj.person.masked_nik


class DatedRuleAdmin(admin.ModelAdmin):
    """Rows are validated by the model (overlaps refused) and saved through
    ``enrollment.services.dated_rule_save``, which closes the open-ended row a new one supersedes."""

    def save_model(self, request, obj, form, change):
        for row in dated_rule_save(row=obj):
            self.message_user(
                request,
                _("%(row)s ditutup per %(date)s karena digantikan baris baru.") % {"row": row, "date": tanggal(row.effective_to)},
                level="warning",
            )


@admin.register(PuRate)
class PuRateAdmin(DatedRuleAdmin):
    list_display = (
        "programme",
        "risk_class",
        "effective_from",
        "effective_to",
        "employer_pct",
        "worker_pct",
        "government_pct",
        "recomposed_pct",
        "wage_cap",
        "legal_basis",
    )
    list_filter = ("programme",)


@admin.register(BpuBracket)
class BpuBracketAdmin(DatedRuleAdmin):
    list_display = ("effective_from", "effective_to", "income_from", "income_to", "jkk", "jkm", "jht", "legal_basis")
    list_filter = ("effective_from",)


@admin.register(Relief)
class ReliefAdmin(DatedRuleAdmin):
    list_display = ("name", "segment", "sector", "discount_pct", "effective_from", "effective_to", "legal_basis")
    list_filter = ("segment", "sector")


@admin.register(ProgrammeObligation)
class ProgrammeObligationAdmin(DatedRuleAdmin):
    list_display = ("scale", "jkk", "jkm", "jht", "jp", "jkp", "effective_from", "effective_to", "legal_basis")
    list_filter = ("scale",)


@admin.register(PaymentRule)
class PaymentRuleAdmin(DatedRuleAdmin):
    list_display = ("effective_from", "effective_to", "bpu_due_day", "pu_due_day", "bpu_max_arrears_months", "legal_basis")


@admin.register(SponsorProgramme)
class SponsorProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "sponsor", "budget_year", "quota", "state_budget")
    list_filter = ("kind", "budget_year", "state_budget")
    search_fields = ("name", "sponsor")
    raw_id_fields = ("desa",)
