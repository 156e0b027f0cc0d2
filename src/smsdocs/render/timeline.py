"""The implementation timeline as an SVG figure: the plan's phases as bars on a time axis,
its milestones as diamonds, the day the manual is worked out for marked. Imports ``model``,
``render.chartwords`` and ``render.svgtext``, nothing else of the package."""

from __future__ import annotations

import datetime as dt
from typing import Final
from xml.sax.saxutils import escape as xml_escape

from smsdocs.model import Scope, label
from smsdocs.render.chartwords import MILESTONES_SAID, PHASES_SAID, timeline_words
from smsdocs.render.svgtext import INK_SOFT as _INK_SOFT
from smsdocs.render.svgtext import RULE as _RULE
from smsdocs.render.svgtext import TODAY as _TODAY
from smsdocs.render.svgtext import first_baseline as _first_baseline
from smsdocs.render.svgtext import n as _n
from smsdocs.render.svgtext import opening as _svg
from smsdocs.render.svgtext import text as _text
from smsdocs.render.svgtext import width as _width
from smsdocs.render.svgtext import wrap as _wrap
from smsdocs.words import SOURCE, calendar_day, catalogue, locale_of, translator

# The timeline: 720 wide with 12-unit text (7.8 pt printed).
_TIME_W: Final = 720
_TIME_LEFT: Final = 200
_TIME_SPAN: Final = 490
_TIME_STEP: Final = 15
_TIME_LEGEND: Final = 16
"""The baseline of the timeline's legend, above its month names."""
_PHASE_LOOKS: Final = {
    "complete": 'fill="#2e7d32"',
    "in-progress": 'fill="#283593"',
    "planned": 'fill="#d5dae3" stroke="#5f6b7d" stroke-width="1.2" stroke-dasharray="4 2"',
}
"""How a phase's bar looks by its status: dark, darker, and light with a dashed outline
(relative luminance 0.16, 0.05 and 0.69), so a greyscale print tells them apart."""
_DONE: Final = "#2e7d32"
_OPEN: Final = "#c77700"


def _milestone(x: float, y: float, done: bool, cls: str = "milestone") -> str:
    """A milestone's diamond centred on (x, y): filled, with a tick, once it is done; hollow
    while it is open (``cls``: "key" for the legend's)."""
    diamond = (
        f"M{_n(x)},{_n(y - 7)} L{_n(x + 7)},{_n(y)} L{_n(x)},{_n(y + 7)} L{_n(x - 7)},{_n(y)} Z"
    )
    if not done:
        return (
            f'<path class="{cls}" d="{diamond}" fill="#ffffff" stroke="{_OPEN}" '
            'stroke-width="1.8"/>'
        )
    return (
        f'<path class="{cls}" d="{diamond}" fill="{_DONE}"/>'
        f'<path d="M{_n(x - 3)},{_n(y)} L{_n(x - 1)},{_n(y + 2.5)} L{_n(x + 3.2)},{_n(y - 2.5)}" '
        'fill="none" stroke="#ffffff" stroke-width="1.6"/>'
    )


def _timeline_legend(language: str) -> str:
    """What the bars' and the diamonds' looks mean, in a row at the top of the timeline."""
    say = translator(language).gettext
    parts: list[str] = []
    y, at = _TIME_LEGEND, 10.0
    for heading, entries in (
        (say("Phases:"), PHASES_SAID),
        (say("Milestones:"), MILESTONES_SAID),
    ):
        parts.append(f'<text x="{_n(at)}" y="{y}" font-weight="600">{xml_escape(heading)}</text>')
        at += _width(heading, 12, bold=True) + 8
        for status, english in entries:
            name = say(english)
            if status in _PHASE_LOOKS:
                parts.append(
                    f'<rect x="{_n(at)}" y="{y - 10}" width="16" height="11" rx="2" '
                    f"{_PHASE_LOOKS[status]}/>"
                )
            else:
                parts.append(_milestone(at + 8, y - 4.5, status == "done", "key"))
            at += 21
            parts.append(f'<text x="{_n(at)}" y="{y}">{xml_escape(name)}</text>')
            at += _width(name, 12) + 14
        at += 12
    return "".join(parts)


def timeline_svg(
    scope: Scope, today: dt.date | None = None, mark: str = "Today", language: str = "en"
) -> str:
    """The plan's phases as bars on a time axis, with its milestones as diamonds, and
    ``today`` marked (labelled ``mark``: "Today", or "Approved" for an approved version)
    where it falls within the plan or not long after it; phase names and milestone labels
    wrap, and their rows grow to hold them. Its words (``mark`` too) are in ``language``."""
    say = translator(language).gettext
    plan = scope.implementation
    phases = list(plan.phases) if plan else []
    marks = sorted(plan.milestones if plan else [], key=lambda m: m.date)
    if not phases:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40" '
            f'viewBox="0 0 400 40" role="img"><title>{timeline_words(scope, language)}</title>'
            "</svg>\n"
        )
    start = min(p.start for p in phases)
    end = max(p.end for p in phases)
    # A plan that has run past its end shows how far: the axis reaches today, up to a
    # quarter of the plan's length beyond its end (further, today is not marked).
    marked = today is not None and start <= today <= end + (end - start) / 4
    if today is not None and marked:
        end = max(end, today)
    days = max((end - start).days, 1)
    left, span, step = _TIME_LEFT, _TIME_SPAN, _TIME_STEP
    top = 30 + _TIME_LEGEND + 8

    def x(day: dt.date) -> float:
        return round(left + (day - start).days / days * span, 1)

    names = [_wrap(p.name, left - 16, 12) for p in phases]
    phase_h = [max(30, len(lines) * step + 12) for lines in names]
    lanes = top + sum(phase_h)
    labels = []
    for m in marks:
        mx = x(m.date)
        # Labels read away from the nearer edge, so none runs off the figure.
        rightward = mx < left + span * 0.45
        room = _TIME_W - 10 - (mx + 10) if rightward else mx - 10 - 10
        labels.append(
            (mx, rightward, _wrap(f"{m.name} ({calendar_day(m.date, language)})", room, 12))
        )
    mark_h = [max(18, len(lines) * step + 3) for _, _, lines in labels]
    height = lanes + 20 + sum(mark_h) + 10
    parts = [_svg(_TIME_W, height, 12, timeline_words(scope, language)), _timeline_legend(language)]
    # Month names every quarter, or further apart when a long plan would crowd them.
    every = 3
    while span * every * 30.44 / days < 70:
        every *= 2
    month = dt.date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            parts.append(
                f'<line x1="{x(month)}" y1="{top - 8}" x2="{x(month)}" '
                f'y2="{lanes}" stroke="{_RULE}"/>'
            )
            if (month.year * 12 + month.month - 1) % every == 0:
                parts.append(
                    f'<text x="{x(month)}" y="{top - 12}" text-anchor="middle" '
                    f'fill="{_INK_SOFT}">'
                    f"{_month(month, language)}</text>"
                )
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    y = float(top)
    for p, lines, h in zip(phases, names, phase_h, strict=True):
        parts.append(
            _text(
                left - 8,
                _first_baseline(y, h, len(lines), step, 12),
                lines,
                step,
                ' text-anchor="end"',
            )
            + f'<rect class="phase" x="{x(p.start)}" y="{_n(y + (h - 18) / 2)}" '
            f'width="{max(x(p.end) - x(p.start), 2)}" height="18" rx="3" '
            f"{_PHASE_LOOKS[p.status]}><title>"
            + xml_escape(
                say("{name}: {start} to {end} ({status})").format(
                    name=p.name,
                    start=calendar_day(p.start, language),
                    end=calendar_day(p.end, language),
                    status=say(label(p.status)),
                )
            )
            + "</title></rect>"
        )
        y += h
    if today is not None and marked:
        at = x(today)
        # Read away from the nearer edge, as the milestones' labels do.
        anchor = "start" if at < left + span * 0.6 else "end"
        parts.append(
            f'<line class="today" x1="{at}" y1="{top - 8}" x2="{at}" y2="{lanes}" '
            f'stroke="{_TODAY}" stroke-width="1.5" stroke-dasharray="4 3"/>'
            f'<text x="{_n(at + 4 if anchor == "start" else at - 4)}" y="{lanes + 13}" '
            f'text-anchor="{anchor}" fill="{_TODAY}" font-size="11">{xml_escape(say(mark))}, {calendar_day(today, language)}</text>'
        )
    y = lanes + 20
    for m, (mx, rightward, lines), h in zip(marks, labels, mark_h, strict=True):
        my = y + 6
        parts.append(
            _milestone(mx, my, m.status == "done")
            + _text(
                mx + 10 if rightward else mx - 10,
                my + 4,
                lines,
                step,
                f' text-anchor="{"start" if rightward else "end"}"',
            )
        )
        y += h
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _month(month: dt.date, language: str) -> str:
    """A month on the timeline's axis, "Jan 2026", as ``language`` abbreviates it."""
    if catalogue(language) in (None, SOURCE):
        # English, or a language smsdocs writes nothing in: the month as English writes it.
        return f"{month:%b %Y}"
    from babel.dates import format_date

    locale = locale_of(language)
    if locale is None:
        return f"{month:%b %Y}"
    return format_date(month, "LLL y", locale=locale)
