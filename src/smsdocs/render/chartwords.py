"""What each chart shows, in words worked out from the data it is drawn from: the chart's
``<title>`` and the alternative text of its figure on the site and in the PDF and DOCX, so a
reader who cannot see the drawing learns what it holds. Imports ``model`` and
``render.parties``, nothing else of the package."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Final

from smsdocs.model import ITEM_STATUSES, PHASE_STATUSES, Component, Scope, Service
from smsdocs.render.parties import Involved, involved

HEATMAP_TITLE: Final = "Risk heat map: likelihood against impact"
TIMELINE_TITLE: Final = "Implementation timeline"
GAP_TITLE: Final = "Process maturity: baseline against target"
PHASES_SAID: Final = tuple(reversed(PHASE_STATUSES.items()))
"""The phases' statuses in the order the timeline names them: the furthest on first."""
MILESTONES_SAID: Final = tuple(reversed(ITEM_STATUSES.items()))
"""The milestones' statuses in the order the timeline names them: done, then open."""


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun for it: "1 phase", "3 phases", "no phases"."""
    noun = one if n == 1 else (many or one + "s")
    return f"{n if n else 'no'} {noun}"


def _parts(counts: Counter[str], names: Iterable[tuple[str, str]]) -> str:
    """The counts there are, in the order of ``names`` (key, word): "2 complete, 1 planned"."""
    return ", ".join(f"{counts[key]} {word.lower()}" for key, word in names if counts[key])


def heatmap_words(bands: list[str], order: Iterable[str]) -> str:
    """The heat map's alternative text: how many risks, and how many in each band (``bands``,
    the band of each risk; ``order``, the bands lowest first)."""
    if not bands:
        return f"{HEATMAP_TITLE}; no risks recorded"
    counts = Counter(bands)
    each = ", ".join(f"{counts[b]} {b.lower()}" for b in order if counts[b])
    return f"{HEATMAP_TITLE}; {counted(len(bands), 'risk')}: {each}"


def timeline_words(scope: Scope) -> str:
    """The timeline's alternative text: its phases and milestones by status, and the dates
    the plan runs between."""
    plan = scope.implementation
    if plan is None or not plan.phases:
        return f"{TIMELINE_TITLE}: no phases recorded"
    phases = Counter[str](p.status for p in plan.phases)
    marks = Counter[str](m.status for m in plan.milestones)
    said = f"{counted(len(plan.phases), 'phase')} ({_parts(phases, PHASES_SAID)})"
    milestones = counted(len(plan.milestones), "milestone")
    if plan.milestones:
        milestones += f" ({_parts(marks, MILESTONES_SAID)})"
    start = min(p.start for p in plan.phases)
    end = max(p.end for p in plan.phases)
    return f"{TIMELINE_TITLE}: {said} and {milestones}, from {start} to {end}"


def gap_words(scope: Scope) -> str:
    """The maturity chart's alternative text: how many processes, and how many of them the
    plan aims to take further than the baseline found them."""
    rows = scope.implementation.maturity if scope.implementation else ()
    if not rows:
        return f"{GAP_TITLE}; no processes assessed"
    below = sum(1 for m in rows if m.baseline < m.target)
    at = len(rows) - below
    return (
        f"{GAP_TITLE} for {counted(len(rows), 'process', 'processes')}; "
        f"{below} below their target" + (f", {at} at it" if at else "")
    )


def dependency_counts(scope: Scope, service: Service) -> str:
    """What a service's dependency diagram holds: "3 components and 2 other parties"."""
    components = sum(isinstance(scope.index.get(i), Component) for i in service.components)
    parties = len(involved(scope, service))
    return (
        f"{counted(components, 'component')} and {counted(parties, 'other party', 'other parties')}"
    )


def dependency_key(components: list[Component], others: tuple[Involved, ...]) -> str:
    """The key under a dependency diagram: what its shading and dashed lines mean, for those
    it draws (``components`` and the ``others`` involved); "" where it draws neither. The
    words say it, so the colours are not the only sign."""
    said = []
    if any(c.provided_by for c in components) or others:
        said.append(
            "Orange: other parties, and the components they provide, each joined to its provider."
        )
    if any(role.part == "supplies" for i in others for role in i.roles):
        said.append("Dashed line: a party that supplies the service directly.")
    return " ".join(said)
