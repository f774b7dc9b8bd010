"""``{% import_history obj1 obj2 ... %}``: the imports that created or changed these register objects
(a business, its owner, his participation...), one query per object."""

from django import template

from imports.history import MODEL_LABELS, history_for, model_label

register = template.Library()


@register.inclusion_tag("imports/_history.html")
def import_history(*objects):
    changes = []
    for obj in objects:
        if obj is None or getattr(obj, "pk", None) is None:
            continue
        label = MODEL_LABELS.get(model_label(obj), "")
        for change in history_for(obj):
            change.object_label = label
            changes.append(change)
    changes.sort(key=lambda c: (c.job.finished_at or c.job.created_at, c.pk), reverse=True)
    return {"changes": changes}
