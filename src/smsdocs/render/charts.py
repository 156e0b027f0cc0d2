"""SVG figures: static, made at build time, no scripts, no external fonts; the dependency
diagram of a service, the risk heat map, the maturity gap and the implementation timeline."""

from __future__ import annotations

import datetime as dt
from typing import Final
from xml.sax.saxutils import escape as xml_escape

from smsdocs.model import (
    Component,
    Party,
    Scope,
    Service,
)
from smsdocs.render.links import Links, figure_path, name_of
from smsdocs.render.text import one_line

_FONT: Final = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\""


def _label(value: str, limit: int = 36) -> str:
    flat = one_line(value)
    return xml_escape(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def dependency_svg(scope: Scope, service: Service) -> str:
    """Service -> components -> suppliers, as three columns of boxes joined by lines."""
    components = [
        c for c in (scope.index.get(i) for i in service.components) if isinstance(c, Component)
    ]
    supplier_ids = list(
        dict.fromkeys([*service.suppliers, *(c.provided_by for c in components if c.provided_by)])
    )
    suppliers = [p for p in (scope.index.get(i) for i in supplier_ids) if isinstance(p, Party)]
    box_w, box_h, gap, col_gap = 260, 40, 14, 70
    rows = max(len(components), len(suppliers), 1)
    height = rows * (box_h + gap) + gap + 30
    width = 3 * box_w + 2 * col_gap + 40
    x = [20, 20 + box_w + col_gap, 20 + 2 * (box_w + col_gap)]

    def ys(count: int) -> list[int]:
        top = 30 + (rows - count) * (box_h + gap) // 2 + gap
        return [top + i * (box_h + gap) for i in range(count)]

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {_FONT} font-size="13">',
        f"<title>Dependencies of {xml_escape(service.name)}</title>",
        "<style>.b{fill:#eef3fb;stroke:#3b6db3;stroke-width:1.2}.s{fill:#3b6db3}"
        ".x{fill:#fff5e6;stroke:#c77700;stroke-width:1.2}.l{stroke:#8a99ad;stroke-width:1.2;fill:none}"
        ".h{font-weight:600;fill:#44546a}</style>",
    ]
    for col, heading in enumerate(("Service", "Components", "Suppliers")):
        parts.append(f'<text class="h" x="{x[col]}" y="20">{heading}</text>')
    service_y = ys(1)[0]
    comp_y = ys(len(components))
    supp_y = ys(len(suppliers))
    supplier_row = {p.id: y for p, y in zip(suppliers, supp_y, strict=True)}
    for c, y in zip(components, comp_y, strict=True):
        parts.append(_line(x[0] + box_w, service_y + box_h // 2, x[1], y + box_h // 2))
        if c.provided_by in supplier_row:
            sy = supplier_row[c.provided_by]
            parts.append(_line(x[1] + box_w, y + box_h // 2, x[2], sy + box_h // 2))
    through_components = {c.provided_by for c in components}
    for pid in service.suppliers:
        # A supplier already reached through a component needs no second line.
        if pid in supplier_row and pid not in through_components:
            parts.append(
                _line(
                    x[0] + box_w,
                    service_y + box_h // 2,
                    x[2],
                    supplier_row[pid] + box_h // 2,
                    dashed=True,
                )
            )
    parts.append(
        f'<rect class="s" x="{x[0]}" y="{service_y}" width="{box_w}" height="{box_h}" rx="6"/>'
        f'<text x="{x[0] + 10}" y="{service_y + 25}" fill="#fff">{_label(service.name)}</text>'
    )
    for c, y in zip(components, comp_y, strict=True):
        parts.append(_box(x[1], y, box_w, box_h, c.name, "x" if c.provided_by else "b"))
    for p, y in zip(suppliers, supp_y, strict=True):
        parts.append(_box(x[2], y, box_w, box_h, p.name, "x"))
    if not components and not suppliers:
        parts.append(
            f'<text x="{x[1]}" y="{service_y + 25}">No components or suppliers recorded</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _box(x: int, y: int, w: int, h: int, label: str, cls: str) -> str:
    return (
        f'<rect class="{cls}" x="{x}" y="{y}" width="{w}" height="{h}" rx="6"/>'
        f'<text x="{x + 10}" y="{y + 25}">{_label(label)}</text>'
    )


def _line(x1: int, y1: int, x2: int, y2: int, dashed: bool = False) -> str:
    mid = (x1 + x2) // 2
    dash = ' stroke-dasharray="5 4"' if dashed else ""
    return f'<path class="l"{dash} d="M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}"/>'


_HEAT: Final = ("#d9f0d3", "#f6e8a6", "#f9c784", "#f28b67", "#d7301f")


def heatmap_svg(scope: Scope) -> str:
    """A 5 x 5 likelihood x impact grid with the number and ids of the risks in each cell."""
    cell, left, top = 118, 110, 40
    size = left + 5 * cell + 20
    height = top + 5 * cell + 70
    cells: dict[tuple[int, int], list[str]] = {}
    for r in scope.risks:
        cells.setdefault((r.likelihood, r.impact), []).append(r.id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{height}" '
        f'viewBox="0 0 {size} {height}" role="img" {_FONT} font-size="12">',
        "<title>Risk heat map: likelihood against impact</title>",
    ]
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            x = left + (impact - 1) * cell
            y = top + (5 - likelihood) * cell
            score = likelihood * impact
            colour = _HEAT[
                0
                if score <= 3
                else 1
                if score <= 6
                else 2
                if score <= 11
                else 3
                if score <= 16
                else 4
            ]
            ids = cells.get((likelihood, impact), [])
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{colour}" '
                f'stroke="#ffffff" stroke-width="2"><title>Likelihood {likelihood}, impact {impact}: '
                f"{len(ids)} risk{'s' if len(ids) != 1 else ''}</title></rect>"
            )
            if ids:
                parts.append(
                    f'<text x="{x + cell // 2}" y="{y + 30}" text-anchor="middle" font-size="22" '
                    f'font-weight="700" fill="#222">{len(ids)}</text>'
                )
                for n, ident in enumerate(ids[:3]):
                    parts.append(
                        f'<text x="{x + cell // 2}" y="{y + 50 + n * 14}" text-anchor="middle" '
                        f'fill="#333" font-size="11">{_label(ident, 19)}</text>'
                    )
                if len(ids) > 3:
                    parts.append(
                        f'<text x="{x + cell // 2}" y="{y + 92}" text-anchor="middle" fill="#333">'
                        f"+{len(ids) - 3} more</text>"
                    )
    for n in range(1, 6):
        parts.append(
            f'<text x="{left + (n - 1) * cell + cell // 2}" y="{top + 5 * cell + 20}" '
            f'text-anchor="middle">{n}</text>'
        )
        parts.append(
            f'<text x="{left - 12}" y="{top + (5 - n) * cell + cell // 2 + 4}" '
            f'text-anchor="end">{n}</text>'
        )
    parts.append(
        f'<text x="{left + 5 * cell // 2}" y="{top + 5 * cell + 45}" text-anchor="middle" '
        'font-weight="600">Impact</text>'
    )
    parts.append(
        f'<text x="24" y="{top + 5 * cell // 2}" text-anchor="middle" font-weight="600" '
        f'transform="rotate(-90 24 {top + 5 * cell // 2})">Likelihood</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def gap_svg(scope: Scope) -> str:
    """Baseline against target maturity per process: paired horizontal bars, 0 to 5."""
    plan = scope.implementation
    rows = list(plan.maturity) if plan else []
    left, bar_h, gap, scale = 250, 11, 12, 80
    top = 40
    height = top + max(len(rows), 1) * (2 * bar_h + gap) + 40
    width = left + 5 * scale + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {_FONT} font-size="12">',
        "<title>Process maturity: baseline against target</title>",
        f'<rect x="{left}" y="8" width="12" height="10" fill="#9aa5b8"/>'
        f'<text x="{left + 18}" y="17">Baseline</text>'
        f'<rect x="{left + 100}" y="8" width="12" height="10" fill="#283593"/>'
        f'<text x="{left + 118}" y="17">Target</text>',
    ]
    for level in range(6):
        x = left + level * scale
        parts.append(
            f'<line x1="{x}" y1="{top - 6}" x2="{x}" y2="{height - 30}" stroke="#e0e0e0"/>'
            f'<text x="{x}" y="{height - 14}" text-anchor="middle" fill="#555">{level}</text>'
        )
    for i, m in enumerate(rows):
        y = top + i * (2 * bar_h + gap)
        name = name_of(scope, m.process)
        parts.append(
            f'<text x="{left - 8}" y="{y + bar_h + 4}" text-anchor="end">{_label(name, 36)}</text>'
            f'<rect class="baseline" x="{left}" y="{y}" width="{m.baseline * scale}" '
            f'height="{bar_h}" fill="#9aa5b8"><title>Baseline {m.baseline}</title></rect>'
            f'<rect class="target" x="{left}" y="{y + bar_h}" width="{m.target * scale}" '
            f'height="{bar_h}" fill="#283593"><title>Target {m.target}</title></rect>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def timeline_svg(scope: Scope) -> str:
    """The plan's phases as bars on a time axis, with its milestones as diamonds."""
    plan = scope.implementation
    phases = list(plan.phases) if plan else []
    marks = list(plan.milestones) if plan else []
    if not phases:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40" role="img">'
            "<title>No phases</title></svg>\n"
        )
    start = min(p.start for p in phases)
    end = max(p.end for p in phases)
    days = max((end - start).days, 1)
    left, width_px, row = 230, 560, 30
    top = 30
    height = top + len(phases) * row + 40 + len(marks) * 18 + 20
    width = left + width_px + 30

    def x(day: dt.date) -> float:
        return round(left + (day - start).days / days * width_px, 1)

    colours = {"complete": "#2e7d32", "in-progress": "#283593", "planned": "#9aa5b8"}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {_FONT} font-size="12">',
        "<title>Implementation timeline: phases and milestones</title>",
    ]
    month = dt.date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            parts.append(
                f'<line x1="{x(month)}" y1="{top - 8}" x2="{x(month)}" '
                f'y2="{top + len(phases) * row}" stroke="#eeeeee"/>'
            )
            if month.month in (1, 4, 7, 10):
                parts.append(
                    f'<text x="{x(month)}" y="{top - 12}" text-anchor="middle" fill="#555">'
                    f"{month:%b %Y}</text>"
                )
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    for i, p in enumerate(phases):
        y = top + i * row
        parts.append(
            f'<text x="{left - 8}" y="{y + 17}" text-anchor="end">{_label(p.name, 32)}</text>'
            f'<rect class="phase" x="{x(p.start)}" y="{y + 5}" '
            f'width="{max(x(p.end) - x(p.start), 2)}" height="18" rx="3" '
            f'fill="{colours.get(p.status, "#9aa5b8")}"><title>{xml_escape(p.name)}: '
            f"{p.start} to {p.end} ({xml_escape(p.status)})</title></rect>"
        )
    base = top + len(phases) * row + 20
    for j, m in enumerate(sorted(marks, key=lambda m: m.date)):
        mx, my = x(m.date), base + j * 18
        parts.append(
            f'<path class="milestone" d="M{mx},{my - 6} L{mx + 6},{my} L{mx},{my + 6} '
            f'L{mx - 6},{my} Z" fill="{"#2e7d32" if m.status == "done" else "#c77700"}"/>'
            # Labels read away from the nearer edge, so none runs off the figure.
            f'<text x="{mx + 10 if mx < left + width_px * 0.45 else mx - 10}" y="{my + 4}" '
            f'text-anchor="{"start" if mx < left + width_px * 0.45 else "end"}">'
            f"{_label(m.name, 36)} ({m.date})</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


HEATMAP: Final = "risk-heatmap.svg"
MATURITY_GAP: Final = "maturity-gap.svg"
TIMELINE: Final = "implementation-timeline.svg"


def figures(scope: Scope) -> list[tuple[str, str]]:
    """The figures drawn from the whole scope, as (path relative to docs/, SVG); the
    implementation plan's only where the scope has one."""
    drawn = [(figure_path(HEATMAP), heatmap_svg(scope))]
    if scope.implementation is not None:
        drawn.append((figure_path(MATURITY_GAP), gap_svg(scope)))
        drawn.append((figure_path(TIMELINE), timeline_svg(scope)))
    return drawn


def figure(ctx_links: Links, alt: str, name: str) -> str:
    """The Markdown that shows a generated figure on the current page."""
    return f"![{alt}]({ctx_links.to(figure_path(name))})\n"
