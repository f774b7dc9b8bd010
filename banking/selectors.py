"""Role-scoped reads of the bank channel.

- ``verification_queryset_for(user)``: Dinas and admin see every check; a bank user his bank's; a
  cooperative head the checks made about a person while she held a position in one of his
  cooperatives; other roles nothing.
- ``verifications_for_cooperative(cooperative)``: the same for one cooperative, for the
  cooperative head's pages.
- ``disbursement_summary(filters)``: counts and amounts for the dashboard's bank panel.

Relies on Django internals (``core/compat.py``): ``api_key_by_prefix``, the API-key lookup at the
start of every bank call, runs a query compiled once per process (``core.db.fetch_compiled``) and
builds the key and its bank with ``Model.from_db`` and the foreign key's field cache
(``set_cached_value``). On a Django upgrade rerun tests/banking/test_api_key_lookup.py and
tests/api/test_bank_api.py, and bench/api/run.py.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, DateTimeField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncDate

from accounts.models import Bank
from banking.models import BankApiKey, BankVerification, Disbursement, Purpose, Scheme
from cooperatives.models import Cooperative, Position
from cooperatives.selectors import cooperative_ids_for_user
from core.db import fetch_compiled
from core.roles import Role, UserLike, has_role

VERIFICATION_ALL_ROLES = (Role.ADMIN, Role.DINAS)


def _key_fields() -> tuple[list[str], list[str]]:
    return [f.attname for f in BankApiKey._meta.concrete_fields], [f.attname for f in Bank._meta.concrete_fields]


def api_key_by_prefix(prefix: str) -> BankApiKey | None:
    """The key with this prefix (revoked or not), its bank attached: one query, compiled once per process.

    Every bank API call starts here, so the query is not rebuilt by the ORM on each request."""
    key_fields, bank_fields = _key_fields()
    rows = fetch_compiled(
        "bank-api-key",
        lambda value: BankApiKey.objects.filter(prefix=value).values_list(*key_fields, *(f"bank__{f}" for f in bank_fields)).order_by()[:1],
        prefix,
    )
    if not rows:
        return None
    row = rows[0]
    api_key = BankApiKey.from_db(connection.alias, key_fields, row[: len(key_fields)])
    BankApiKey.bank.field.set_cached_value(api_key, Bank.from_db(connection.alias, bank_fields, row[len(key_fields) :]))
    return api_key


def _checked_while_holding_a_position(cooperative_ids: list[int]) -> Exists:
    """The check was made while its person held a position in one of ``cooperative_ids``: a
    cooperative head sees the bank checks of his board and employees made during their time with
    his cooperative, never those from before or after, nor from the person's other relationships
    (another cooperative, her own business)."""
    checked_on = TruncDate(ExpressionWrapper(OuterRef("created_at"), output_field=DateTimeField()))
    return Exists(
        Position.objects.filter(
            cooperative_id__in=cooperative_ids,
            person_id=OuterRef("person_id"),
            started_on__lte=checked_on,
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=checked_on))
    )


def verifications_for_cooperative(cooperative: Cooperative | int) -> QuerySet[BankVerification]:
    """The bank checks about a person made while she held a position in ``cooperative`` (board,
    supervisor or employee); newest first, bank joined."""
    cooperative_id = cooperative.pk if isinstance(cooperative, Cooperative) else cooperative
    return (
        BankVerification.objects.filter(_checked_while_holding_a_position([cooperative_id]))
        .select_related("bank", "person")
        .order_by("-created_at", "-id")
    )


def verification_queryset_for(user: UserLike) -> QuerySet[BankVerification]:
    """The checks a user may see (see module docstring)."""
    qs = BankVerification.objects.select_related("bank", "person")
    if has_role(user, *VERIFICATION_ALL_ROLES):
        return qs
    if has_role(user, Role.BANK) and getattr(user, "bank_id", None):
        return qs.filter(bank_id=user.bank_id)
    if has_role(user, Role.KOPERASI):
        return qs.filter(_checked_while_holding_a_position(cooperative_ids_for_user(user)))
    return qs.none()


def verification_list(*, user: UserLike, filters: dict | None = None) -> QuerySet[BankVerification]:
    qs = verification_queryset_for(user)
    filters = filters or {}
    if filters.get("bank"):
        qs = qs.filter(bank__code=filters["bank"])
    if filters.get("purpose") in Purpose.values:
        qs = qs.filter(purpose=filters["purpose"])
    if filters.get("result") in ("aktif", "tidak"):
        qs = qs.filter(is_active_participant=filters["result"] == "aktif")
    if filters.get("date_from"):
        qs = qs.filter(created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(created_at__date__lte=filters["date_to"])
    return qs.order_by("-created_at", "-id")


def disbursement_queryset_for(user: UserLike) -> QuerySet[Disbursement]:
    qs = Disbursement.objects.select_related("bank", "verification")
    if has_role(user, *VERIFICATION_ALL_ROLES):
        return qs
    if has_role(user, Role.BANK) and getattr(user, "bank_id", None):
        return qs.filter(bank_id=user.bank_id)
    return qs.none()


def disbursement_summary(filters: dict | None = None) -> dict:
    """Disbursements for the dashboard's bank panel.

    ``filters``: optional ``date_from``/``date_to`` (dates, on ``disbursed_on``), ``bank`` (code),
    ``scheme``. Returns ``count``, ``amount``, ``verified`` (reported with a receipt),
    ``enrolled_at_verification`` (the receipt said active participant), ``enrolled_share``
    (of all disbursements, 0-1, or None without any), ``by_scheme`` and ``by_bank`` rows with
    ``count``/``amount``/``enrolled``. Three queries whatever the data size.
    """
    filters = filters or {}
    qs = Disbursement.objects.all()
    if filters.get("date_from"):
        qs = qs.filter(disbursed_on__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(disbursed_on__lte=filters["date_to"])
    if filters.get("bank"):
        qs = qs.filter(bank__code=filters["bank"])
    if filters.get("scheme"):
        qs = qs.filter(scheme=filters["scheme"])
    enrolled = Q(verification__is_active_participant=True)
    aggregates = {"count": Count("id"), "amount": Sum("amount"), "enrolled": Count("id", filter=enrolled)}
    totals = qs.aggregate(**aggregates, verified=Count("id", filter=Q(verification__isnull=False)))
    labels = dict(Scheme.choices)
    by_scheme = [
        {
            "scheme": row["scheme"],
            "label": str(labels.get(row["scheme"], row["scheme"])),
            "count": row["count"],
            "amount": row["amount"] or 0,
            "enrolled": row["enrolled"],
        }
        for row in qs.values("scheme").annotate(**aggregates).order_by("scheme")
    ]
    by_bank = [
        {
            "bank": row["bank__code"],
            "name": row["bank__name"],
            "count": row["count"],
            "amount": row["amount"] or 0,
            "enrolled": row["enrolled"],
        }
        for row in qs.values("bank__code", "bank__name").annotate(**aggregates).order_by("bank__name")
    ]
    count = totals["count"] or 0
    return {
        "count": count,
        "amount": totals["amount"] or 0,
        "verified": totals["verified"] or 0,
        "enrolled_at_verification": totals["enrolled"] or 0,
        "enrolled_share": (totals["enrolled"] / count) if count else None,
        "by_scheme": by_scheme,
        "by_bank": by_bank,
    }
