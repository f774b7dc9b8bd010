from django.contrib import admin

from imports.models import ColumnMapping, ImportChange, ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("id", "importer", "file_name", "state", "user", "created_at", "created_count", "updated_count", "error_count")
    list_filter = ("importer", "state")
    readonly_fields = [f.name for f in ImportJob._meta.fields]


@admin.register(ImportChange)
class ImportChangeAdmin(admin.ModelAdmin):
    """The audit trail of imports, read only: which job created or changed which object."""

    list_display = ("job", "model", "object_id", "action", "fields")
    list_filter = ("model", "action")
    search_fields = ("=job__id", "=object_id")
    list_select_related = ("job",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ("importer", "header", "field", "user", "updated_at")
    list_filter = ("importer",)
