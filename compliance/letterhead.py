"""The letterhead of the recommendation letter, read from the deployment's Instansi record (the
BPJS branch's names, address, contacts and logo; ``settings.INSTANSI_BOOTSTRAP`` only before
``manage.py setup_regency`` has created it)."""

from __future__ import annotations

import base64
import mimetypes
from functools import lru_cache

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
    from institution.selectors import current_instansi

    instansi = current_instansi()
    return {
        "parent": instansi.branch_parent,
        "office": instansi.branch_office,
        "address": instansi.branch_address,
        "phone": instansi.branch_phone,
        "email": instansi.branch_email,
        "website": instansi.branch_website,
        "city": instansi.place_name,
        "logo": _data_uri(instansi.branch_logo or ""),
    }
