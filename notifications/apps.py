from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifikasi")

    def ready(self):
        from auditlog.registry import auditlog

        from core.navigation import NAVIGATION, NavEntry
        from notifications.models import ContactPreference

        auditlog.register(ContactPreference)
        NAVIGATION.append(NavEntry("notifications:outbox", _("Pesan terkirim"), ("admin", "dinas"), group="monitoring"))
        NAVIGATION.append(NavEntry("notifications:mine", _("Pesan saya"), ("koperasi",)))
