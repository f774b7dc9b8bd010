from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import AccessEvent, Bank, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "email", "role_names", "bank", "is_active", "last_login")
    list_filter = ("groups", "bank", "is_active")
    search_fields = ("username", "full_name", "email")
    fieldsets = BaseUserAdmin.fieldsets + ((_("Kolaka Jamsostek"), {"fields": ("full_name", "title", "nip", "phone", "bank")}),)  # type: ignore[operator]  # UserAdmin sets fieldsets

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("bank").prefetch_related("groups")

    @admin.display(description=_("peran"))
    def role_names(self, obj):
        return ", ".join(group.name for group in obj.groups.all())


@admin.register(Bank)
class BankAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_active")
    search_fields = ("name", "code")
    list_filter = ("is_active",)


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "action", "target", "ip_address")
    list_filter = ("action",)
    search_fields = ("target", "user__username")
    date_hierarchy = "created_at"
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
