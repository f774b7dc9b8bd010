"""The audit trail: which models django-auditlog records, and how personal identifiers are masked.

Every write to a register model is recorded by django-auditlog (who, when, from which address,
what changed). NIK and phone numbers are masked in the stored change records. Reads of unmasked
personal data and exports are recorded separately as ``accounts.AccessEvent`` (see
``accounts.services.access_log``).

The foundation apps' models are registered here, in one place. A feature app registers its own
models in its ``AppConfig.ready()`` with ``auditlog.register(Model, mask_fields=[...])``.
"""

from __future__ import annotations

from auditlog.registry import auditlog

from core.identifiers import mask_nik, mask_phone

# Fields that hold a NIK or a phone number, masked in every change record.
PERSONAL_IDENTIFIER_FIELDS = ("nik", "phone", "owner_nik", "nik_pemilik")


def mask_value(value: str) -> str:
    """Mask a NIK (16 digits) or a phone number; anything else keeps only its last 4 characters."""
    text = str(value or "")
    digits = text.replace(" ", "")
    if len(digits) == 16 and digits.isdigit():
        return mask_nik(digits)
    if digits.startswith(("0", "+62", "62")) and digits.lstrip("+").isdigit():
        return mask_phone(digits)
    if len(text) <= 4:
        return "*" * len(text)
    return "*" * (len(text) - 4) + text[-4:]


def _register(model, *, exclude_fields=(), mask_fields=(), m2m_fields=()):
    if auditlog.contains(model):
        return
    auditlog.register(
        model,
        exclude_fields=list(exclude_fields),
        mask_fields=list(mask_fields),
        m2m_fields=set(m2m_fields),
    )


def register_foundation_models() -> None:
    from accounts.models import Bank, User
    from cooperatives import models as coop
    from enrollment.models import BpuBracket, Participation, Person, PuRate
    from umkm.models import Business, ScaleCriterion

    _register(User, exclude_fields=("password", "last_login"), mask_fields=("phone",), m2m_fields=("groups",))
    _register(Bank)
    _register(Person, mask_fields=("nik", "phone"))
    _register(Participation)
    _register(PuRate)
    _register(BpuBracket)
    for name in ("Cooperative", "CooperativeStatusChange", "Position", "AnnualMeeting", "CooperativeAccess"):
        model = getattr(coop, name, None)
        if model is not None:
            _register(model)
    _register(Business)
    _register(ScaleCriterion)
