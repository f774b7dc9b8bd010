"""The letter as a PDF: an HTML template rendered by WeasyPrint, with an SVG QR code (segno)."""

from __future__ import annotations

from datetime import date

import segno
from django.template.loader import render_to_string
from django.utils import translation

from compliance.letterhead import letterhead
from compliance.models import ComplianceSettings, Letter
from institution.selectors import current_instansi


def qr_svg_data_uri(url: str) -> str:
    """The QR code of ``url`` as an SVG data URI (no Pillow needed)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def letter_context(letter: Letter) -> dict:
    snapshot = letter.eligibility or {}
    facts = snapshot.get("facts", {})
    last_paid = facts.get("last_paid_month")
    return {
        "letter": letter,
        "config": ComplianceSettings.current(),
        "instansi": current_instansi(),
        "facts": facts,
        "identity": facts.get("cooperative", {}),
        "rules": snapshot.get("rules", []),
        "rule_set": snapshot.get("rule_set", {}),
        "last_paid_month": date.fromisoformat(last_paid) if last_paid else None,
        "qr": qr_svg_data_uri(letter.verification_url),
        "verification_url": letter.verification_url,
        "verify_host": letter.verification_url.split("/verifikasi/")[0].split("://")[-1] + "/verifikasi/",
        "letterhead": letterhead(),
        "signatory_nip": getattr(letter.signed_by, "nip", "") if letter.signed_by_id else "",
    }


def letter_html(letter: Letter) -> str:
    """The letter's HTML for WeasyPrint, always in Bahasa Indonesia."""
    with translation.override("id"):
        return render_to_string("compliance/letter_pdf.html", letter_context(letter))


def letter_document(letter: Letter):
    """The laid-out letter (a WeasyPrint ``Document``: its ``pages`` can be counted)."""
    from weasyprint import HTML

    return HTML(string=letter_html(letter), base_url=None).render()


def render_letter(letter: Letter) -> bytes:
    """The PDF bytes of the letter: one A4 page in the normal case."""
    return letter_document(letter).write_pdf()
