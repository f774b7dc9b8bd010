from django.contrib import admin

from imports.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("id", "importer", "file_name", "state", "user", "created_at", "created_count", "updated_count", "error_count")
    list_filter = ("importer", "state")
    readonly_fields = [f.name for f in ImportJob._meta.fields]
