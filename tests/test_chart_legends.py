"""The charts read without colour: in a greyscale print and to a screen reader.

Every chart says what its marks mean (a legend, or the words on the marks themselves), tells
its categories apart by lightness a greyscale print keeps or by shape, and carries a title
(its alternative text on the site and in the PDF and DOCX) that says what it shows, worked
out from the data: for the example, and for other data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from itertools import combinations
from xml.etree import ElementTree

from smsdocs.model import Milestone, Phase, Risk, Scope
from smsdocs.render import charts

SVG = "{http://www.w3.org/2000/svg}"


def title(svg: str) -> str:
    return ElementTree.fromstring(svg).findtext(f"{SVG}title") or ""


def texts(svg: str) -> list[str]:
    """What each <text> says, its lines (<tspan>) joined by spaces."""
    root = ElementTree.fromstring(svg)
    return [" ".join(" ".join(t.itertext()).split()) for t in root.iter(f"{SVG}text")]


def luminance(colour: str) -> float:
    """Relative luminance (Rec. 709 primaries, sRGB transfer), as WCAG defines it."""

    def linear(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


GREY_STEP = 1.4
"""The least contrast two categories' fills keep once printed in grey (today's palette had
1.02 between the heat map's Low and Medium)."""


def _plan(scope: Scope, phases: tuple[Phase, ...], milestones: tuple[Milestone, ...]) -> Scope:
    assert scope.implementation is not None
    plan = dataclasses.replace(scope.implementation, phases=phases, milestones=milestones)
    return dataclasses.replace(scope, implementation=plan)


def _phase(n: int, status: str, start: dt.date, end: dt.date) -> Phase:
    return Phase(id=f"p{n}", name=f"Phase {n}", start=start, end=end, status=status)  # type: ignore[arg-type]


def _milestone(n: int, status: str, day: dt.date) -> Milestone:
    return Milestone(id=f"m{n}", name=f"Milestone {n}", kind="other", date=day, status=status)  # type: ignore[arg-type]


# The heat map --------------------------------------------------------------------------


def test_heat_map_says_what_it_shows(scope: Scope) -> None:
    said = "Risk heat map: likelihood against impact; 9 risks: 2 medium, 4 high, 3 very high"
    assert title(charts.heatmap_svg(scope)) == said
    assert charts.heatmap_title(scope) == said
    other = dataclasses.replace(
        scope,
        risks=(
            Risk(id="r1", title="One", likelihood=5, impact=5, treatment="x"),
            Risk(id="r2", title="Two", likelihood=1, impact=2, treatment="x"),
        ),
    )
    assert title(charts.heatmap_svg(other)) == (
        "Risk heat map: likelihood against impact; 2 risks: 1 low, 1 extreme"
    )
    none = dataclasses.replace(scope, risks=())
    assert title(charts.heatmap_svg(none)).endswith("; no risks recorded")


def test_every_heat_map_cell_names_its_band(scope: Scope) -> None:
    root = ElementTree.fromstring(charts.heatmap_svg(scope))
    children = list(root)
    cells = [e for e in children if e.tag == f"{SVG}rect" and e.find(f"{SVG}title") is not None]
    assert len(cells) == 25
    for cell in cells:
        tip = cell.findtext(f"{SVG}title") or ""
        band = re.match(r"Likelihood \d, impact \d: score \d+ \(([A-Za-z ]+)\)", tip)
        assert band, tip
        word = children[children.index(cell) + 1]
        assert word.tag == f"{SVG}text" and word.text == band.group(1), tip


def test_heat_map_bands_differ_in_grey(scope: Scope) -> None:
    """The legend's swatches are the cells' fills (test_charts holds them equal)."""
    root = ElementTree.fromstring(charts.heatmap_svg(scope))
    swatches = [r.get("fill") or "" for r in root.iter(f"{SVG}rect") if r.get("width") == "16"]
    assert len(swatches) == 5
    lightness = [luminance(c) for c in swatches]
    assert lightness == sorted(lightness, reverse=True), "lighter for the lower bands"
    for a, b in combinations(swatches, 2):
        assert contrast(a, b) >= GREY_STEP, (a, b, round(contrast(a, b), 2))


def test_heat_map_text_reads_on_every_band(scope: Scope) -> None:
    root = ElementTree.fromstring(charts.heatmap_svg(scope))
    children = list(root)
    for cell in (e for e in children if e.findtext(f"{SVG}title", "").startswith("Likelihood")):
        word = children[children.index(cell) + 1]
        assert contrast(cell.get("fill") or "", word.get("fill") or "") >= 4.5, word.text


# The timeline --------------------------------------------------------------------------


def test_timeline_has_a_legend_and_says_what_it_shows(scope: Scope) -> None:
    svg = charts.timeline_svg(scope, dt.date(2026, 3, 2))
    said = texts(svg)
    for word in ("Phases:", "Complete", "In progress", "Planned", "Milestones:", "Done", "Open"):
        assert word in said, word
    assert title(svg) == (
        "Implementation timeline: 4 phases (3 complete, 1 in progress) and 11 milestones "
        "(9 done, 2 open), from Jun\u00a01,\u00a02025 to Nov\u00a030,\u00a02026"
    )
    day = dt.date(2030, 1, 1)
    other = _plan(
        scope,
        (_phase(1, "planned", day, dt.date(2030, 6, 30)),),
        (_milestone(1, "open", day), _milestone(2, "open", dt.date(2030, 5, 1))),
    )
    assert title(charts.timeline_svg(other)) == (
        "Implementation timeline: 1 phase (1 planned) and 2 milestones (2 open), "
        "from Jan\u00a01,\u00a02030 to Jun\u00a030,\u00a02030"
    )
    bare = _plan(scope, (_phase(1, "complete", day, day),), ())
    assert title(charts.timeline_svg(bare)).endswith(
        "1 phase (1 complete) and no milestones, from Jan\u00a01,\u00a02030 to Jan\u00a01,\u00a02030"
    )
    assert (
        title(charts.timeline_svg(_plan(scope, (), ())))
        == "Implementation timeline: no phases recorded"
    )


def test_timeline_tells_statuses_apart_without_colour(scope: Scope) -> None:
    day = dt.date(2030, 1, 1)
    plan = _plan(
        scope,
        tuple(
            _phase(n, status, day, dt.date(2030, 12, 31))
            for n, status in enumerate(("complete", "in-progress", "planned"))
        ),
        (_milestone(1, "done", day), _milestone(2, "open", dt.date(2030, 6, 1))),
    )
    root = ElementTree.fromstring(charts.timeline_svg(plan))
    bars = {
        (r.findtext(f"{SVG}title") or "").rsplit("(", 1)[1].rstrip(")"): r
        for r in root.iter(f"{SVG}rect")
        if r.get("class") == "phase"
    }
    assert sorted(bars) == ["Complete", "In progress", "Planned"]
    for a, b in combinations(bars.values(), 2):
        assert contrast(a.get("fill") or "", b.get("fill") or "") >= GREY_STEP
    assert bars["Planned"].get("stroke-dasharray"), "a planned phase is outlined, dashed"
    paths = list(root.iter(f"{SVG}path"))
    # the legend's (Done, then Open) and the plan's (milestone 1 done, milestone 2 open)
    for kind in ("key", "milestone"):
        done, hollow = (p for p in paths if p.get("class") == kind)
        assert contrast(done.get("fill") or "", "#ffffff") >= 4.5, f"{kind}: done is filled dark"
        tick = paths[paths.index(done) + 1]
        assert tick.get("stroke") == "#ffffff" and tick.get("fill") == "none", "with a tick"
        assert hollow.get("fill") == "#ffffff" and hollow.get("stroke"), f"{kind}: open is hollow"
        after = paths[paths.index(hollow) + 1 : paths.index(hollow) + 2]
        assert not [p for p in after if p.get("fill") == "none"], f"{kind}: open has no tick"


# The maturity chart and the dependency diagrams ----------------------------------------


def test_maturity_chart_says_what_it_shows(scope: Scope) -> None:
    svg = charts.gap_svg(scope)
    assert {"Baseline", "Target"} <= set(texts(svg)), "its legend"
    assert title(svg) == (
        "Process maturity: baseline against target for 18 processes; 18 below their target"
    )
    assert scope.implementation is not None
    first, *rest = scope.implementation.maturity
    met = dataclasses.replace(first, baseline=first.target)
    plan = dataclasses.replace(scope.implementation, maturity=(met, rest[0]))
    assert title(charts.gap_svg(dataclasses.replace(scope, implementation=plan))) == (
        "Process maturity: baseline against target for 2 processes; 1 below their target, 1 at it"
    )


def test_dependency_diagram_says_what_it_holds(scope: Scope) -> None:
    for service in scope.services:
        said = title(charts.dependency_svg(scope, service))
        assert said.startswith(f"Dependencies of {service.name}: "), said
    support = next(s for s in scope.services if s.id == "app-support")
    assert title(charts.dependency_svg(scope, support)) == (
        "Dependencies of Managed Application Support: 3 components and no other parties"
    )
    hosting = next(s for s in scope.services if s.id == "managed-hosting")
    assert title(charts.dependency_svg(scope, hosting)) == (
        "Dependencies of Managed Private Cloud Hosting: 5 components and 2 other parties"
    )
    alone = dataclasses.replace(support, components=())
    assert title(charts.dependency_svg(scope, alone)).endswith(
        ": no components and no other parties"
    )


def test_dependency_diagram_says_what_its_shading_and_dashes_mean(scope: Scope) -> None:
    orange = "Orange: other parties, and the components they provide, each joined to its provider."
    dashed = "Dashed line: a party that supplies the service directly."

    def key(ident: str) -> str:
        service = next(s for s in scope.services if s.id == ident)
        return " ".join(texts(charts.dependency_svg(scope, service)))

    # the service desk has a component Microsoft provides and NightOwl supplies it directly
    assert orange in key("service-desk") and dashed in key("service-desk")
    assert orange in key("backup-recovery") and dashed not in key("backup-recovery")
    # its own components only, and no other party: nothing shaded, nothing to explain
    assert "Orange" not in key("app-support") and "Dashed" not in key("app-support")
