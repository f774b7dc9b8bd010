"""The audit log records the real client address (``core.client_ip``), not the proxy's nor a
forged first entry of ``X-Forwarded-For``."""

from auditlog.middleware import AuditlogMiddleware

from core.client_ip import client_ip


class ClientIpAuditlogMiddleware(AuditlogMiddleware):
    @staticmethod
    def _get_remote_addr(request):
        from django.conf import settings

        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_ip(request)
