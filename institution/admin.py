from django.contrib import admin

from institution.models import Instansi


@admin.register(Instansi)
class InstansiAdmin(admin.ModelAdmin):
    list_display = ("region_name", "region_code", "time_zone", "letter_code", "updated_at")
    readonly_fields = ("updated_at",)

    def has_add_permission(self, request):
        return not Instansi.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        from institution.services import instansi_update

        instansi_update(user=request.user, instance=obj, changed={name: form.cleaned_data[name] for name in form.changed_data})
