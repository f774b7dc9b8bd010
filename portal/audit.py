"""Every change a cooperative head makes to people, positions, what his cooperative supplied
about them and delegate access is audited.

Registered here only if no other app registered the model first (``auditlog`` keeps one entry per
model); the actor comes from ``AuditlogMiddleware``. The NIK and phone are masked in the change log.
"""

from auditlog.registry import auditlog


def register() -> None:
    from cooperatives.models import CooperativeAccess, Position
    from enrollment.models import Person
    from portal.models import SuppliedPersonData

    if not auditlog.contains(Person):
        auditlog.register(Person, mask_fields=["nik", "phone"])
    if not auditlog.contains(Position):
        auditlog.register(Position)
    if not auditlog.contains(CooperativeAccess):
        auditlog.register(CooperativeAccess)
    if not auditlog.contains(SuppliedPersonData):
        auditlog.register(SuppliedPersonData, mask_fields=["phone"])
