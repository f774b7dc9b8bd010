"""The explainable eligibility check for a BPJS recommendation.

Each rule answers pass or fail with evidence lines that name the people and figures involved
(names shortened, NIK masked). The result and the facts it used are a plain dict, kept as a
snapshot on the request and on the letter.

Rules (limits come from the ``RuleSet`` in force, never from code):
  a  a cooperative with employees is registered as an employer (NPP);
  b  every current board member and pengawas is an active participant with JKK and JKM;
  c  every current karyawan is an active PU participant with the programmes the law requires:
     rule set 2025.1 asks JKK, JKM, JHT (and JP under the pension age) of every employer; from rule
     set 2026.2 (``staged_by_scale``) the set follows the cooperative's scale (Perpres 109/2013
     Pasal 6 ayat 3, the dated ``enrollment.ProgrammeObligation`` rows): micro JKK + JKM, small
     + JHT, medium and large + JP (JP still only under the pension age). An unknown scale fails
     the rule and asks for the capital and annual sales instead of assuming the strictest set;
  d  no contribution arrears beyond the rule set's limits (BPU, PU);
  e  for a status evaluation, the RAT of the last book year is recorded.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from compliance.models import Purpose, RuleSet
from cooperatives.models import (
    BOARD_ROLES,
    EMPLOYEE_ROLES,
    SUPERVISOR_ROLES,
    AnnualMeeting,
    Cooperative,
    Position,
    last_book_year,
)
from core import formatting, identifiers
from enrollment.models import Participation, Programme, ProgrammeObligation
from enrollment.status import best_participation

RULE_CODES = ("a", "b", "c", "d", "e")


def short_name(name: str) -> str:
    """ "Wa Ode Sitti" → "Wa Ode S.": enough to recognise a person, less than the full name."""
    parts = name.split()
    if len(parts) < 2:
        return name
    return " ".join(parts[:-1]) + f" {parts[-1][0]}."


def _age(birth: date, as_of: date) -> int:
    return as_of.year - birth.year - ((as_of.month, as_of.day) < (birth.month, birth.day))


def _who(position) -> str:
    person = position.person
    return f"{position.get_role_display()} {short_name(person.name)}, NIK {identifiers.mask_nik(person.nik)}"


def load_cooperative(cooperative: Cooperative, as_of: date) -> tuple[list[Position], list[AnnualMeeting]]:
    """The current positions (with people and participations) and RAT meetings, in three queries."""
    positions = list(
        Position.objects.current(as_of)
        .filter(cooperative=cooperative)
        .select_related("person")
        .prefetch_related(Prefetch("person__participations", queryset=Participation.objects.order_by("-started_on")))
        .order_by("role", "person__name")
    )
    meetings = list(AnnualMeeting.objects.filter(cooperative=cooperative).order_by("-book_year")[:3])
    return positions, meetings


def evaluate(cooperative: Cooperative, purpose: str, *, as_of: date, rule_set: RuleSet | None = None) -> dict:
    """Evaluate every rule for ``cooperative`` and ``purpose`` on ``as_of``; a JSON-ready snapshot."""
    rule_set = rule_set or RuleSet.in_force(as_of)
    positions, meetings = load_cooperative(cooperative, as_of)
    board = [p for p in positions if p.role in BOARD_ROLES or p.role in SUPERVISOR_ROLES]
    employees = [p for p in positions if p.role in EMPLOYEE_ROLES]
    rules = [
        _rule_npp(cooperative, employees),
        _rule_board(board, as_of),
        _rule_employees(cooperative, employees, as_of, rule_set),
        _rule_arrears(positions, as_of, rule_set),
        _rule_rat(purpose, meetings, as_of),
    ]
    facts = _facts(cooperative, board, employees, positions, as_of)
    return {
        "passed": all(rule["passed"] for rule in rules),
        "evaluated_on": as_of.isoformat(),
        "purpose": purpose,
        "rule_set": {"version": rule_set.version, "effective_from": rule_set.effective_from.isoformat(), "limits": rule_set.limits()},
        "rules": rules,
        "facts": facts,
    }


def _result(code: str, title: str, passed: bool, evidence: list[str], *, applicable: bool = True, **figures) -> dict:
    return {"code": code, "title": title, "passed": passed, "applicable": applicable, "evidence": evidence, "figures": figures}


def _rule_npp(cooperative: Cooperative, employees: list[Position]) -> dict:
    title = _("Koperasi yang mempekerjakan karyawan terdaftar sebagai pemberi kerja (NPP)")
    count = len(employees)
    if count == 0:
        return _result("a", title, True, [_("Tidak ada karyawan tercatat; NPP tidak diwajibkan.")], applicable=False, employees=0)
    if cooperative.npp:
        return _result(
            "a",
            title,
            True,
            [_("%(count)d karyawan; terdaftar dengan NPP %(npp)s.") % {"count": count, "npp": cooperative.npp}],
            employees=count,
        )
    return _result(
        "a",
        title,
        False,
        [_("%(count)d karyawan, tetapi koperasi belum terdaftar sebagai pemberi kerja (tidak ada NPP).") % {"count": count}],
        employees=count,
    )


def _rule_board(board: list[Position], as_of: date) -> dict:
    title = _("Seluruh pengurus dan pengawas aktif sebagai peserta dengan JKK dan JKM")
    if not board:
        return _result("b", title, False, [_("Tidak ada pengurus atau pengawas tercatat.")], reported=0, enrolled=0)
    evidence, enrolled = [], 0
    for position in board:
        participation, status = best_participation(position.person.participations.all(), as_of)
        if participation is None:
            evidence.append(_("%(who)s: tidak terdaftar") % {"who": _who(position)})
        elif status == "nonaktif":
            evidence.append(
                _("%(who)s: nonaktif (iuran terakhir %(month)s)")
                % {"who": _who(position), "month": formatting.bulan(participation.last_paid_month) or "–"}
            )
        elif not (participation.jkk and participation.jkm):
            missing = ", ".join(code for code, held in (("JKK", participation.jkk), ("JKM", participation.jkm)) if not held)
            evidence.append(_("%(who)s: belum ikut %(missing)s") % {"who": _who(position), "missing": missing})
        else:
            enrolled += 1
            evidence.append(
                _("%(who)s: aktif (%(segment)s, %(programmes)s)")
                % {"who": _who(position), "segment": participation.segment, "programmes": ", ".join(participation.programmes)}
            )
    passed = enrolled == len(board)
    return _result("b", title, passed, evidence, reported=len(board), enrolled=enrolled)


def _required_programmes(cooperative: Cooperative, as_of: date, rule_set: RuleSet) -> tuple[list[str] | None, str, dict]:
    """The programmes rule c requires of every karyawan, the evidence line saying why, and figures.

    ``None`` when the scale is unknown (or no obligation row is in force for it).
    """
    if not rule_set.staged_by_scale:
        return ["JKK", "JKM", "JHT", "JP"], "", {}
    scale = cooperative.scale
    if not scale:
        return (
            None,
            _(
                "Skala usaha koperasi belum diketahui: isi modal dan hasil penjualan tahunan (kriteria PP 7/2021) agar "
                "program wajib karyawan dapat ditentukan (Perpres 109/2013 Pasal 6 ayat 3)."
            ),
            {"scale": ""},
        )
    obligation = ProgrammeObligation.objects.in_force(as_of).filter(scale=scale).order_by("-effective_from").first()
    label = cooperative.get_scale_display().lower()
    if obligation is None:
        return (
            None,
            _("Belum ada ketentuan program wajib untuk koperasi skala %(scale)s pada tanggal ini.") % {"scale": label},
            {"scale": scale},
        )
    programmes = obligation.programmes
    listed = ", ".join(programmes[:-1]) + " " + _("dan") + " " + programmes[-1] if len(programmes) > 1 else programmes[0]
    line = _("Koperasi skala %(scale)s: wajib %(programmes)s (%(basis)s).") % {
        "scale": label,
        "programmes": listed,
        "basis": obligation.legal_basis,
    }
    if cooperative.scale_source:
        line += " " + _("Skala menurut %(source)s.") % {"source": cooperative.scale_source}
    return programmes, line, {"scale": scale, "required": programmes, "legal_basis": obligation.legal_basis}


def _rule_employees(cooperative: Cooperative, employees: list[Position], as_of: date, rule_set: RuleSet) -> dict:
    if not rule_set.staged_by_scale:
        title = _("Seluruh karyawan aktif sebagai peserta PU dengan JKK, JKM, JHT (dan JP bila berlaku)")
    else:
        title = _("Seluruh karyawan aktif sebagai peserta PU dengan program yang wajib menurut skala usaha koperasi")
    if not employees:
        return _result("c", title, True, [_("Tidak ada karyawan tercatat.")], applicable=False, reported=0, enrolled=0)
    base_required, scale_line, scale_figures = _required_programmes(cooperative, as_of, rule_set)
    if base_required is None:
        return _result("c", title, False, [scale_line], reported=len(employees), enrolled=0, **scale_figures)
    evidence, enrolled = ([scale_line] if scale_line else []), 0
    for position in employees:
        person = position.person
        participation, status = best_participation(person.participations.all(), as_of, segment="PU")
        needs_jp = _age(person.birth_date, as_of) < rule_set.jp_age_limit
        if participation is None:
            other, _status = best_participation(person.participations.all(), as_of)
            if other is not None:
                evidence.append(_("%(who)s: terdaftar sebagai %(segment)s, bukan PU") % {"who": _who(position), "segment": other.segment})
            else:
                evidence.append(_("%(who)s: tidak terdaftar") % {"who": _who(position)})
            continue
        if status == "nonaktif":
            evidence.append(_("%(who)s: kepesertaan PU nonaktif") % {"who": _who(position)})
            continue
        required = [code for code in base_required if code != "JP" or needs_jp]
        missing = [code for code in required if code not in participation.programmes]
        if missing:
            evidence.append(_("%(who)s: belum ikut %(missing)s") % {"who": _who(position), "missing": ", ".join(missing)})
            continue
        enrolled += 1
        evidence.append(
            _("%(who)s: aktif PU (%(programmes)s)") % {"who": _who(position), "programmes": ", ".join(participation.programmes)}
        )
    return _result("c", title, enrolled == len(employees), evidence, reported=len(employees), enrolled=enrolled, **scale_figures)


def _rule_arrears(positions: list[Position], as_of: date, rule_set: RuleSet) -> dict:
    title = _("Tidak ada tunggakan iuran melebihi batas")
    limits = {"BPU": rule_set.bpu_max_arrears_months, "PU": rule_set.pu_max_arrears_months}
    evidence, worst, seen = [], 0, set()
    for position in positions:
        if position.person_id in seen:
            continue
        seen.add(position.person_id)
        for participation in position.person.participations.all():
            if participation.segment not in limits or participation.started_on > as_of:
                continue
            if participation.ended_on and participation.ended_on <= as_of:
                continue
            months = participation.arrears_months_on(as_of)
            worst = max(worst, months)
            if months > limits[participation.segment]:
                line = _("%(who)s: iuran %(segment)s menunggak %(months)d bulan (batas %(limit)d; terakhir dibayar %(month)s)") % {
                    "who": _who(position),
                    "segment": participation.segment,
                    "months": months,
                    "limit": limits[participation.segment],
                    "month": formatting.bulan(participation.last_paid_month) or "–",
                }
                if participation.segment == "PU":
                    line += _("; denda %(pct)s %% per bulan") % {"pct": str(rule_set.pu_fine_pct_per_month).rstrip("0").rstrip(".")}
                evidence.append(line)
    passed = not evidence
    if passed:
        evidence.append(
            _("Tidak ada tunggakan di atas batas (BPU ≤ %(bpu)d bulan, PU ≤ %(pu)d bulan).") % {"bpu": limits["BPU"], "pu": limits["PU"]}
        )
    return _result("d", title, passed, evidence, worst_arrears_months=worst)


def _rule_rat(purpose: str, meetings: list[AnnualMeeting], as_of: date) -> dict:
    title = _("RAT tahun buku terakhir tercatat (evaluasi status)")
    year = last_book_year(as_of)
    if purpose != Purpose.EVALUASI_STATUS:
        return _result("e", title, True, [_("Tidak berlaku untuk izin koperasi baru.")], applicable=False, book_year=year)
    held = [m for m in meetings if m.book_year >= year and m.held_on and m.held_on <= as_of]
    if held:
        meeting = held[0]
        return _result(
            "e",
            title,
            True,
            [_("RAT tahun buku %(year)d diadakan %(date)s.") % {"year": meeting.book_year, "date": formatting.tanggal(meeting.held_on)}],
            book_year=year,
        )
    return _result("e", title, False, [_("RAT tahun buku %(year)d belum tercatat.") % {"year": year}], book_year=year)


def _facts(cooperative: Cooperative, board, employees, positions, as_of: date) -> dict:
    """The figures printed on the letter: identity, enrolment counts, programmes, last paid month."""
    programmes: set[str] = set()
    last_paid = None
    worst = 0
    for position in positions:
        participation, status = best_participation(position.person.participations.all(), as_of)
        if participation is None or status == "nonaktif":
            continue
        programmes.update(participation.programmes)
        if participation.last_paid_month and (last_paid is None or participation.last_paid_month > last_paid):
            last_paid = participation.last_paid_month
        worst = max(worst, participation.arrears_months_on(as_of))

    def enrolled(group):
        return sum(1 for p in group if best_participation(p.person.participations.all(), as_of)[1] in ("aktif", "menunggak"))

    desa = cooperative.desa
    return {
        "cooperative": {
            "name": cooperative.name,
            "nomor_induk": cooperative.nomor_induk or "",
            "sk_number": cooperative.sk_number,
            "nib": cooperative.nib,
            "npwp": cooperative.npwp_display,
            "address": cooperative.address,
            "desa": desa.name if desa else "",
            "kecamatan": desa.parent.name if desa and desa.parent else "",
            "npp": cooperative.npp,
            "scale": cooperative.scale,
        },
        "board_reported": len(board),
        "board_enrolled": enrolled(board),
        "employees_reported": len(employees),
        "employees_enrolled": enrolled(employees),
        "programmes": Programme.in_order(programmes),
        "last_paid_month": last_paid.isoformat() if last_paid else None,
        "worst_arrears_months": worst,
    }


def failing_rules(snapshot: dict) -> list[dict]:
    return [rule for rule in snapshot.get("rules", []) if not rule["passed"]]
