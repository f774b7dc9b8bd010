"""The portal's view of the apps built beside it (compliance, banking).

The portal sits above both in the dependency order, so it may import them; it does so lazily and
answers "not available" while an app is not installed, so the head's page always renders.
"""

from __future__ import annotations

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


def _installed(label: str) -> bool:
    return apps.is_installed(label)


def url_or_none(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def verify_url() -> str | None:
    """The public letter-verification page, once the compliance app provides it."""
    return url_or_none("compliance:verify_lookup")


def compliance_available() -> bool:
    return _installed("compliance")


def banking_available() -> bool:
    return _installed("banking")


def eligibility_checks(cooperative) -> list[dict] | None:
    """The current eligibility check per purpose (rules with evidence and how to fix a failing
    one), or None while the compliance app is not available."""
    if not compliance_available():
        return None
    from compliance.models import Purpose
    from compliance.selectors import eligibility_for

    results = []
    for purpose, label in Purpose.choices:
        snapshot = eligibility_for(cooperative, purpose)
        rules = [rule for rule in snapshot.get("rules", []) if rule.get("applicable", True) or not rule.get("passed")]
        results.append(
            {
                "purpose": purpose,
                "label": label,
                "passed": snapshot.get("passed", False),
                "rules": [{**rule, "fix": fix_hint(rule)} for rule in rules],
            }
        )
    return results


def _issuer_name() -> str:
    from institution.selectors import current_instansi

    return current_instansi().issuer_name


def fix_hint(rule: dict) -> str:
    """What the head can do about a failing rule, in plain words."""
    from django.utils.translation import gettext as _

    if rule.get("passed"):
        return ""
    if rule.get("code") == "a":  # the only hint naming the branch (one query, only when needed)
        return _(
            "Daftarkan koperasi sebagai pemberi kerja di %(branch)s untuk mendapat NPP, lalu daftarkan karyawan sebagai peserta PU."
        ) % {"branch": _issuer_name()}
    hints = {
        "b": _(
            "Daftarkan pengurus dan pengawas yang belum terlindungi sebagai peserta (BPU: mulai Rp 16.800 per bulan untuk JKK dan JKM), atau bayar iuran yang tertunggak agar aktif kembali."
        ),
        "c": _("Daftarkan karyawan sebagai peserta PU melalui koperasi (JKK, JKM, JHT dan JP), atau lengkapi program yang belum diikuti."),
        "d": _("Lunasi iuran yang tertunggak; peserta BPU aktif kembali setelah membayar."),
        "e": _("Adakan RAT tahun buku terakhir dan laporkan ke Dinas Koperasi dan UMKM."),
    }
    return hints.get(str(rule.get("code")), "")


def recommendation_purposes() -> list[tuple[str, str | Promise]]:
    if not compliance_available():
        return []
    from compliance.models import Purpose

    return list(Purpose.choices)


def _letter_download_url(letter) -> str | None:
    for name in ("compliance:letter_pdf", "compliance:letter_download"):
        url = url_or_none(name, letter.pk)
        if url:
            return url
    return None


def requests_and_letters(cooperative, *, user) -> dict:
    """His requests (newest first) and issued letters with their status today and a download link,
    read through compliance's user-scoped querysets."""
    if not compliance_available():
        return {"available": False, "requests": [], "letters": []}
    from django.utils import timezone

    from compliance.models import LetterStatus
    from compliance.selectors import letter_queryset_for, request_queryset_for

    today = timezone.localdate()
    requests = list(request_queryset_for(user).filter(cooperative=cooperative).defer("eligibility").order_by("-submitted_at", "-pk")[:20])
    letters = []
    for letter in letter_queryset_for(user).filter(cooperative=cooperative).defer("pdf", "eligibility").order_by("-issued_on", "-pk")[:20]:
        status = letter.status_on(today)
        letters.append(
            {
                "letter": letter,
                "status": status,
                "status_label": LetterStatus(status).label,
                "download_url": _letter_download_url(letter),
                "detail_url": url_or_none("compliance:letter_detail", letter.pk),
            }
        )
    return {"available": True, "requests": requests, "letters": letters}


def recommendation_request(*, user, cooperative, purpose):
    from compliance.services import recommendation_request as request_service

    return request_service(user=user, cooperative=cooperative, purpose=purpose)


def bank_checks(cooperative, limit: int = 20) -> list | None:
    """Bank-channel checks of this cooperative's people made while they held a position in it
    (newest first), or None while banking is not available. Each check's ``holder_name`` is the
    name the cooperative supplied (``portal.selectors.person_view``), never more of the register."""
    if not banking_available():
        return None
    from banking.selectors import verifications_for_cooperative
    from portal.selectors import holder_names

    checks = list(verifications_for_cooperative(cooperative)[:limit])
    names = holder_names(cooperative=cooperative, person_ids={check.person_id for check in checks if check.person_id})
    for check in checks:
        check.holder_name = names.get(check.person_id, "")  # type: ignore[attr-defined,arg-type]  # for the template; no person, no name
    return checks
