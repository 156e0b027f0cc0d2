"""SVG figures: static, made at build time, no scripts, no external fonts; the dependency
diagram of a service, the risk heat map, the maturity gap and the implementation timeline."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Final
from xml.sax.saxutils import escape as xml_escape

from smsdocs.model import (
    Component,
    Scope,
    Service,
    name_of,
)
from smsdocs.render.chartwords import (
    dependency_counts,
    dependency_key,
    gap_words,
    heatmap_words,
)
from smsdocs.render.links import figure_path
from smsdocs.render.parties import Involved, involved
from smsdocs.render.svgtext import INK as _INK
from smsdocs.render.svgtext import INK_SOFT as _INK_SOFT
from smsdocs.render.svgtext import ON_FILL as _ON_FILL
from smsdocs.render.svgtext import RULE as _RULE
from smsdocs.render.svgtext import TODAY as _TODAY
from smsdocs.render.svgtext import attr as _attr
from smsdocs.render.svgtext import first_baseline as _first_baseline
from smsdocs.render.svgtext import n as _n
from smsdocs.render.svgtext import opening as _svg
from smsdocs.render.svgtext import text as _text
from smsdocs.render.svgtext import width as _width
from smsdocs.render.svgtext import wrap as _wrap
from smsdocs.render.text import one_line
from smsdocs.render.timeline import timeline_svg
from smsdocs.words import N_, numeral, translator

DARK_INKS: Final = {_INK: "#e3e6ea", _INK_SOFT: "#b4bac4", _RULE: "#3d4250", _TODAY: "#ff8a80"}
"""The colours of the variant for dark pages (Material's slate scheme is about #1e2129):
each at 4.5:1 or more against it, as the light ones are against white."""
_PAGE_COLOUR: Final = re.compile('"(' + "|".join(map(re.escape, DARK_INKS)) + ')"')
DARK_SUFFIX: Final = "-dark.svg"


def dark_path(path: str) -> str:
    """Where a figure's variant for dark pages lives, beside it."""
    return path.removesuffix(".svg") + DARK_SUFFIX


def dark_variant(svg: str) -> str:
    """A figure drawn for a dark page: its page colours swapped, its own fills kept."""
    return _PAGE_COLOUR.sub(lambda found: f'"{DARK_INKS[found.group(1)]}"', svg)


# The dependency diagram: three columns of boxes, 720 wide with 13-unit text (8.4 pt printed).
_DEP_SIZE: Final = 13
_DEP_STEP: Final = 16
_BOX_W: Final = 210
_BOX_PAD: Final = 10
_BOX_MIN_H: Final = 40
_BOX_GAP: Final = 14
_COL_GAP: Final = 35
_DEP_MARGIN: Final = 10
_DEP_HEAD: Final = 30


def dependency_svg(scope: Scope, service: Service, language: str = "en") -> str:
    """Service -> components -> other parties, as three columns of boxes joined by lines; names
    wrap inside their boxes, which grow to hold them. A party that operates the service is
    joined to the service and says so in its box; one that provides a component, to the
    component; one that supplies the service directly, to the service by a dashed line. Its
    words are in ``language``."""
    say = translator(language).gettext
    components = [
        c for c in (scope.index.get(i) for i in service.components) if isinstance(c, Component)
    ]
    others = involved(scope, service)
    room = _BOX_W - 2 * _BOX_PAD
    service_lines = _wrap(service.name, room, _DEP_SIZE)
    columns = [
        [service_lines],
        [_wrap(c.name, room, _DEP_SIZE) for c in components],
        [_party_lines(i, room, say) for i in others],
    ]
    heights = [[_box_height(lines) for lines in column] for column in columns]
    tallest = max(sum(h) + _BOX_GAP * (len(h) - 1) for h in heights)
    width = 3 * _BOX_W + 2 * _COL_GAP + 2 * _DEP_MARGIN
    boxes = _DEP_HEAD + tallest + 2 * _BOX_GAP
    key = dependency_key(components, others, language)
    said = _wrap(key, width - 2 * _DEP_MARGIN, _DEP_SIZE) if key else []
    height = boxes + (len(said) * _DEP_STEP + 8 if said else 0)
    x = [_DEP_MARGIN + col * (_BOX_W + _COL_GAP) for col in range(3)]

    def tops(column: list[int]) -> list[float]:
        """Each box's top, the column centred against the tallest one."""
        y = _DEP_HEAD + _BOX_GAP + (tallest - sum(column) - _BOX_GAP * (len(column) - 1)) / 2
        out = []
        for h in column:
            out.append(y)
            y += h + _BOX_GAP
        return out

    service_y, comp_y, supp_y = (tops(h) for h in heights)
    service_h = heights[0][0]
    service_mid = service_y[0] + service_h / 2
    comp_mid = {c.id: y + h / 2 for c, y, h in zip(components, comp_y, heights[1], strict=True)}
    parts = [
        _svg(
            width,
            height,
            _DEP_SIZE,
            say("Dependencies of {name}: {counts}").format(
                name=service.name, counts=dependency_counts(scope, service, language)
            ),
        ),
        "<style>.b{fill:#eef3fb;stroke:#3b6db3;stroke-width:1.2}.s{fill:#3b6db3}"
        ".x{fill:#fff5e6;stroke:#c77700;stroke-width:1.2}.l{stroke:#8a99ad;stroke-width:1.2;fill:none}"
        "</style>",
    ]
    for col, heading in enumerate((say("Service"), say("Components"), say("Other parties"))):
        parts.append(
            f'<text x="{x[col]}" y="20" font-weight="600" fill="{_INK_SOFT}">'
            f"{xml_escape(heading)}</text>"
        )
    for mid in comp_mid.values():
        parts.append(_line(x[0] + _BOX_W, service_mid, x[1], mid))
    for i, y, h in zip(others, supp_y, heights[2], strict=True):
        mid = y + h / 2
        for role in i.roles:
            if role.part == "provides" and role.component is not None:
                start = comp_mid[role.component.id]
                parts.append(_line(x[1] + _BOX_W, start, x[2], mid))
            else:
                # An operator runs the service itself; a direct supplier (dashed) feeds it.
                dashed = role.part == "supplies"
                parts.append(_line(x[0] + _BOX_W, service_mid, x[2], mid, dashed=dashed))
    parts.append(_box(x[0], service_y[0], service_h, service_lines, "s", ' fill="#fff"'))
    for c, y, h, lines in zip(components, comp_y, heights[1], columns[1], strict=True):
        parts.append(_box(x[1], y, h, lines, "x" if c.provided_by else "b", f' fill="{_ON_FILL}"'))
    for y, h, lines in zip(supp_y, heights[2], columns[2], strict=True):
        parts.append(_box(x[2], y, h, lines, "x", f' fill="{_ON_FILL}"'))
    if not components and not others:
        parts.append(
            f'<text x="{x[1]}" y="{_n(service_mid + 0.35 * _DEP_SIZE)}">'
            + xml_escape(say("No components or other parties recorded"))
            + "</text>"
        )
    if said:
        parts.append(_text(_DEP_MARGIN, boxes + 4, said, _DEP_STEP, f' fill="{_INK_SOFT}"'))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _party_lines(party: Involved, room: float, say: Callable[[str], str]) -> list[str]:
    """A party's name, and below it, for one that operates the service, that it does."""
    lines = _wrap(party.party.name, room, _DEP_SIZE)
    for role in party.roles:
        if role.part == "operates":
            lines += _wrap(role.words(say), room, _DEP_SIZE)
    return lines


def _box_height(lines: list[str]) -> int:
    return max(_BOX_MIN_H, len(lines) * _DEP_STEP + 2 * _BOX_PAD)


def _box(x: float, y: float, h: float, lines: list[str], cls: str, attrs: str = "") -> str:
    baseline = _first_baseline(y, h, len(lines), _DEP_STEP, _DEP_SIZE)
    return (
        f'<rect class="{cls}" x="{_n(x)}" y="{_n(y)}" width="{_BOX_W}" height="{_n(h)}" rx="6"/>'
        + _text(x + _BOX_PAD, baseline, lines, _DEP_STEP, attrs)
    )


def _line(x1: float, y1: float, x2: float, y2: float, dashed: bool = False) -> str:
    mid = (x1 + x2) / 2
    dash = ' stroke-dasharray="5 4"' if dashed else ""
    return (
        f'<path class="l"{dash} d="M{_n(x1)},{_n(y1)} C{_n(mid)},{_n(y1)} '
        f'{_n(mid)},{_n(y2)} {_n(x2)},{_n(y2)}"/>'
    )


_BANDS: Final = (
    (N_("Low"), 3, "#eef8e6", "#111111"),
    (N_("Medium"), 6, "#f6c744", "#111111"),
    (N_("High"), 11, "#ee8a3a", "#111111"),
    (N_("Very high"), 16, "#dd5536", "#111111"),
    (N_("Extreme"), 25, "#9b1b1b", "#ffffff"),
)
"""The heat map's bands: (name, highest score in the band, colour, colour of text on it),
lowest first. Each band is darker than the one below it by a step a greyscale print keeps
(relative luminance 0.91, 0.61, 0.37, 0.22, 0.08), and every cell names its band, so the
map does not rely on colour; the text on each is at 4.5:1 or more against it."""
_LIKELIHOOD: Final = (
    N_("Rare"),
    N_("Unlikely"),
    N_("Possible"),
    N_("Likely"),
    N_("Almost certain"),
)
_IMPACT: Final = (N_("Negligible"), N_("Minor"), N_("Moderate"), N_("Major"), N_("Severe"))
_SCORES: Final = sorted(
    {likelihood * impact for likelihood in range(1, 6) for impact in range(1, 6)}
)

# The heat map: 720 wide, 12-unit text and 11-unit risk names (7.2 pt printed).
_HEAT_W: Final = 720
_HEAT_LEFT: Final = 105
_CELL_W: Final = 121
_CELL_MIN_H: Final = 90
_NAME_SIZE: Final = 11
_NAME_STEP: Final = 13
_NAME_GAP: Final = 7
_CELL_HEAD: Final = 40
"""Where the count of a cell's risks sits below its top (its band's name is above it)."""
_CELL_LINES: Final = 8
"""Lines of risk names a cell shows before the rest are counted as '+N more'."""


def _band(score: int) -> tuple[str, int, str, str]:
    return next(band for band in _BANDS if score <= band[1])


def _band_scores(limit: int) -> str:
    """The scores a band holds, as a range from the lowest to the highest."""
    below = max((band[1] for band in _BANDS if band[1] < limit), default=0)
    held = [s for s in _SCORES if below < s <= limit]
    return f"{held[0]}–{held[-1]}" if len(held) > 1 else str(held[0])


def heatmap_title(scope: Scope, language: str = "en") -> str:
    """What the heat map shows, in words (in ``language``): its risks, counted by band."""
    return heatmap_words(
        [_band(r.likelihood * r.impact)[0] for r in scope.risks], [b[0] for b in _BANDS], language
    )


def heatmap_svg(
    scope: Scope, href: Callable[[str], str | None] | None = None, language: str = "en"
) -> str:
    """A 5 x 5 likelihood x impact grid with the number and names of the risks in each cell,
    the scale of each axis and a legend of the colour bands; with ``href``, each name links to
    the address it gives for the risk's id (its entry in the register). Its words are in
    ``language``."""
    words = translator(language)
    say = words.gettext
    cells: dict[tuple[int, int], list[str]] = {}
    ids: dict[tuple[int, int], list[str]] = {}
    for r in scope.risks:
        cells.setdefault((r.likelihood, r.impact), []).append(r.title)
        ids.setdefault((r.likelihood, r.impact), []).append(r.id)
    shown: dict[tuple[int, int], list[list[str]]] = {}
    row_h: dict[int, float] = {}
    for likelihood in range(1, 6):
        row_h[likelihood] = _CELL_MIN_H
        for impact in range(1, 6):
            names = _cell_names(cells.get((likelihood, impact), []))
            shown[likelihood, impact] = names
            more = int(len(cells.get((likelihood, impact), [])) > len(names))
            used = sum(len(n) for n in names) + more
            need = (
                _CELL_HEAD + 8 + used * _NAME_STEP + max(len(names) - 1 + more, 0) * _NAME_GAP + 10
            )
            row_h[likelihood] = max(row_h[likelihood], need)
    top = 12
    row_y = {5: float(top)}
    for likelihood in range(4, 0, -1):
        row_y[likelihood] = row_y[likelihood + 1] + row_h[likelihood + 1]
    bottom = row_y[1] + row_h[1]
    legend = bottom + 66
    height = legend + 46
    parts = [_svg(_HEAT_W, height, 12, heatmap_title(scope, language))]
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            x = _HEAT_LEFT + (impact - 1) * _CELL_W
            y = row_y[likelihood]
            score = likelihood * impact
            english, _, colour, ink = _band(score)
            band = say(english)
            titles = cells.get((likelihood, impact), [])
            count = words.ngettext("{count} risk", "{count} risks", len(titles))
            tip = say(
                "Likelihood {likelihood}, impact {impact}: score {score} ({band}); {risks}"
            ).format(
                likelihood=likelihood,
                impact=impact,
                score=score,
                band=band,
                risks=count.format(count=numeral(len(titles), language)),
            ) + "".join(f"; {one_line(t)}" for t in titles)
            parts.append(
                f'<rect x="{x}" y="{_n(y)}" width="{_CELL_W}" height="{_n(row_h[likelihood])}" '
                f'fill="{colour}" stroke="#ffffff" stroke-width="2"><title>{xml_escape(tip)}'
                "</title></rect>"
            )
            parts.append(
                f'<text x="{x + 6}" y="{_n(y + 15)}" fill="{ink}" font-size="{_NAME_SIZE}" '
                f'font-style="italic">{xml_escape(band)}</text>'
            )
            if not titles:
                continue
            centre = x + _CELL_W / 2
            parts.append(
                f'<text x="{_n(centre)}" y="{_n(y + _CELL_HEAD)}" text-anchor="middle" '
                f'font-size="22" font-weight="700" fill="{ink}">{len(titles)}</text>'
            )
            line_y = y + _CELL_HEAD + 8 + _NAME_SIZE
            for ident, lines in zip(
                ids[likelihood, impact], shown[likelihood, impact], strict=False
            ):
                name = _text(
                    centre,
                    line_y,
                    lines,
                    _NAME_STEP,
                    f' text-anchor="middle" fill="{ink}" font-size="{_NAME_SIZE}"'
                    + (' text-decoration="underline"' if href else ""),
                )
                target = href(ident) if href else None
                parts.append(f'<a href="{_attr(target)}">{name}</a>' if target else name)
                line_y += len(lines) * _NAME_STEP + _NAME_GAP
            hidden = len(titles) - len(shown[likelihood, impact])
            if hidden:
                parts.append(
                    f'<text x="{_n(centre)}" y="{_n(line_y)}" text-anchor="middle" fill="{ink}" '
                    f'font-size="{_NAME_SIZE}" font-style="italic">'
                    + xml_escape(say("+{count} more").format(count=numeral(hidden, language)))
                    + "</text>"
                )
    for n in range(1, 6):
        parts.append(
            _text(
                _HEAT_LEFT + (n - 1) * _CELL_W + _CELL_W / 2,
                bottom + 18,
                _wrap(f"{n} {say(_IMPACT[n - 1])}", _CELL_W - 8, 12, hyphenate=True),
                15,
                ' text-anchor="middle"',
            )
        )
        label = _wrap(f"{n} {say(_LIKELIHOOD[n - 1])}", _HEAT_LEFT - 40, 12, hyphenate=True)
        parts.append(
            _text(
                _HEAT_LEFT - 8,
                _first_baseline(row_y[n], row_h[n], len(label), 15, 12),
                label,
                15,
                ' text-anchor="end"',
            )
        )
    middle = row_y[5] + (bottom - row_y[5]) / 2
    parts.append(
        f'<text x="{_n(_HEAT_LEFT + 5 * _CELL_W / 2)}" y="{_n(bottom + 40)}" '
        'text-anchor="middle" font-weight="600">' + xml_escape(say("Impact")) + "</text>"
        f'<text x="18" y="{_n(middle)}" text-anchor="middle" font-weight="600" '
        f'transform="rotate(-90 18 {_n(middle)})">' + xml_escape(say("Likelihood")) + "</text>"
    )
    parts.append(
        f'<text x="10" y="{_n(legend)}" font-weight="600">'
        + xml_escape(say("Colour: risk score = likelihood × impact"))
        + "</text>"
    )
    entry = (_HEAT_W - 20) / len(_BANDS)
    for k, (name, limit, colour, _ink) in enumerate(_BANDS):
        at = 10 + k * entry
        parts.append(
            f'<rect x="{_n(at)}" y="{_n(legend + 10)}" width="16" height="16" fill="{colour}" '
            'stroke="#8a99ad" stroke-width="0.8"/>'
            + _text(
                at + 22,
                legend + 22,
                [say(name), say("score {scores}").format(scores=_band_scores(limit))],
                15,
            )
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _cell_names(titles: list[str]) -> list[list[str]]:
    """The names a heat map cell shows, each wrapped whole; always the first, then as many
    as fit in _CELL_LINES, keeping a line for '+N more' when some are left out."""
    shown: list[list[str]] = []
    used = 0
    for n, title in enumerate(titles):
        lines = _wrap(title, _CELL_W - 12, _NAME_SIZE)
        more = 1 if n < len(titles) - 1 else 0
        if shown and used + len(lines) + more > _CELL_LINES:
            break
        shown.append(lines)
        used += len(lines)
    return shown


def gap_svg(scope: Scope, language: str = "en") -> str:
    """Baseline against target maturity per process: paired horizontal bars, 0 to 5; process
    names wrap and their rows grow to hold them. Its words are in ``language``."""
    say = translator(language).gettext
    baseline, target = say("Baseline"), say("Target")
    # The key's second entry after the first's words, however long a language makes them.
    second = max(100, round(18 + _width(baseline, 12) + 24))
    plan = scope.implementation
    rows = list(plan.maturity) if plan else []
    left, bar_h, gap, scale, step = 250, 11, 12, 80, 15
    top = 40
    labels = [_wrap(name_of(scope, m.process, language), left - 16, 12) for m in rows]
    row_h = [max(2 * bar_h, len(lines) * step) + gap for lines in labels]
    axis = top + max(sum(row_h), 2 * bar_h + gap)
    height = axis + 46
    width = left + 5 * scale + 40
    parts = [
        _svg(width, height, 12, gap_words(scope, language)),
        f'<rect x="{left}" y="8" width="12" height="10" fill="#9aa5b8"/>'
        f'<text x="{left + 18}" y="17">{xml_escape(baseline)}</text>'
        f'<rect x="{left + second}" y="8" width="12" height="10" fill="#283593"/>'
        f'<text x="{left + second + 18}" y="17">{xml_escape(target)}</text>',
    ]
    for level in range(6):
        x = left + level * scale
        parts.append(
            f'<line x1="{x}" y1="{top - 6}" x2="{x}" y2="{axis + 4}" stroke="{_RULE}"/>'
            f'<text x="{x}" y="{axis + 18}" text-anchor="middle" fill="{_INK_SOFT}">{level}</text>'
        )
    parts.append(
        f'<text x="{left + 5 * scale // 2}" y="{axis + 38}" text-anchor="middle" '
        f'fill="{_INK_SOFT}">' + xml_escape(say("Maturity level")) + "</text>"
    )
    y: float = top
    for m, lines, h in zip(rows, labels, row_h, strict=True):
        bars = y + (h - gap - 2 * bar_h) / 2
        parts.append(
            _text(
                left - 8,
                _first_baseline(y, h - gap, len(lines), step, 12),
                lines,
                step,
                ' text-anchor="end"',
            )
            + f'<rect class="baseline" x="{left}" y="{_n(bars)}" width="{m.baseline * scale}" '
            f'height="{bar_h}" fill="#9aa5b8"><title>'
            + xml_escape(say("Baseline {level}").format(level=m.baseline))
            + "</title></rect>"
            f'<rect class="target" x="{left}" y="{_n(bars + bar_h)}" width="{m.target * scale}" '
            f'height="{bar_h}" fill="#283593"><title>'
            + xml_escape(say("Target {level}").format(level=m.target))
            + "</title></rect>"
        )
        y += h
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


HEATMAP: Final = "risk-heatmap.svg"
MATURITY_GAP: Final = "maturity-gap.svg"
TIMELINE: Final = "implementation-timeline.svg"


def figures(
    scope: Scope, today: dt.date | None = None, mark: str = "Today", language: str = "en"
) -> list[tuple[str, str]]:
    """The figures drawn from the whole scope, as (path relative to docs/, SVG), the
    timeline with ``today`` marked (labelled ``mark``); the implementation plan's only where
    the scope has one; their words in ``language``."""
    drawn = [(figure_path(HEATMAP), heatmap_svg(scope, language=language))]
    if scope.implementation is not None:
        drawn.append((figure_path(MATURITY_GAP), gap_svg(scope, language)))
        drawn.append((figure_path(TIMELINE), timeline_svg(scope, today, mark, language)))
    return drawn


_INLINE_ESCAPES: Final = str.maketrans({"[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;"})


def inline_figure(svg: str, label: str) -> str:
    """A drawn figure written into the page itself, so the links in it work: a block of HTML
    with its light and its dark variant, of which the site's styles show the one for the
    reader's scheme. The search index leaves it out (its words are the register's)."""
    # Links inside an image would be hidden from screen readers: the figure is a group.
    light = svg.replace(' role="img"', f' role="group" aria-label="{_attr(label)}"', 1)
    # The page's Markdown holds it: no bracket or brace of a name reads as a link or a macro.
    light = light.translate(_INLINE_ESCAPES)
    # Two sibling blocks, not one around both: Material's search stops leaving out an
    # element's words at the first end tag of the same name inside it.
    return (
        f'<div class="smsdocs-inline smsdocs-inline-light" data-search-exclude>{light}</div>'
        f'<div class="smsdocs-inline smsdocs-inline-dark" data-search-exclude>'
        f"{dark_variant(light)}</div>\n"
    )
