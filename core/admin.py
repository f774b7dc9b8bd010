"""The audit log's admin in the active language (django-auditlog leaves a few strings outside gettext)."""

from __future__ import annotations

from auditlog.admin import LogEntryAdmin
from auditlog.mixins import MAX
from auditlog.models import LogEntry
from django.contrib import admin
from django.utils.functional import Promise
from django.utils.html import format_html

from core.formatting import waktu
from core.third_party import change_summary, english


class TranslatedLogEntryAdmin(LogEntryAdmin):
    @admin.display(description=english("Created"), ordering="timestamp")
    def created(self, obj: LogEntry) -> str:
        return waktu(obj.timestamp)

    @admin.display(description=english("User"))
    def user_url(self, obj: LogEntry) -> str | Promise:
        if obj.actor:
            return super().user_url(obj)
        return english("system")

    @admin.display(description=english("Changes"))
    def msg_short(self, obj: LogEntry) -> str:
        if obj.action in (LogEntry.Action.DELETE, LogEntry.Action.ACCESS):
            return ""
        changes = obj.changes_dict
        fields = ", ".join(changes.keys())
        if len(fields) > MAX:
            fields = fields[: fields.rfind(" ", 0, MAX)] + " .."
        return change_summary(len(changes), fields)

    @admin.display(description=english("Correlation ID"))
    def cid_url(self, obj: LogEntry) -> str | None:
        if obj.cid:
            url = self._add_query_parameter("cid", obj.cid)
            return format_html('<a href="{}" title="{}">{}</a>', url, self.CID_TITLE, obj.cid)
        return None


if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
admin.site.register(LogEntry, TranslatedLogEntryAdmin)
