"""Server-rendered SVG charts. Each chart is drawn from the same rows as its table twin, uses only
presentation attributes (no style attributes: the CSP forbids inline styles) and loads nothing."""

from __future__ import annotations

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core.formatting import group_thousands

PALETTE = ("#1b7f5a", "#d08a10", "#2f6db5", "#b53a2f", "#6b5fb5")
WIDTH = 560


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return group_thousands(int(value or 0))


def _show_label(index: int, count: int) -> bool:
    """Every other month label when there are many, always the latest."""
    return count <= 8 or (count - 1 - index) % 2 == 0


def format_html(template: str, *args) -> str:
    """``django.utils.html.format_html`` for the charts' many small parts, the same output: numbers
    are written as they are (``str``), every other value is escaped; the result is a plain
    ``str`` that ``_svg`` marks safe once for the whole chart."""
    return template.format(*(a if isinstance(a, (int, float)) else conditional_escape(a) for a in args))


def _svg(height: int, title: str, body: list[str]) -> str:
    """Join escaped parts (every part comes from ``format_html`` above) into one SVG element."""
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-label="{}" font-family="system-ui, sans-serif" font-size="15">',
        WIDTH,
        height,
        WIDTH,
        height,
        title,
    )
    return mark_safe(f"{head}<title>{conditional_escape(title)}</title>{''.join(body)}</svg>")  # noqa: S308 (every part escaped)


def bar_chart(title: str, rows: list[tuple[str, float]], *, note: list[str] | None = None, color: str = PALETTE[0]) -> str:
    """Horizontal bars: one labelled bar per row, value (and an optional note) at its end."""
    row_h, top, label_w = 32, 8, 200
    height = top * 2 + row_h * max(len(rows), 1)
    largest = max((v for _, v in rows), default=0) or 1
    bar_space = WIDTH - label_w - 165
    body = []
    for index, (label, value) in enumerate(rows):
        y = top + index * row_h
        w = max(1 if value else 0, round(bar_space * (value / largest)))
        text = _fmt(value) + (f" · {note[index]}" if note and note[index] else "")
        short = label if len(label) <= 20 else label[:19] + "…"
        body.append(format_html('<text x="{}" y="{}" text-anchor="end" fill="#22302b">{}</text>', label_w - 8, y + 20, short))
        body.append(format_html('<rect x="{}" y="{}" width="{}" height="22" rx="3" fill="{}"/>', label_w, y + 5, w, color))
        body.append(format_html('<text x="{}" y="{}" fill="#22302b">{}</text>', label_w + w + 6, y + 20, text))
    return _svg(height, title, body)


def stacked_share_chart(title: str, rows: list[tuple[str, int, int]]) -> str:
    """For each row a full bar (the whole) with the covered part drawn over it and the share."""
    row_h, top, label_w = 32, 8, 200
    height = top * 2 + row_h * max(len(rows), 1)
    largest = max((whole for _, whole, _ in rows), default=0) or 1
    bar_space = WIDTH - label_w - 165
    body = []
    for index, (label, whole, part) in enumerate(rows):
        y = top + index * row_h
        w_whole = round(bar_space * whole / largest)
        w_part = round(bar_space * part / largest)
        share = f"{part / whole * 100:.1f} %".replace(".", ",") if whole else "–"
        short = label if len(label) <= 20 else label[:19] + "…"
        body.append(format_html('<text x="{}" y="{}" text-anchor="end" fill="#22302b">{}</text>', label_w - 8, y + 20, short))
        body.append(format_html('<rect x="{}" y="{}" width="{}" height="22" rx="3" fill="#dfe7e3"/>', label_w, y + 5, w_whole))
        body.append(format_html('<rect x="{}" y="{}" width="{}" height="22" rx="3" fill="{}"/>', label_w, y + 5, w_part, PALETTE[0]))
        body.append(
            format_html(
                '<text x="{}" y="{}" fill="#22302b">{} / {} · {}</text>', label_w + w_whole + 6, y + 20, _fmt(part), _fmt(whole), share
            )
        )
    return _svg(height, title, body)


def line_chart(title: str, labels: list[str], series: list[tuple[str, list[float]]], *, percent: bool = False) -> str:
    """Lines over months with a legend; ``percent`` draws a 0–100 % axis for ratios (0–1)."""
    height, left, right, top, bottom = 260, 56, 30, 30, 40
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    values = [v for _, vs in series for v in vs if v is not None]
    if percent:
        values = [v * 100 for v in values]
    top_value = 100 if percent else max(values or [0]) or 1
    if not percent:
        magnitude = 10 ** max(len(str(int(top_value))) - 1, 0)
        top_value = ((int(top_value) // magnitude) + 1) * magnitude
    step_x = plot_w / max(len(labels) - 1, 1)
    body = []
    for tick in range(5):
        value = top_value * tick / 4
        y = top + plot_h - plot_h * tick / 4
        body.append(format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#dde3e0"/>', left, WIDTH - right, round(y, 1), round(y, 1)))
        text = f"{value:.0f} %" if percent else _fmt(int(value))
        body.append(
            format_html('<text x="{}" y="{}" text-anchor="end" fill="#5b6b65" font-size="13">{}</text>', left - 6, round(y + 4, 1), text)
        )
    for index, label in enumerate(labels):
        if not _show_label(index, len(labels)):
            continue
        x = left + step_x * index
        body.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" fill="#5b6b65" font-size="13">{}</text>', round(x, 1), height - bottom + 16, label
            )
        )
    for s_index, (name, vs) in enumerate(series):
        color = PALETTE[s_index % len(PALETTE)]
        points = []
        for index, v in enumerate(vs):
            if v is None:
                continue
            v = v * 100 if percent else v
            points.append((round(left + step_x * index, 1), round(top + plot_h - plot_h * (v / top_value), 1)))
        if points:
            body.append(
                format_html(
                    '<polyline fill="none" stroke="{}" stroke-width="2.5" points="{}"/>', color, " ".join(f"{x},{y}" for x, y in points)
                )
            )
            for x, y in points:
                body.append(format_html('<circle cx="{}" cy="{}" r="3" fill="{}"/>', x, y, color))
        lx = left + s_index * 200
        body.append(format_html('<rect x="{}" y="8" width="12" height="12" fill="{}"/>', lx, color))
        body.append(format_html('<text x="{}" y="19" fill="#22302b" font-size="14">{}</text>', lx + 16, name))
    return _svg(height, title, body)


def column_chart(title: str, labels: list[str], series: list[tuple[str, list[int]]]) -> str:
    """Grouped columns per month (e.g. new and lapsed participants)."""
    height, left, right, top, bottom = 240, 56, 24, 30, 40
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    top_value = max([v for _, vs in series for v in vs] + [4])
    group_w = plot_w / max(len(labels), 1)
    bar_w = (group_w * 0.8) / max(len(series), 1)
    body = []
    for tick in range(5):
        y = top + plot_h - plot_h * tick / 4
        body.append(format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#dde3e0"/>', left, WIDTH - right, round(y, 1), round(y, 1)))
        body.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" fill="#5b6b65" font-size="13">{}</text>',
                left - 6,
                round(y + 4, 1),
                _fmt(round(top_value * tick / 4)),
            )
        )
    for index, label in enumerate(labels):
        gx = left + group_w * index + group_w * 0.1
        if _show_label(index, len(labels)):
            body.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" fill="#5b6b65" font-size="13">{}</text>',
                    round(gx + group_w * 0.4, 1),
                    height - bottom + 16,
                    label,
                )
            )
        for s_index, (_name, vs) in enumerate(series):
            h = plot_h * vs[index] / top_value
            body.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    round(gx + bar_w * s_index, 1),
                    round(top + plot_h - h, 1),
                    round(bar_w - 1, 1),
                    round(h, 1),
                    PALETTE[s_index % len(PALETTE)],
                )
            )
    for s_index, (name, _vs) in enumerate(series):
        lx = left + s_index * 200
        body.append(format_html('<rect x="{}" y="8" width="12" height="12" fill="{}"/>', lx, PALETTE[s_index % len(PALETTE)]))
        body.append(format_html('<text x="{}" y="19" fill="#22302b" font-size="14">{}</text>', lx + 16, name))
    return _svg(height, title, body)
