"""The portal's view of the apps below it that the head's page shows (compliance, banking); the
portal sits above both in the dependency order, so it imports them."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from banking.selectors import verifications_for_cooperative
from compliance.models import LetterStatus, Purpose
from compliance.selectors import eligibility_for, letter_queryset_for, request_queryset_for
from compliance.services import recommendation_request as request_service
from institution.selectors import current_instansi
from portal.selectors import holder_names


def verify_url() -> str:
    """The public letter-verification page."""
    return reverse("compliance:verify_lookup")


def eligibility_checks(cooperative) -> list[dict]:
    """The current eligibility check per purpose (rules with evidence and how to fix a failing one)."""
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


def fix_hint(rule: dict) -> str:
    """What the head can do about a failing rule, in plain words."""
    if rule.get("passed"):
        return ""
    if rule.get("code") == "a":  # the only hint naming the branch (one query, only when needed)
        return _(
            "Daftarkan koperasi sebagai pemberi kerja di %(branch)s untuk mendapat NPP, lalu daftarkan karyawan sebagai peserta PU."
        ) % {"branch": current_instansi().issuer_name}
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
    return list(Purpose.choices)


def requests_and_letters(cooperative, *, user) -> dict:
    """His requests (newest first) and issued letters with their status today and a download link,
    read through compliance's user-scoped querysets."""
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
                "download_url": reverse("compliance:letter_download", args=[letter.pk]),
                "detail_url": reverse("compliance:letter_detail", args=[letter.pk]),
            }
        )
    return {"requests": requests, "letters": letters}


def recommendation_request(*, user, cooperative, purpose):
    return request_service(user=user, cooperative=cooperative, purpose=purpose)


def bank_checks(cooperative, limit: int = 20) -> list:
    """Bank-channel checks of this cooperative's people made while they held a position in it
    (newest first). Each check's ``holder_name`` is the name the cooperative supplied
    (``portal.selectors.person_view``), never more of the register."""
    checks = list(verifications_for_cooperative(cooperative)[:limit])
    names = holder_names(cooperative=cooperative, person_ids={check.person_id for check in checks if check.person_id})
    for check in checks:
        check.holder_name = names.get(check.person_id, "")  # type: ignore[attr-defined,arg-type]  # for the template; no person, no name
    return checks
