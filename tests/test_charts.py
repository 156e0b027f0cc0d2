"""The SVG charts as a reader sees them on the site and in print: every label whole, every text
at 7 pt or more once the figure is scaled to the PDF's text width, the heat map naming its
risks and explaining its colours.

The charts are drawn for the example and for a scope whose names are far longer than usual.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import pytest

from helpers.clients import needs_chromium
from helpers.projects import Project
from smsdocs.model import Scope
from smsdocs.render import charts
from smsdocs.words import calendar_day

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SVG = "{http://www.w3.org/2000/svg}"
PRINT_WIDTH = 468
"""The narrowest text width a figure is scaled to: US Letter in the PDF, in points."""
BROWSER_FONT_SIZE = 16.0
"""What a text with no font-size anywhere above it is drawn at."""


FILLER = (
    "for regional enterprise customers across the northern and western sales territories"
    " with extended support hours and weekend cover"
)


def _long(kind: str) -> str:
    """A name of ordinary words, at least 90 characters long, beginning with kind."""
    words = [kind, *FILLER.split()]
    name = ""
    while len(name) < 90:
        name = f"{name} {words.pop(0)}".strip()
    return name


LONG_SERVICE = _long("Managed private cloud hosting")
LONG_COMPONENT = _long("Private cloud cluster")
LONG_SUPPLIER = _long("Thameside Colocation")
LONG_RISK = _long("Both data centres run by one supplier")
LONG_PHASE = _long("Operational control")
LONG_EARLY_MILESTONE = _long("Project kick-off")
LONG_LATE_MILESTONE = _long("Stage 2 certification audit")
LONG_WORD = "Supercalifragilisticexpialidociousinfrastructureorchestrationplatform"
HYPHENATED = "Out-of-hours-follow-the-sun-multi-region-co-located-disaster-recovery-site"
CROWDED = 9
"""Extra risks put in one cell of the heat map, more than it can name."""


@pytest.fixture
def long_scope(example: Project) -> Scope:
    """The example with names far longer than usual, and one heat map cell crowded."""
    example.edit("services/infrastructure.yaml", "Managed Private Cloud Hosting", LONG_SERVICE)
    example.edit("components.yaml", "Private cloud cluster (Slough)", LONG_COMPONENT)
    example.edit("components.yaml", "Recovery cluster (Leeds)", LONG_WORD)
    example.edit("components.yaml", "Colocation suites (Slough and Leeds)", HYPHENATED)
    example.edit("parties.yaml", "Thameside Colocation Ltd", LONG_SUPPLIER)
    example.edit("risks.yaml", "Both data centres run by one colocation supplier", LONG_RISK)
    example.edit("implementation.yaml", "name: Operational control", f"name: {LONG_PHASE}")
    example.edit(
        "implementation.yaml",
        "Project kick-off and business case approved",
        LONG_EARLY_MILESTONE,
    )
    example.edit("implementation.yaml", "Stage 2 certification audit", LONG_LATE_MILESTONE)
    example.write(
        "crowded-risks.yaml",
        "risks:\n"
        + "".join(
            f"  - {{id: risk-crowd-{n}, title: 'Crowded risk number {n} of the same cell',"
            " likelihood: 1, impact: 1, treatment: Accepted.}\n"
            for n in range(CROWDED)
        ),
    )
    checked = example.check()
    assert checked.scope is not None, [str(f) for f in checked.findings]
    return checked.scope


def drawn(scope: Scope) -> dict[str, str]:
    """Every chart of a scope by name: each service's dependency diagram and the whole-scope
    figures."""
    out = {f"dependencies-{s.id}": charts.dependency_svg(scope, s) for s in scope.services}
    out.update({Path(path).stem: svg for path, svg in charts.figures(scope)})
    return out


def _label_lines(svg: str) -> list[list[str]]:
    """The lines of each <text>: its own text, then each <tspan>'s."""
    root = ElementTree.fromstring(svg)
    return [
        [text.text or "", *(span.text or "" for span in text.iter(f"{SVG}tspan"))]
        for text in root.iter(f"{SVG}text")
    ]


def labels(svg: str) -> list[str]:
    """What each <text> says, its lines joined by spaces."""
    return [" ".join(" ".join(lines).split()) for lines in _label_lines(svg)]


def _squashed(value: str) -> str:
    return "".join(value.split())


def whole(name: str, svg: str) -> bool:
    """Whether one label of svg holds every character of name, in order, whatever lines it
    was broken into (a long word may break after a hyphen or inside it)."""
    return any(_squashed(name) in _squashed("".join(lines)) for lines in _label_lines(svg))


def printed_sizes(svg: str) -> list[tuple[float, str]]:
    """(points, text) for every piece of text once the figure is scaled to PRINT_WIDTH."""
    root = ElementTree.fromstring(svg)
    view = root.get("viewBox")
    assert view, "a chart without a viewBox cannot be scaled to the page"
    width = float(view.split()[2])
    sizes: list[tuple[float, str]] = []

    def walk(element: ElementTree.Element, inherited: float) -> None:
        size = float(element.get("font-size", inherited))
        if element.tag in (f"{SVG}text", f"{SVG}tspan") and (element.text or "").strip():
            sizes.append((size * PRINT_WIDTH / width, element.text or ""))
        for child in element:
            if child.tag != f"{SVG}title":
                walk(child, size)

    walk(root, BROWSER_FONT_SIZE)
    return sizes


def example_and_long(scope: Scope, long_scope: Scope) -> list[tuple[str, str]]:
    return [
        (f"{which}:{name}", svg)
        for which, s in (("example", scope), ("long", long_scope))
        for name, svg in drawn(s).items()
    ]


def test_no_chart_cuts_a_label(scope: Scope, long_scope: Scope) -> None:
    for name, svg in example_and_long(scope, long_scope):
        assert "…" not in svg, name
        assert "&#8230;" not in svg and "..." not in svg, name


def test_every_text_prints_at_seven_points_or_more(scope: Scope, long_scope: Scope) -> None:
    for name, svg in example_and_long(scope, long_scope):
        assert "font-size:" not in svg, f"{name}: a font size in CSS escapes this check"
        small = [(round(pt, 2), text) for pt, text in printed_sizes(svg) if pt < 7]
        assert not small, f"{name}: text under 7 pt in print: {small[:5]}"


def test_the_print_size_rule_reads_inherited_sizes() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 960 100" font-size="13">'
        '<text x="0" y="10">a<tspan font-size="20">b</tspan></text></svg>'
    )
    assert printed_sizes(svg) == [(13 * 468 / 960, "a"), (20 * 468 / 960, "b")]


def test_heat_map_names_every_risk_of_the_example(scope: Scope) -> None:
    heatmap = charts.heatmap_svg(scope)
    for risk in scope.risks:
        assert whole(risk.title, heatmap), risk.title
        assert risk.id not in " ".join(labels(heatmap)), "risk ids are not for readers"
    root = ElementTree.fromstring(heatmap)
    tips = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert len([t for t in tips if t.startswith("Likelihood ")]) == 25, "a tooltip per cell"


def test_a_crowded_cell_names_what_fits_and_counts_the_rest(long_scope: Scope) -> None:
    heatmap = charts.heatmap_svg(long_scope)
    named = [r for r in long_scope.risks if whole(r.title, heatmap)]
    counted = sum(
        int(m.group(1)) for label in labels(heatmap) if (m := re.fullmatch(r"\+(\d+) more", label))
    )
    assert counted > 0
    assert len(named) + counted == len(long_scope.risks)
    assert whole(LONG_RISK, heatmap)
    # the tooltip of the crowded cell still names every risk in it
    assert all(f"Crowded risk number {n} of the same cell" in heatmap for n in range(CROWDED))


def test_heat_map_explains_its_colours_and_scales(scope: Scope) -> None:
    said = " ".join(labels(charts.heatmap_svg(scope)))
    assert "risk score = likelihood × impact" in said
    for band, scores in (
        ("Low", "1–3"),
        ("Medium", "4–6"),
        ("High", "8–10"),
        ("Very high", "12–16"),
        ("Extreme", "20–25"),
    ):
        assert f"{band} score {scores}" in said, band
    for scale in ("1 Rare", "5 Almost certain", "1 Negligible", "5 Severe", "Impact", "Likelihood"):
        assert scale in said, scale


def test_heat_map_colours_match_the_legend(scope: Scope) -> None:
    heatmap = charts.heatmap_svg(scope)
    bands = {
        "Low": (1, 3),
        "Medium": (4, 6),
        "High": (8, 10),
        "Very high": (12, 16),
        "Extreme": (20, 25),
    }
    rects = list(ElementTree.fromstring(heatmap).iter(f"{SVG}rect"))
    cells, swatches = rects[:25], rects[25:]
    keys = [
        t.split(" score ")[0]
        for t in labels(heatmap)
        if re.fullmatch(r"[A-Za-z ]+ score [0-9–]+", t)
    ]
    legend = {key: rect.get("fill") for key, rect in zip(keys, swatches, strict=True)}
    assert sorted(legend) == sorted(bands)
    assert len(set(legend.values())) == len(bands), "each band its own colour"
    for rect in cells:
        tip = next(iter(rect)).text or ""
        m = re.match(r"Likelihood (\d), impact (\d): score (\d+) \(([A-Za-z ]+)\)", tip)
        assert m, tip
        score, band = int(m.group(3)), m.group(4)
        assert score == int(m.group(1)) * int(m.group(2))
        assert bands[band][0] <= score <= bands[band][1], tip
        assert rect.get("fill") == legend[band], tip


def test_long_names_appear_whole(long_scope: Scope) -> None:
    figures = drawn(long_scope)
    diagram = figures["dependencies-managed-hosting"]
    for name in (LONG_SERVICE, LONG_COMPONENT, LONG_SUPPLIER):
        assert whole(name, diagram), name
    for word in (LONG_WORD, HYPHENATED):
        assert whole(word, diagram), word
        assert any(len(lines) > 1 and word in "".join(lines) for lines in _label_lines(diagram))
    timeline = figures["implementation-timeline"]
    for name in (LONG_PHASE, LONG_EARLY_MILESTONE, LONG_LATE_MILESTONE):
        assert whole(name, timeline), name


def test_labels_wrap_onto_lines_of_the_same_text(long_scope: Scope) -> None:
    diagram = drawn(long_scope)["dependencies-managed-hosting"]
    # broken at spaces only: the lines joined by spaces give the name back
    for name in (LONG_SERVICE, LONG_COMPONENT, LONG_SUPPLIER):
        wrapped = [lines for lines in _label_lines(diagram) if " ".join(lines) == name]
        assert wrapped and len(wrapped[0]) > 1, f"{name!r} is not one text of several lines"
    root = ElementTree.fromstring(diagram)
    for span in root.iter(f"{SVG}tspan"):
        assert span.get("x") is not None and float(span.get("dy", "0")) > 0


def test_charts_are_deterministic_and_static(long_scope: Scope) -> None:
    first, second = drawn(long_scope), drawn(long_scope)
    assert first == second
    for name, svg in first.items():
        assert "<script" not in svg and "@import" not in svg and "url(" not in svg, name
        assert "href" not in svg, name


# What a browser draws: Chromium measures each text as laid out in its fonts. A text right
# after a dependency box (class b, x or s) is that box's label.

_MEASURE = """() => {
  const svg = document.querySelector('svg');
  const origin = svg.getBoundingClientRect();
  const place = (e) => {
    const r = e.getBoundingClientRect();
    return [r.x - origin.x, r.y - origin.y, r.width, r.height];
  };
  const out = [];
  for (const text of svg.querySelectorAll('text')) {
    const rect = text.previousElementSibling;
    const boxed = rect && ['b', 'x', 's'].includes(rect.getAttribute('class'));
    out.push({
      label: text.textContent,
      box: place(text),
      holder: boxed ? place(rect) : null,
      view: [0, 0, origin.width, origin.height],
    });
  }
  return out;
}"""


def _inside(inner: list[float], outer: list[float], slack: float = 0.5) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return (
        x >= ox - slack
        and y >= oy - slack
        and x + w <= ox + ow + slack
        and y + h <= oy + oh + slack
    )


def _overlap(a: list[float], b: list[float]) -> bool:
    return (
        a[0] < b[0] + b[2] - 0.5
        and b[0] < a[0] + a[2] - 0.5
        and a[1] < b[1] + b[3] - 0.5
        and b[1] < a[1] + a[3] - 0.5
    )


@needs_chromium
@pytest.mark.browser
def test_in_a_browser_no_text_overlaps_or_leaves_its_box(
    browser: Browser, scope: Scope, long_scope: Scope
) -> None:
    page = browser.new_page()
    page.set_viewport_size({"width": 1000, "height": 800})
    try:
        for name, svg in example_and_long(scope, long_scope):
            page.set_content(svg)
            texts = page.evaluate(_MEASURE)
            for t in texts:
                assert _inside(t["box"], t["view"]), f"{name}: {t['label']!r} runs off the figure"
                if t["holder"]:
                    assert _inside(t["box"], t["holder"]), f"{name}: {t['label']!r} leaves its box"
            for i, a in enumerate(texts):
                for b in texts[i + 1 :]:
                    assert not _overlap(a["box"], b["box"]), (
                        f"{name}: {a['label']!r} overlaps {b['label']!r}"
                    )
    finally:
        page.close()


def test_the_timeline_marks_today_within_the_plan(scope: Scope) -> None:
    import datetime as dt

    plan = scope.implementation
    assert plan is not None
    start = min(p.start for p in plan.phases)
    end = max(p.end for p in plan.phases)
    ns = "{http://www.w3.org/2000/svg}"
    inside = start + (end - start) / 2
    root = ElementTree.fromstring(charts.timeline_svg(scope, inside))
    (line,) = [e for e in root.iter(f"{ns}line") if e.get("class") == "today"]
    bars = sorted(
        (float(r.get("x", 0)), r) for r in root.iter(f"{ns}rect") if r.get("class") == "phase"
    )
    first_x, last_bar = bars[0][0], bars[-1][1]
    last_end = float(last_bar.get("x", 0)) + float(last_bar.get("width", 0))
    # Half-way through the plan is half-way along the axis.
    assert float(line.get("x1", 0)) == pytest.approx((first_x + last_end) / 2, abs=1)
    assert f"Today, {calendar_day(inside, 'en')}" in "".join(root.itertext())
    # A plan that has run past its end shows how far: the axis reaches today, and the mark
    # is its last point.
    late = end + dt.timedelta(days=30)
    root = ElementTree.fromstring(charts.timeline_svg(scope, late))
    (line,) = [e for e in root.iter(f"{ns}line") if e.get("class") == "today"]
    bars = [float(r.get("x", 0)) + float(r.get("width", 0)) for r in root.iter(f"{ns}rect")]
    assert float(line.get("x1", 0)) > max(bars)
    # Before the plan starts, and long after it ended, there is nothing to mark.
    for outside in (start - dt.timedelta(days=1), end + (end - start)):
        svg = charts.timeline_svg(scope, outside)
        assert 'class="today"' not in svg and "Today" not in svg
    # The dark variant keeps the mark legible on a dark page.
    assert charts.DARK_INKS["#c62828"] in charts.dark_variant(charts.timeline_svg(scope, inside))
