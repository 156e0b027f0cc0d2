"""A reader in a real browser: Debian's Chromium, driven by Playwright, on a site served locally.

The site must work on an intranet with no internet access, so every request the browser makes
has to go to the local server. Screenshots of each step are saved under build/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from helpers.clients import AXE, SCREENSHOTS, heading, needs_axe, needs_chromium
from helpers.projects import REPO, TODAY
from helpers.site import Build, serve_folder
from smsdocs import check
from smsdocs.model import LABELS
from smsdocs.render.charts import DARK_INKS
from smsdocs.render.links import service_path

_PAGE_INKS = set(DARK_INKS) | set(DARK_INKS.values())
"""The colours figures draw text in on the page itself, in either variant."""

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture(scope="module")
def served(example_site: Build) -> Iterator[str]:
    with serve_folder(example_site.site) as base:
        yield base


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def use_scheme(page: Page, served: str, scheme: str) -> None:
    """Material's colour scheme for the pages this browser page opens next, as the reader's
    toggle stores it ("default" is the light palette, the first; "slate" the dark one)."""
    page.goto(served)
    page.evaluate(
        "([i, s]) => localStorage.setItem('/.__palette', "
        "JSON.stringify({index: i, color: {scheme: s}}))",
        [1 if scheme == "slate" else 0, scheme],
    )


def test_reader_walks_home_catalogue_service_exclusions(served: str, browser: Browser) -> None:
    scope = check(REPO, today=TODAY).scope
    assert scope is not None
    service = next(s for s in scope.in_scope_services() if s.category == "Infrastructure")
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.on("request", lambda request: requests.append(request.url))

    page.goto(served)
    assert page.title().startswith(scope.document.title)
    banner = page.locator(".smsdocs-banner")
    assert scope.document.id in banner.inner_text()
    assert "version v1.2.0 status approved" in " ".join(banner.inner_text().lower().split())
    shot(page, "1-home")

    page.get_by_role("link", name="Service catalogue").first.click()
    page.wait_for_url("**/catalogue/")
    assert heading(page) == "Service catalogue"
    shot(page, "2-catalogue")

    page.locator("article").get_by_role("link", name=service.name, exact=True).first.click()
    page.wait_for_url(f"**/{service.id}/")
    assert heading(page) == service.name
    # The light scheme's diagram (its dark twin is hidden until the reader switches).
    assert page.locator(f"img[src$='dependencies-{service.id}.svg#only-light']").is_visible()
    shot(page, "3-service")

    page.get_by_role("link", name="Inclusions and exclusions").first.click()
    page.wait_for_url("**/inclusions/")
    body = page.locator("article").inner_text()
    for exclusion in scope.exclusions:
        assert " ".join(exclusion.rationale.split()) in " ".join(body.split())
    shot(page, "4-exclusions")

    hosts = {urlsplit(url).hostname for url in requests}
    assert hosts == {"127.0.0.1"}, (
        f"requests left the site: {sorted(u for u in requests if '127.0.0.1' not in u)}"
    )
    page.close()


def test_search_finds_a_service_by_name(served: str, browser: Browser) -> None:
    scope = check(REPO, today=TODAY).scope
    assert scope is not None
    service = scope.in_scope_services()[0]
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.on("request", lambda request: requests.append(request.url))
    page.goto(served)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # The index loads in a web worker; a query typed before it is ready finds nothing, so
    # type it again until results appear (bounded: 10 tries, 2 s each).
    results = page.locator(".md-search-result__item")
    for _ in range(10):
        page.locator("input.md-search__input").fill("")
        page.locator("input.md-search__input").type(service.name)
        try:
            results.first.wait_for(timeout=2000)
            break
        except PlaywrightTimeoutError:
            continue
    assert results.count() > 0, "search never returned results"
    titles = page.locator(".md-search-result__article h1").all_inner_texts()
    assert service.name in titles
    shot(page, "5-search")
    # Click the result that is the service's own page, not a page that merely mentions it.
    page.locator(".md-search-result__link").filter(
        has=page.locator("h1", has_text=service.name)
    ).first.click()
    # search.highlight adds ?h=... to result links so the page highlights the terms.
    page.wait_for_url(re.compile(rf"/{re.escape(service.id)}/(\?.*)?$"))
    assert heading(page) == service.name
    assert {urlsplit(url).hostname for url in requests} == {"127.0.0.1"}
    page.close()


_READ_AS_A_READER = """() => {
    // What a reader reads in the article: a register's Id column and a record's Id row are
    // where ids belong, so they are left out; so are code and the permalink signs.
    const article = document.querySelector("article");
    for (const table of article.querySelectorAll("table")) {
        const heads = [...table.querySelectorAll("thead th")].map((th) => th.innerText.trim());
        const column = heads.indexOf("Id");
        for (const row of table.querySelectorAll("tbody tr")) {
            const cells = row.querySelectorAll("td");
            const heading = row.querySelector("th[scope=row]");
            if (column >= 0 && cells[column]) cells[column].remove();
            else if (heading && heading.innerText.trim() === "Id") row.remove();
        }
    }
    article.querySelectorAll("code, pre, .headerlink").forEach((e) => e.remove());
    return {
        text: article.innerText,
        cells: [...article.querySelectorAll("td")].map((td) => td.innerText.trim()),
    };
}"""


def test_pages_name_entries_and_label_values(served: str, browser: Browser) -> None:
    """The service pages, the alignment page and the exclusions read as written for people:
    entries by their names, stored values (in-progress, data-centre) by their labels."""
    scope = check(REPO, today=TODAY).scope
    assert scope is not None
    # Ids that read as words (mdr, staff) could be prose; the hyphenated ones cannot.
    ids = {ident for ident in scope.index if "-" in ident}
    stored = (
        {value for labels in LABELS.values() for value, shown in labels.items() if value != shown}
        | {c.kind for c in scope.components}
        | {loc.kind for loc in scope.locations}
    )
    pages = ["alignment/", "inclusions/", "dashboard/", "implementation/", "context/"]
    pages += ["catalogue/", "dependencies/", "risks/", "stakeholders/", "documents/"]
    pages += [service_path(s).removesuffix(".md") + "/" for s in scope.services]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    for path in pages:
        page.goto(served + path)
        seen = page.evaluate(_READ_AS_A_READER)
        words = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]", seen["text"]))
        assert sorted(words & ids) == [], f"{path} shows ids where names belong"
        values = sorted(set(seen["cells"]) & stored)
        assert values == [], f"{path} shows stored values where labels belong"
    page.close()


def _luminance(colour: tuple[int, int, int]) -> float:
    channels = [c / 255 for c in colour]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rgb(css: str) -> tuple[int, int, int]:
    if css.startswith("#"):
        digits = css[1:] if len(css) == 7 else "".join(c * 2 for c in css[1:])
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    r, g, b = (int(float(v)) for v in re.findall(r"[\d.]+", css)[:3])
    return (r, g, b)


_PAGE_TEXT = re.compile(r'<text[^>]*?(?: fill="(#[0-9a-f]+)")?[^>]*>')


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_charts_read_in_both_colour_schemes(served: str, browser: Browser, scheme: str) -> None:
    """The figures' text on the page (axes, labels, headings) contrasts 4.5:1 or more with the
    page in the light scheme and in the dark one, where it was near-black on near-black."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    use_scheme(page, served, scheme)
    checked = 0
    service = "catalogue/infrastructure/managed-network/"
    for path in ["risks/", "implementation/", service]:
        page.goto(served + path)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
        background = _rgb(page.evaluate("getComputedStyle(document.body).backgroundColor"))
        shown = page.evaluate(
            "[...document.querySelectorAll('article img')]"
            ".filter((img) => img.offsetParent !== null && img.src.includes('/smsdocs/'))"
            ".map((img) => img.src)"
        )
        inline = page.evaluate(
            "[...document.querySelectorAll('article .smsdocs-inline')]"
            ".filter((d) => d.offsetParent !== null)"
            ".map((d) => [d.className, [...d.querySelectorAll('text')]"
            ".map((t) => getComputedStyle(t).fill)])"
        )
        assert shown or inline, f"{path}: no figure shown"
        for variant, fills in inline:
            assert variant.endswith("-dark" if scheme == "slate" else "-light"), variant
            inks = {_rgb(fill) for fill in fills} & {_rgb(ink) for ink in _PAGE_INKS}
            assert inks, f"{path}: no text on the page in the drawn figure"
            for ink in inks:
                ratio = _contrast(ink, background)
                assert ratio >= 4.5, f"{path}: {ink} on {background} is {ratio:.1f}:1"
            checked += 1
        for src in shown:
            assert src.endswith("-dark.svg#only-dark" if scheme == "slate" else ".svg#only-light")
            svg = page.request.get(src.partition("#")[0]).text()
            ground = re.search(r'<svg [^>]*fill="(#[0-9a-f]+)"', svg)
            assert ground is not None, src
            on_page = {ground.group(1)} | {
                fill for fill in _PAGE_TEXT.findall(svg) if fill and fill in _PAGE_INKS
            }
            for ink in on_page:
                ratio = _contrast(_rgb(ink), background)
                assert ratio >= 4.5, f"{src}: {ink} on {background} is {ratio:.1f}:1"
            checked += 1
    assert checked >= 4
    page.close()


def test_heat_map_links_each_risk_to_its_register_entry(served: str, browser: Browser) -> None:
    """Every risk named in the heat map is a link to its row of the register below it, in
    the scheme the reader sees; the map's words are not searched twice."""
    risks = {r.title: r.id for r in check(REPO, today=TODAY).scope.risks}  # type: ignore[union-attr]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    for scheme in ("default", "slate"):
        use_scheme(page, served, scheme)
        page.goto(served + "risks/")
        names = page.locator("article .smsdocs-inline a:visible")
        assert names.count() == len(risks)
        for index in range(names.count()):
            link = names.nth(index)
            title = link.locator("text").evaluate(
                "(t) => [...t.childNodes].map((n) => n.textContent).join(' ')"
            )
            assert title in risks, title
            assert link.get_attribute("href") == f"#risk-{risks[title]}"
        names.first.click()
        target = page.evaluate(
            "document.querySelector(decodeURIComponent(location.hash))?.innerText"
        )
        assert target in risks
    index = page.request.get(served + "search/search_index.json").json()
    heat = next(d for d in index["docs"] if d["location"] == "risks/#risk-heat-map")
    assert not any(title in heat["text"] for title in risks)
    page.close()


UPSTREAM_FINDINGS: Final = {("aria-dialog-name", ".md-search")}
"""axe-core's serious findings in Material's own markup, listed in the README as upstream:
(rule, CSS selector of the theme's element). Anything else is ours to fix."""

_AXE_RUN = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .flatMap((v) => v.nodes.map((n) => [v.id, n.target.join(" "), n.html.slice(0, 160)]));
}"""


@needs_axe
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_no_serious_accessibility_finding_of_ours(
    served: str, browser: Browser, scheme: str
) -> None:
    """axe-core on every chapter and a service page of each category, in both colour
    schemes: no serious or critical finding caused by smsdocs' markup or styles."""
    scope = check(REPO, today=TODAY).scope
    assert scope is not None
    engine = AXE.read_text(encoding="utf-8")
    chapters = ["", "context/", "catalogue/", "dependencies/", "inclusions/", "alignment/"]
    chapters += ["risks/", "stakeholders/", "implementation/", "documents/", "traceability/"]
    chapters += ["dashboard/", "history/"]
    first = {}
    for service in scope.services:
        first.setdefault(service.category, service_path(service).removesuffix(".md") + "/")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    use_scheme(page, served, scheme)
    ours = []
    for path in [*chapters, *first.values()]:
        page.goto(served + path)
        page.add_script_tag(content=engine)
        for rule, target, html in page.evaluate(_AXE_RUN):
            if (rule, target) not in UPSTREAM_FINDINGS:
                ours.append(f"{path or 'home'}: {rule} at {target}: {html}")
    page.close()
    assert ours == []


LOOKED_AT: Final = {
    "home": "",
    "service": "catalogue/infrastructure/managed-network/",
    "risks": "risks/",
    "implementation": "implementation/",
    "dashboard": "dashboard/",
}
"""The pages photographed in each scheme and at each width, for people to look at."""


@pytest.mark.parametrize(
    ("scheme", "width"), [("default", 1400), ("slate", 1400), ("default", 390), ("slate", 390)]
)
def test_pages_are_photographed_for_review(
    served: str, browser: Browser, scheme: str, width: int
) -> None:
    """build/screenshots/<page>-<light|dark>-<width>.png, whole pages: what a reviewer looks
    at before a release. At phone width nothing may be wider than the screen but the boxes
    that scroll (tables, figures)."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    use_scheme(page, served, scheme)
    name = "dark" if scheme == "slate" else "light"
    for label, path in LOOKED_AT.items():
        page.goto(served + path)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
        # The page itself never scrolls sideways: only its tables and figures do.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, label
        shot(page, f"{label}-{name}-{width}")
    page.close()


def test_screenshots_are_written() -> None:
    # Runs after the walks above (tests run in file order): they saved what the reader saw.
    names = {p.name for p in SCREENSHOTS.glob("*.png")}
    assert {"1-home.png", "2-catalogue.png", "3-service.png", "4-exclusions.png"} <= names
    for label in LOOKED_AT:
        for variant in ("light-1400", "dark-1400", "light-390", "dark-390"):
            assert f"{label}-{variant}.png" in names


def test_site_opened_from_disk_points_to_the_offline_copy(
    example_site: Build, served: str, browser: Browser
) -> None:
    """A reader who opens site/index.html from disk (file:) meets links to folders the browser
    cannot show as pages: the page says so and names the offline copy. Served, it says nothing."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((example_site.site / "index.html").as_uri())
    note = page.locator("#smsdocs-file-note")
    assert note.is_visible()
    said = " ".join(note.inner_text().split())
    assert "opened from the file system" in said
    assert "smsdocs bundle writes the site as a zip that works opened from disk" in said
    shot(page, "5-from-disk")
    assert all(url.startswith("file://") for url in requests), [
        u for u in requests if not u.startswith("file://")
    ]

    page.goto(served)
    assert page.locator("#smsdocs-file-note").count() == 1
    assert not page.locator("#smsdocs-file-note").is_visible()
    page.close()
