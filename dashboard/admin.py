from django.contrib import admin

from dashboard.models import DashboardSnapshot, Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("indicator", "year", "value", "notes", "updated_at")
    list_filter = ("year", "indicator")


@admin.register(DashboardSnapshot)
class DashboardSnapshotAdmin(admin.ModelAdmin):
    list_display = ("key", "computed_at", "duration_ms")
    readonly_fields = ("key", "data", "computed_at", "duration_ms")

    def has_add_permission(self, request):
        return False
