"""Every change a cooperative head makes to people, positions and delegate access is audited.

Registered here only if no other app registered the model first (``auditlog`` keeps one entry per
model); the actor comes from ``AuditlogMiddleware``. The NIK and phone are masked in the change log.
"""

from auditlog.registry import auditlog


def register() -> None:
    from cooperatives.models import CooperativeAccess, Position
    from enrollment.models import Person

    if not auditlog.contains(Person):
        auditlog.register(Person, mask_fields=["nik", "phone"])
    if not auditlog.contains(Position):
        auditlog.register(Position)
    if not auditlog.contains(CooperativeAccess):
        auditlog.register(CooperativeAccess)
