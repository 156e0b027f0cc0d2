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
from smsdocs.words import N_, calendar_day, numeral, translator

HEATMAP_TITLE: Final = N_("Risk heat map: likelihood against impact")
TIMELINE_TITLE: Final = N_("Implementation timeline")
GAP_TITLE: Final = N_("Process maturity: baseline against target")
PHASES_SAID: Final = tuple(reversed(PHASE_STATUSES.items()))
"""The phases' statuses in the order the timeline names them: the furthest on first."""
MILESTONES_SAID: Final = tuple(reversed(ITEM_STATUSES.items()))
"""The milestones' statuses in the order the timeline names them: done, then open."""


def counted(n: int, none: str, some: str, language: str = "en") -> str:
    """``n`` and the noun for it in ``language``: "1 phase", "3 phases", "no phases" (the
    message ``none`` for none, else ``some``, the form for ``n`` with a ``{count}``)."""
    if not n:
        return translator(language).gettext(none)
    return some.format(count=numeral(n, language))


def _status_count(status: str, n: int, language: str) -> str:
    """How many phases or milestones have ``status``: "2 complete", "1 open"."""
    words = translator(language)
    if status == "complete":
        said = words.ngettext("{count} complete", "{count} complete", n)
    elif status == "in-progress":
        said = words.ngettext("{count} in progress", "{count} in progress", n)
    elif status == "planned":
        said = words.ngettext("{count} planned", "{count} planned", n)
    elif status == "done":
        said = words.ngettext("{count} done", "{count} done", n)
    else:
        said = words.ngettext("{count} open", "{count} open", n)
    return said.format(count=numeral(n, language))


def _parts(counts: Counter[str], names: Iterable[tuple[str, str]], language: str) -> str:
    """The counts there are, in the order of ``names`` (key, word): "2 complete, 1 planned"."""
    return ", ".join(
        _status_count(key, counts[key], language) for key, _word in names if counts[key]
    )


def heatmap_words(bands: list[str], order: Iterable[str], language: str = "en") -> str:
    """The heat map's alternative text: how many risks, and how many in each band (``bands``,
    the band of each risk; ``order``, the bands lowest first)."""
    say = translator(language).gettext
    if not bands:
        return say("{title}; no risks recorded").format(title=say(HEATMAP_TITLE))
    counts = Counter(bands)
    each = ", ".join(f"{numeral(counts[b], language)} {say(b).lower()}" for b in order if counts[b])
    n = len(bands)
    risks = counted(
        n,
        N_("no risks"),
        translator(language).ngettext("{count} risk", "{count} risks", n),
        language,
    )
    return say("{title}; {risks}: {bands}").format(
        title=say(HEATMAP_TITLE), risks=risks, bands=each
    )


def timeline_words(scope: Scope, language: str = "en") -> str:
    """The timeline's alternative text: its phases and milestones by status, and the dates
    the plan runs between."""
    say = translator(language).gettext
    plan = scope.implementation
    if plan is None or not plan.phases:
        return say("{title}: no phases recorded").format(title=say(TIMELINE_TITLE))
    phases = Counter[str](p.status for p in plan.phases)
    marks = Counter[str](m.status for m in plan.milestones)
    words = translator(language)
    n = len(plan.phases)
    said = counted(
        n, N_("no phases"), words.ngettext("{count} phase", "{count} phases", n), language
    )
    said += f" ({_parts(phases, PHASES_SAID, language)})"
    n = len(plan.milestones)
    milestones = counted(
        n,
        N_("no milestones"),
        words.ngettext("{count} milestone", "{count} milestones", n),
        language,
    )
    if plan.milestones:
        milestones += f" ({_parts(marks, MILESTONES_SAID, language)})"
    start = min(p.start for p in plan.phases)
    end = max(p.end for p in plan.phases)
    return say("{title}: {phases} and {milestones}, from {start} to {end}").format(
        title=say(TIMELINE_TITLE),
        phases=said,
        milestones=milestones,
        start=calendar_day(start, language),
        end=calendar_day(end, language),
    )


def gap_words(scope: Scope, language: str = "en") -> str:
    """The maturity chart's alternative text: how many processes, and how many of them the
    plan aims to take further than the baseline found them."""
    say = translator(language).gettext
    rows = scope.implementation.maturity if scope.implementation else ()
    if not rows:
        return say("{title}; no processes assessed").format(title=say(GAP_TITLE))
    below = sum(1 for m in rows if m.baseline < m.target)
    at = len(rows) - below
    n = len(rows)
    processes = counted(
        n,
        N_("no processes"),
        translator(language).ngettext("{count} process", "{count} processes", n),
        language,
    )
    said = (
        say("{title} for {processes}; {below} below their target, {at} at it")
        if at
        else say("{title} for {processes}; {below} below their target")
    )
    return said.format(
        title=say(GAP_TITLE),
        processes=processes,
        below=numeral(below, language),
        at=numeral(at, language),
    )


def dependency_counts(scope: Scope, service: Service, language: str = "en") -> str:
    """What a service's dependency diagram holds: "3 components and 2 other parties"."""
    components = sum(isinstance(scope.index.get(i), Component) for i in service.components)
    parties = len(involved(scope, service))
    words = translator(language)
    return words.gettext("{components} and {parties}").format(
        components=counted(
            components,
            N_("no components"),
            words.ngettext("{count} component", "{count} components", components),
            language,
        ),
        parties=counted(
            parties,
            N_("no other parties"),
            words.ngettext("{count} other party", "{count} other parties", parties),
            language,
        ),
    )


def dependency_key(
    components: list[Component], others: tuple[Involved, ...], language: str = "en"
) -> str:
    """The key under a dependency diagram: what its shading and dashed lines mean, for those
    it draws (``components`` and the ``others`` involved); "" where it draws neither. The
    words say it, so the colours are not the only sign."""
    say = translator(language).gettext
    said = []
    if any(c.provided_by for c in components) or others:
        said.append(
            say(
                "Orange: other parties, and the components they provide, each joined to its "
                "provider."
            )
        )
    if any(role.part == "supplies" for i in others for role in i.roles):
        said.append(say("Dashed line: a party that supplies the service directly."))
    return " ".join(said)
