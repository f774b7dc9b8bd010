from django.contrib import admin

from dashboard.models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("indicator", "year", "value", "notes", "updated_at")
    list_filter = ("year", "indicator")
