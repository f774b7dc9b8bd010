"""Turns the plain dashboard figures into what the templates show: labels in the active language,
percentages, drill-down links and the SVG charts with their table twins."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import lru_cache
from urllib.parse import urlencode

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats
from django.utils.translation import gettext as _

from cooperatives.models import CooperativeType
from dashboard import charts
from dashboard.filters import DashboardFilters
from enrollment.models import Programme, Segment
from umkm.models import Scale

# KBLI 2020 main groups (golongan pokok) that occur among Kolaka's UMKM; others show the code.
KBLI_GROUPS = {
    "01": "Pertanian tanaman, peternakan, perburuan",
    "02": "Kehutanan dan penebangan kayu",
    "03": "Perikanan",
    "10": "Industri makanan",
    "11": "Industri minuman",
    "13": "Industri tekstil",
    "14": "Industri pakaian jadi",
    "16": "Industri kayu, barang dari kayu dan anyaman",
    "45": "Perdagangan dan reparasi mobil dan sepeda motor",
    "46": "Perdagangan besar",
    "47": "Perdagangan eceran",
    "49": "Angkutan darat",
    "55": "Penyediaan akomodasi",
    "56": "Penyediaan makanan dan minuman",
    "96": "Jasa perorangan lainnya",
}


def ratio(part, whole):
    return part / whole if whole else None


@lru_cache(maxsize=64)
def _path(name: str, prefix: str, urlconf) -> str:
    """The path of a view without arguments, resolved once per process, script prefix and URLconf."""
    return reverse(name, urlconf=urlconf)


def _url(name: str, filters: DashboardFilters, **extra) -> str:
    # ``filters.query`` without Django's generic ``urlencode``: every value is a plain string, so
    # the standard library's gives the same text; the page builds about 150 of these links.
    query = urlencode(filters.params(**extra))
    return _path(name, get_script_prefix(), get_urlconf()) + (f"?{query}" if query else "")


def _month_label(iso: str) -> str:
    return formats.date_format(date.fromisoformat(iso), "M y")


def present(data: dict, filters: DashboardFilters, letters_by_month: dict | None = None) -> dict:
    umkm, coop = data["umkm"], data["coop"]
    umkm_url = lambda **kw: _url("dashboard:umkm_list", filters, **kw)  # noqa: E731
    coop_url = lambda **kw: _url("dashboard:coop_list", filters, **kw)  # noqa: E731
    part_url = lambda **kw: _url("dashboard:participant_list", filters, **kw)  # noqa: E731

    funnel_umkm = [
        {"label": _("Pelaku UMKM dikenal"), "value": umkm["known"], "share": None, "url": umkm_url(step="known")},
        {
            "label": _("Terdata di basis data resmi"),
            "value": umkm["official"],
            "share": ratio(umkm["official"], umkm["known"]),
            "url": umkm_url(step="official"),
        },
        {
            "label": _("Pemilik peserta aktif"),
            "value": umkm["covered"],
            "share": ratio(umkm["covered"], umkm["official"]),
            "url": umkm_url(step="covered"),
        },
    ]
    funnel_coop = [
        {"label": _("Koperasi terdaftar"), "value": coop["total"], "share": None, "url": coop_url(step="all")},
        {
            "label": _("Koperasi aktif"),
            "value": coop["active"],
            "share": ratio(coop["active"], coop["total"]),
            "url": coop_url(step="active"),
        },
        {
            "label": _("Aktif dan terlindungi"),
            "value": coop["covered"],
            "share": ratio(coop["covered"], coop["active"]),
            "url": coop_url(step="covered"),
        },
    ]
    coop_share = ratio(coop["covered"], coop["active"])
    umkm_share = ratio(umkm["covered"], umkm["official"])

    def pct_note(rows):
        return [("" if r["share"] is None else f"{r['share'] * 100:.1f} %".replace(".", ",")) for r in rows]

    region_key = "desa" if filters.kecamatan else "kecamatan"
    regions = []
    for r in data["by_region"]:
        region_filters = {"desa": r["code"]} if filters.kecamatan else {"kecamatan": r["code"]}
        f = replace(filters, kecamatan=filters.kecamatan or r["code"], desa=region_filters.get("desa", ""))
        regions.append(
            {
                **r,
                "coop_share": ratio(r["coop_covered"], r["coop_active"]),
                "umkm_share": ratio(r["umkm_covered"], r["umkm_official"]),
                "dashboard_url": _url("dashboard:index", f),
                "umkm_urls": {s: _url("dashboard:umkm_list", f, step=s) for s in ("known", "official", "covered")},
                "coop_urls": {s: _url("dashboard:coop_list", f, step=s) for s in ("all", "active", "covered")},
            }
        )
    types = [
        {
            **t,
            "label": str(CooperativeType(t["jenis"]).label) if t["jenis"] in CooperativeType.values else t["jenis"],
            "share": ratio(t["covered"], t["active"]),
        }
        for t in data["by_type"]
    ]
    for t in types:
        f = replace(filters, jenis=t["jenis"])
        t["urls"] = {s: _url("dashboard:coop_list", f, step=s) for s in ("all", "active", "covered")}
    scales = [
        {
            **s,
            "label": str(Scale(s["scale"]).label) if s["scale"] in Scale.values else s["scale"],
            "share": ratio(s["covered"], s["official"]),
            "urls": {st: umkm_url(step=st, scale=s["scale"]) for st in ("known", "official", "covered")},
        }
        for s in data["by_scale"]
    ]
    kblis = [
        {
            **k,
            "label": (f"{k['kbli']} {KBLI_GROUPS.get(k['kbli'], '')}".strip() if k["kbli"] else _("(tanpa KBLI)")),
            "share": ratio(k["covered"], k["official"]),
            "urls": {st: umkm_url(step=st, kbli=k["kbli"]) for st in ("known", "official", "covered")} if k["kbli"] else {},
        }
        for k in data["by_kbli"]
    ]
    segments = [
        {
            **s,
            "label": str(Segment(s["segment"]).label),
            "urls": {st: part_url(step=st, segment=s["segment"]) for st in ("active", "lapsed")},
        }
        for s in data["by_segment"]
    ]
    programmes = [
        {**p, "label": f"{p['programme']} · {Programme(p['programme']).label}", "url": part_url(step="active", programme=p["programme"])}
        for p in data["by_programme"]
    ]
    trend = [
        {
            **t,
            "label": _month_label(t["month"]),
            "month_date": date.fromisoformat(t["month"]),
            "letters": None if letters_by_month is None else letters_by_month.get(t["month"][:7], 0),
        }
        for t in data["trend"]
    ]
    labels = [t["label"] for t in trend]
    follow = data["outreach"]["follow_up"]

    chart = {
        "funnel_umkm": charts.bar_chart(_("Corong UMKM"), [(r["label"], r["value"]) for r in funnel_umkm], note=pct_note(funnel_umkm)),
        "funnel_coop": charts.bar_chart(
            _("Corong koperasi"), [(r["label"], r["value"]) for r in funnel_coop], note=pct_note(funnel_coop), color=charts.PALETTE[2]
        ),
        "region_coop": charts.stacked_share_chart(
            _("Koperasi aktif yang terlindungi per wilayah"), [(r["name"], r["coop_active"], r["coop_covered"]) for r in regions]
        ),
        "region_umkm": charts.stacked_share_chart(
            _("UMKM resmi yang pemiliknya peserta aktif per wilayah"), [(r["name"], r["umkm_official"], r["umkm_covered"]) for r in regions]
        ),
        "type": charts.stacked_share_chart(
            _("Koperasi aktif yang terlindungi per jenis"), [(t["label"], t["active"], t["covered"]) for t in types]
        ),
        "scale": charts.stacked_share_chart(
            _("UMKM resmi terlindungi per skala"), [(s["label"], s["official"], s["covered"]) for s in scales]
        ),
        "kbli": charts.stacked_share_chart(
            _("UMKM resmi terlindungi per golongan pokok KBLI"), [(k["label"], k["official"], k["covered"]) for k in kblis]
        ),
        "segment": charts.bar_chart(
            _("Kepesertaan aktif per segmen"), [(s["segment"], s["active"]) for s in segments], color=charts.PALETTE[2]
        ),
        "programme": charts.bar_chart(
            _("Kepesertaan aktif per program"), [(p["programme"], p["active"]) for p in programmes], color=charts.PALETTE[2]
        ),
        "trend_participants": charts.line_chart(
            _("Kepesertaan aktif per akhir bulan"), labels, [(_("Kepesertaan aktif"), [t["participants_active"] for t in trend])]
        ),
        "trend_coop": charts.line_chart(
            _("Koperasi aktif yang terlindungi (%)"),
            labels,
            [(_("Koperasi terlindungi"), [t["coop_covered_share"] for t in trend])],
            percent=True,
        ),
        "trend_flow": charts.column_chart(
            _("Peserta baru dan yang menjadi nonaktif per bulan"),
            labels,
            [(_("Baru"), [t["participants_new"] for t in trend]), (_("Menjadi nonaktif"), [t["participants_lapsed"] for t in trend])],
        ),
        "trend_letters": (
            charts.column_chart(_("Surat rekomendasi terbit per bulan"), labels, [(_("Surat terbit"), [t["letters"] for t in trend])])
            if letters_by_month is not None
            else ""
        ),
    }
    return {
        "data": data,
        "as_of": date.fromisoformat(data["as_of"]),
        "region_key": region_key,
        "funnel_umkm": funnel_umkm,
        "funnel_coop": funnel_coop,
        "coop_share": coop_share,
        "umkm_share": umkm_share,
        "regions": regions,
        "type_rows": types,
        "scales": scales,
        "kblis": kblis,
        "segments": segments,
        "programmes": programmes,
        "participants": data["participants"],
        "participants_urls": {"active": part_url(step="active"), "lapsed": part_url(step="lapsed")},
        "trend": trend,
        "has_letters": letters_by_month is not None,
        "follow_up": follow,
        "events_in_year": data["outreach"]["events_in_year"],
        "charts": chart,
        "worklist_urls": {
            "coop": coop_url(step="not_covered"),
            "umkm": umkm_url(step="not_covered"),
            "lapsed": part_url(step="lapsed"),
            "attendees": _url("dashboard:attendee_list", filters),
        },
    }
