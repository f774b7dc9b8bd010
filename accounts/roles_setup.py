"""The role groups and the model permissions each one holds (used by the Django admin).

Object-level scoping (a cooperative head sees only his cooperative) lives in the selectors; these
permissions only decide what the admin site offers.
"""

from django.contrib.auth.models import Group, Permission

from core.roles import Role

# app_label -> actions per role; "*" means every model of the app.
ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.DINAS: {
        "cooperatives": ("view", "add", "change"),
        "umkm": ("view", "add", "change"),
        "enrollment": ("view",),
        "regions": ("view",),
    },
    Role.BPJS: {
        "enrollment": ("view", "add", "change"),
        "cooperatives": ("view",),
        "umkm": ("view",),
        "regions": ("view",),
    },
    Role.KEPALA_CABANG: {
        "enrollment": ("view",),
        "cooperatives": ("view",),
        "umkm": ("view",),
        "regions": ("view",),
    },
    Role.KOPERASI: {},
    Role.BANK: {},
    Role.ADMIN: {},  # administrators are superusers
}


def ensure_role_groups(sender=None, **kwargs):
    """Create the six role groups and (re)assign their model permissions; idempotent."""
    for role in Role.values:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = ROLE_PERMISSIONS.get(role, {})
        perms = []
        for app_label, actions in wanted.items():
            for action in actions:
                perms.extend(Permission.objects.filter(content_type__app_label=app_label, codename__startswith=f"{action}_"))
        if perms:
            group.permissions.set(perms)
