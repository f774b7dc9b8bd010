from django.contrib import admin

from outreach.models import OutreachAttendance, OutreachEvent


class AttendanceInline(admin.TabularInline):
    model = OutreachAttendance
    raw_id_fields = ("cooperative", "business", "person", "desa")
    extra = 0


@admin.register(OutreachEvent)
class OutreachEventAdmin(admin.ModelAdmin):
    list_display = ("title", "held_on", "place", "kecamatan")
    list_filter = ("kecamatan",)
    date_hierarchy = "held_on"
    inlines = [AttendanceInline]
