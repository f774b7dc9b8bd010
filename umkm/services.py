"""Writes of UMKM businesses, and the PP 7/2021 scale class."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import identifiers
from enrollment.models import Person
from enrollment.services import person_get_or_create
from umkm.models import SCALE_ORDER, Business, Scale, ScaleCriterion

if TYPE_CHECKING:
    from enrollment.models import Person


def scale_criteria_on(as_of: date) -> list[ScaleCriterion]:
    """The scale limits in force on ``as_of``, smallest class first."""
    latest = (
        ScaleCriterion.objects.filter(effective_from__lte=as_of)
        .order_by("-effective_from")
        .values_list("effective_from", flat=True)
        .first()
    )
    if latest is None:
        return []
    return list(ScaleCriterion.objects.filter(effective_from=latest).order_by("capital_max"))


def classify_scale(
    *, capital: int | None, annual_sales: int | None, as_of: date | None = None, criteria: list[ScaleCriterion] | None = None
) -> str:
    """PP 7/2021: a business is in the smallest class whose limits it stays within.

    Capital (excluding land and buildings) and annual sales are both criteria; where both are
    known the higher class of the two applies, so a business is never under-classified. With
    neither known it counts as mikro.
    """
    criteria = criteria if criteria is not None else scale_criteria_on(as_of or timezone.localdate())

    def by(value: int | None, attribute: str) -> str | None:
        if value is None:
            return None
        for criterion in criteria:
            if value <= getattr(criterion, attribute):
                return criterion.scale
        return Scale.BESAR

    classes = [c for c in (by(capital, "capital_max"), by(annual_sales, "sales_max")) if c is not None]
    if not classes:
        return Scale.MIKRO
    return max(classes, key=lambda c: SCALE_ORDER.index(c))  # type: ignore[arg-type]  # a Scale value read from a CharField


BUSINESS_FIELDS = (
    "name",
    "nib",
    "kbli",
    "capital",
    "annual_sales",
    "worker_count",
    "desa",
    "address",
    "in_official_db",
    "source",
    "cooperative",
)


@transaction.atomic
def business_save(*, owner: Person, business: Business | None = None, **values: Any) -> Business:
    """Create or update a business; identifiers are normalised and the scale class recomputed."""
    unknown = set(values) - set(BUSINESS_FIELDS)
    if unknown:
        raise TypeError(f"unknown business fields: {sorted(unknown)}")
    if values.get("nib"):
        values["nib"] = identifiers.normalize_nib(values["nib"])
    elif "nib" in values:
        values["nib"] = None
    if values.get("kbli"):
        values["kbli"] = identifiers.normalize_kbli(values["kbli"])
    business = business or Business()
    business.owner = owner
    for key, value in values.items():
        setattr(business, key, value)
    business.scale = classify_scale(capital=business.capital, annual_sales=business.annual_sales)
    if business.nib is None and Business.objects.filter(owner=owner, name=business.name, nib__isnull=True).exclude(pk=business.pk).exists():
        raise ValidationError({"name": _("Pemilik ini sudah memiliki usaha dengan nama yang sama.")})
    business.full_clean()
    business.save()
    return business


@dataclass
class BusinessRegistration:
    business: Business
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def business_register(
    *, owner_nik: str, owner_name: str = "", owner_phone: str = "", business: Business | None = None, **values: Any
) -> BusinessRegistration:
    """Register or correct a business together with its owner, in one transaction.

    The owner is the person with ``owner_nik``, registered with ``owner_name`` if the NIK is new
    (a new NIK without a name is refused); correcting a business with no NIK given keeps its owner.
    Nothing is written when either step fails. The warnings are the owner's NIK warnings."""
    if business and not owner_nik:
        return BusinessRegistration(business=business_save(owner=business.owner, business=business, **values))
    try:
        nik = identifiers.normalize_nik(owner_nik)
    except ValidationError as error:
        raise ValidationError({"owner_nik": error.messages}) from error
    if not owner_name and not Person.objects.filter(nik=nik).exists():
        raise ValidationError({"owner_name": _("NIK belum terdaftar: isi nama pemilik.")})
    owner = person_get_or_create(nik=nik, name=owner_name, phone=owner_phone, desa=values.get("desa"))
    return BusinessRegistration(business=business_save(owner=owner.person, business=business, **values), warnings=owner.warnings)
