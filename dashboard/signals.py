"""Keeps the fact table in step with single-object writes (services, admin, fixtures): before a
save or delete the affected entities' contributions are subtracted, afterwards added back as the
rows now are, in the same transaction. Connected in ``DashboardConfig.ready``."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from cooperatives.models import AnnualMeeting, Cooperative, Position
from core import facts as core_facts
from dashboard import facts
from enrollment.models import Participation, Person
from umkm.models import Business

ATTR = "_dashboard_fact_change"

# The fields each contribution depends on; a save that changes none of them costs one query.
RELEVANT = {
    Person: ("desa_id",),
    Participation: ("person_id", "segment", "started_on", "ended_on", "last_paid_month", "jkk", "jkm", "jht", "jp", "jkp"),
    Business: ("desa_id", "scale", "kbli", "in_official_db", "owner_id"),
    Cooperative: ("desa_id", "jenis", "status"),
    Position: ("cooperative_id", "person_id", "started_on", "ended_on"),
    AnnualMeeting: ("cooperative_id", "book_year", "held_on"),
}


def _entities(instance, old: dict | None) -> dict:
    """The entities to recompute, from the instance and its stored row (``old``)."""
    values = [instance.__dict__] + ([old] if old else [])
    if isinstance(instance, Person):
        return {"persons": {instance.pk}}
    if isinstance(instance, Participation):
        return {"persons": {v.get("person_id") for v in values}}
    if isinstance(instance, Business):
        return {"businesses": {instance.pk}}
    if isinstance(instance, Cooperative):
        return {"cooperatives": {instance.pk}}
    return {"cooperatives": {v.get("cooperative_id") for v in values}}


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or core_facts.is_suspended():
        return
    fields = RELEVANT[sender]
    old = None
    if instance.pk is not None:
        old = sender.objects.filter(pk=instance.pk).values(*fields).first()
    if old is not None and all(old[f] == getattr(instance, f) for f in fields):
        return
    if old is None and sender in (Person, Business, Cooperative):
        setattr(instance, ATTR, facts.Change())  # new: contributed nothing before
        return
    setattr(instance, ATTR, facts.Change(**_entities(instance, old)))


def _after_save(sender, instance, raw=False, **kwargs):
    change = instance.__dict__.pop(ATTR, None)
    if change is None:
        return
    change.add(**_entities(instance, None))
    change.done()


def _cascaded(instance, origin) -> bool:
    """A position or RAT deleted with its cooperative: the cooperative's own change covers it."""
    return (
        isinstance(instance, (Position, AnnualMeeting))
        and isinstance(origin, Cooperative)
        or (hasattr(origin, "model") and origin.model is Cooperative and isinstance(instance, (Position, AnnualMeeting)))
    )


def _before_delete(sender, instance, origin=None, **kwargs):
    if core_facts.is_suspended() or _cascaded(instance, origin):
        return
    setattr(instance, ATTR, facts.Change(**_entities(instance, None)))


def _after_delete(sender, instance, **kwargs):
    change = instance.__dict__.pop(ATTR, None)
    if change is not None:
        change.done()


def connect() -> None:
    for model in RELEVANT:
        uid = f"dashboard-facts-{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid + "-pre")
        post_save.connect(_after_save, sender=model, dispatch_uid=uid + "-post")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid + "-pred")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + "-postd")
