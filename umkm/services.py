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
from core.scale import ScaleTable
from enrollment.models import Person
from enrollment.services import person_get_or_create
from umkm.models import Business, ScaleCriterion

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


def scale_table_on(as_of: date) -> ScaleTable:
    """The PP 7/2021 rule in force on ``as_of`` (``core.scale.ScaleTable``: Python and SQL)."""
    return ScaleTable.of(scale_criteria_on(as_of))


def classify_scale(
    *,
    capital: int | None,
    annual_sales: int | None,
    as_of: date | None = None,
    criteria: list[ScaleCriterion] | ScaleTable | None = None,
) -> str:
    """PP 7/2021: a business is in the smallest class whose limits it stays within.

    Capital (excluding land and buildings) and annual sales are both criteria; where both are
    known the higher class of the two applies, so a business is never under-classified. With
    neither known it counts as mikro. The rule itself is ``core.scale.ScaleTable``.
    """
    if criteria is None:
        criteria = scale_criteria_on(as_of or timezone.localdate())
    table = criteria if isinstance(criteria, ScaleTable) else ScaleTable.of(criteria)
    return table.classify(capital=capital, annual_sales=annual_sales)


# What a write of a business sets, whoever writes it: the form and the admin (``business_save``),
# the importer's embedded write and its PostgreSQL SQL (``umkm.importers``) all read these. The
# fields by model name (``owner`` and ``desa`` are foreign keys), in the order the importer
# compares them; ``scale`` is then derived from capital and sales (``classify_scale``).
BUSINESS_WRITTEN = ("name", "nib", "owner", "kbli", "capital", "annual_sales", "worker_count", "desa", "address", "in_official_db")
# Of those, what an imported row leaves blank keeps the register's value: a file never erases.
# A form sets every field it shows, blank included.
KEPT_WHEN_BLANK = ("kbli", "capital", "annual_sales", "worker_count", "address", "in_official_db")
# ``business_save`` also takes where the record comes from and the cooperative it belongs to.
BUSINESS_FIELDS = (*(name for name in BUSINESS_WRITTEN if name != "owner"), "source", "cooperative")


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
