from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cooperatives.models import AnnualMeeting, Cooperative, CooperativeAccess, CooperativeStatusChange, Position
from cooperatives.services import COOPERATIVE_FIELDS, cooperative_save, cooperative_scale_set


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    raw_id_fields = ("person",)


class AnnualMeetingInline(admin.TabularInline):
    model = AnnualMeeting
    extra = 0


@admin.register(Cooperative)
class CooperativeAdmin(admin.ModelAdmin):
    list_display = ("name", "nomor_induk", "jenis", "status", "desa", "npp", "member_count")
    list_filter = ("jenis", "status", "health", "is_merah_putih")
    search_fields = ("name", "nomor_induk", "sk_number", "nib", "npp")
    raw_id_fields = ("desa",)
    list_select_related = ("desa",)
    inlines = [PositionInline, AnnualMeetingInline]
    readonly_fields = ("scale", "scale_basis", "scale_determined_on", "scale_determined_by")

    def save_model(self, request, obj, form, change):
        values = {field: getattr(obj, field) for field in COOPERATIVE_FIELDS}
        saved = cooperative_save(cooperative=obj if change else None, status=obj.status, user=request.user, **values)
        obj.pk = saved.pk
        if {"capital", "annual_sales", "scale_source"} & set(form.changed_data):
            cooperative_scale_set(
                cooperative=saved,
                capital=form.cleaned_data.get("capital"),
                annual_sales=form.cleaned_data.get("annual_sales"),
                source=form.cleaned_data.get("scale_source", ""),
                user=request.user,
            )


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("cooperative", "role", "person_name", "masked_nik_column", "started_on", "ended_on")
    list_filter = ("role",)
    search_fields = ("cooperative__name", "person__name", "=person__nik")
    raw_id_fields = ("cooperative", "person")
    list_select_related = ("cooperative", "person")

    @admin.display(description=_("nama"))
    def person_name(self, obj):
        return obj.person.name

    @admin.display(description=_("NIK"))
    def masked_nik_column(self, obj):
        return obj.person.masked_nik


@admin.register(AnnualMeeting)
class AnnualMeetingAdmin(admin.ModelAdmin):
    list_display = ("cooperative", "book_year", "held_on", "reported_on")
    list_filter = ("book_year",)
    search_fields = ("cooperative__name",)
    raw_id_fields = ("cooperative",)


@admin.register(CooperativeStatusChange)
class CooperativeStatusChangeAdmin(admin.ModelAdmin):
    list_display = ("cooperative", "from_status", "to_status", "changed_on", "changed_by")
    list_filter = ("to_status",)
    search_fields = ("cooperative__name",)
    raw_id_fields = ("cooperative",)


@admin.register(CooperativeAccess)
class CooperativeAccessAdmin(admin.ModelAdmin):
    list_display = ("user", "cooperative", "role", "is_active", "created_at")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "cooperative__name")
    raw_id_fields = ("user", "cooperative", "invited_by")
