"""The letterhead of the recommendation letter: one function, so that the source can change (today
``settings.LETTERHEAD`` with environment overrides; later an admin-editable office record)
without touching the PDF template or its callers."""

from __future__ import annotations

import base64
import mimetypes
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders


@lru_cache(maxsize=8)
def _data_uri(static_path: str) -> str:
    """A static file as a data URI (WeasyPrint renders without a web server or a base URL)."""
    found = finders.find(static_path) if static_path else None
    if not found:
        return ""
    mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
    with open(found, "rb") as handle:
        return f"data:{mime};base64,{base64.b64encode(handle.read()).decode()}"


def letterhead() -> dict:
    """``parent``, ``office``, ``address``, ``phone``, ``email``, ``website``, ``city`` and ``logo``
    (a data URI, empty when the file is missing)."""
    values = dict(getattr(settings, "LETTERHEAD", {}))
    values["logo"] = _data_uri(values.get("logo", ""))
    return values
