"""The manual site: real `mkdocs build --strict` runs, read back as a reader sees the pages."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
import yaml

from helpers.clients import JAVA, VNU, needs_vnu
from helpers.fragments import on_page
from helpers.projects import GIT_ENV, PROJECTS, REPO, TODAY, commit_all, make_project, release_all
from helpers.site import Build, build_in_git, live_markup, mkdocs_build, read_page
from smsdocs import check, render
from smsdocs.model import Scope, Service
from smsdocs.render.links import service_path


@pytest.fixture(scope="module")
def example_scope() -> Scope:
    checked = check(REPO, today=TODAY)
    assert checked.scope is not None
    return checked.scope


@pytest.fixture(scope="module")
def built(example_site: Build) -> Build:
    return example_site


def service_url(service: Service) -> str:
    return service_path(service).removesuffix(".md") + "/"


@pytest.mark.slow
def test_strict_build_has_no_warnings(built: Build) -> None:
    assert "WARNING" not in built.output


@pytest.mark.slow
def test_home_shows_document_control(built: Build, example_scope: Scope) -> None:
    home = read_page(built.site, "")
    doc = example_scope.document
    for value in (doc.id, doc.title, doc.classification, example_scope.organization.name):
        assert value in home.text
    # Built as `smsdocs init --example` leaves the example: at its newest release, approved.
    assert "Version v1.2.0" in home.text and "Approved" in home.text
    for approval in example_scope.approvals:
        assert approval.version in home.text
    owner = example_scope.index[doc.owner]
    assert owner.name in home.text  # type: ignore[attr-defined]
    # The control table is a record: each row headed by its name, no empty header row.
    control = home.html[home.html.index('id="document-control"') :]
    control = control[control.index("<table") : control.index("</table>")]
    assert "<thead>" not in control and "<th></th>" not in control
    assert re.findall(r'<th scope="row">([^<]*)</th>', control)[:3] == [
        "Document",
        "Title",
        "Organisation",
    ]


@pytest.mark.slow
def test_banner_on_every_page(built: Build, example_scope: Scope) -> None:
    pages = list(built.site.rglob("index.html"))
    assert len(pages) >= 8 + len(example_scope.services)
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        banner = re.search(r'<div class="smsdocs-banner[^"]*"[^>]*>(.*?)</div>', raw, re.S)
        assert banner, f"no banner on {path}"
        text = re.sub(r"<[^>]+>|\s+", " ", banner.group(1))
        assert example_scope.document.id in text
        assert "Version v1.2.0 Status Approved" in re.sub(r"\s+", " ", text)
        assert example_scope.document.classification in text


@pytest.mark.slow
def test_site_name_comes_from_the_document(built: Build, example_scope: Scope) -> None:
    home = read_page(built.site, "")
    assert f"<title>{example_scope.document.title}</title>" in home.html


@pytest.mark.slow
def test_catalogue_links_every_service(built: Build, example_scope: Scope) -> None:
    page = read_page(built.site, "catalogue/")
    for service in example_scope.services:
        assert service.name in page.text
        assert service.id in page.text
        target = posixpath.relpath(service_url(service), "catalogue/") + "/"
        assert target in page.links, f"no link to {service.id}"


@pytest.mark.slow
def test_service_pages(built: Build, example_scope: Scope) -> None:
    for service in example_scope.services:
        page = read_page(built.site, service_url(service))
        assert "<h1" in page.html and service.name in page.text
        assert service.summary in page.text
        owner = example_scope.index[service.owner or ""]
        assert owner.name in page.text  # type: ignore[attr-defined]
        for ident in (*service.customers, *service.units, *service.components, *service.suppliers):
            assert render.name_of(example_scope, ident) in page.text
        # The light variant, shown in the light scheme (its dark twin in the dark one).
        diagram = [
            src.removesuffix("#only-light")
            for src in page.images
            if src.endswith(f"dependencies-{service.id}.svg#only-light")
        ]
        assert diagram, f"no dependency diagram on {service.id}"
        svg = (page.path.parent / diagram[0]).resolve()
        root = ElementTree.parse(svg).getroot()
        # a wrapped label is one <text>, its lines in <tspan>s
        labels = " ".join(
            " ".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")
        )
        assert service.name in labels
        for ident in service.components:
            assert render.name_of(example_scope, ident) in labels


@pytest.mark.slow
def test_service_pages_are_filed_by_category(built: Build, example_scope: Scope) -> None:
    nav = read_page(built.site, "catalogue/").html
    for category in {s.category for s in example_scope.services}:
        assert re.search(rf">\s*{re.escape(category)}\s*<", nav), category


@pytest.mark.slow
def test_exclusions_with_rationale(built: Build, example_scope: Scope) -> None:
    page = read_page(built.site, "inclusions/")
    for exclusion in example_scope.exclusions:
        assert " ".join(exclusion.rationale.split()) in page.text
        approver = example_scope.index[exclusion.approved_by]
        assert approver.name in page.text  # type: ignore[attr-defined]
    for process in example_scope.processes:
        assert ", ".join(process.covers) in page.text


@pytest.mark.slow
def test_dependencies_show_parties_and_controls(built: Build, example_scope: Scope) -> None:
    page = read_page(built.site, "dependencies/")
    for party in example_scope.parties:
        assert party.name in page.text
        for control in party.controls:
            assert control in page.text
    for interface in example_scope.interfaces:
        assert interface.id in page.text


@pytest.mark.slow
def test_risk_heat_map_counts_every_risk(built: Build, example_scope: Scope) -> None:
    page = read_page(built.site, "risks/")
    # The map is drawn into the page (its risks link to the register), light and dark.
    drawn = re.findall(
        r'<div class="smsdocs-inline [^"]*"[^>]*>\s*(<svg .*?</svg>)', page.html, re.S
    )
    assert len(drawn) == 2
    for svg in drawn:
        root = ElementTree.fromstring(svg)
        counts = [int(t.text or "0") for t in root.iter("text") if t.get("font-size") == "22"]
        assert sum(counts) == len(example_scope.risks)
    for risk in example_scope.risks:
        assert risk.title in page.text
    for requirement in example_scope.requirements:
        assert requirement.title in page.text


@pytest.mark.slow
def test_alignment_and_stakeholders(built: Build, example_scope: Scope) -> None:
    alignment = read_page(built.site, "alignment/")
    for objective in example_scope.objectives:
        assert " ".join(objective.statement.split()) in alignment.text
    people = read_page(built.site, "stakeholders/")
    for stakeholder in example_scope.stakeholders:
        assert stakeholder.name in people.text
        if stakeholder.communication:
            assert stakeholder.communication.channel in people.text


@pytest.mark.slow
def test_every_internal_link_and_anchor_resolves(built: Build) -> None:
    site = built.site
    anchors: dict[Path, set[str]] = {}
    broken: list[str] = []
    checked = 0
    for path in site.rglob("index.html"):
        url = path.parent.relative_to(site).as_posix()
        page = read_page(site, "" if url == "." else url + "/")
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or (href.startswith("#") and not parts.fragment):
                continue
            target = (path.parent / parts.path).resolve() if parts.path else path.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{url}: {href}")
                continue
            if parts.fragment:
                checked += 1
                if target not in anchors:
                    anchors[target] = read_page(site, str(target.relative_to(site))).ids
                if parts.fragment not in anchors[target]:
                    broken.append(f"{url}: {href} (no such anchor)")
    assert broken == []
    assert checked > 200, "links between entries should reach anchors on other pages"


EXTERNAL = re.compile(
    r"""(?:src|href)\s*=\s*["'](?:https?:)?//|url\(\s*["']?(?:https?:)?//""", re.I
)


@pytest.mark.slow
def test_no_request_leaves_the_site(built: Build) -> None:
    offenders: list[str] = []
    for path in built.site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in EXTERNAL.finditer(text):
            context = text[max(0, match.start() - 60) : match.end() + 60]
            # Plain links a reader may click are fine, and so is the canonical link, which
            # names the page's address on the intranet (site_url) and is never fetched;
            # anything loaded by the page is not.
            before = text[max(0, match.start() - 200) : match.start()]
            if re.search(r"<a\s[^>]*$", before) or re.search(r'<link rel="canonical"\s*$', before):
                continue
            offenders.append(f"{path.relative_to(built.site)}: {context!r}")
    assert offenders == []


# -- other scopes ------------------------------------------------------------------------------


@pytest.mark.slow
def test_another_organisations_scope_builds_unchanged(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    result = build_in_git(project)
    assert result.returncode == 0, result.output
    home = read_page(result.site, "")
    assert "EX-SMS-001" in home.text
    assert read_page(result.site, "catalogue/infrastructure/hosting/").text.startswith(
        "Managed Hosting"
    )


HOSTILE = "<script>alert('x')</script> {{ 7*7 }} {% if true %}yes{% endif %} *bold* [a](b)"


@pytest.mark.slow
def test_hostile_text_shows_literally(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    services = project / "scope" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    text = text.replace("name: Managed Hosting", f"name: {HOSTILE!r}".replace("'", '"', 0))
    text = text.replace(
        "summary: Virtual servers run for customers.",
        'summary: "[click](javascript:alert(1)) <img src=x onerror=alert(1)> {{ config }}"\n'
        "    description: |\n"
        "      Safe **Markdown** stays, but <b onclick=x>raw HTML</b> does not.\n\n"
        "      [js](javascript:alert(1)) and ![pixel](https://tracker.example/p.gif){: onload=x }\n\n"
        "      ```{=html}\n"
        "      <script>alert('raw block')</script>\n"
        "      ```",
    )
    services.write_text(text, encoding="utf-8")
    org = project / "scope" / "org.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace(
            "short_name: Example", "short_name: '<i>Ex</i> {{ 6*7 }}'"
        ),
        encoding="utf-8",
    )
    # The refused link and image are warnings, so a strict build stops on them ...
    strict = build_in_git(project)
    assert strict.returncode == 1
    assert "warning[link-unsafe]" in strict.output and "warning[image-unsafe]" in strict.output
    # ... and a forgiving one shows them as text.
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(strict.site)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    result = Build(proc.returncode, proc.stdout + proc.stderr, strict.site)
    assert result.returncode == 0, result.output
    for path in result.site.rglob("*.html"):
        assert live_markup(path.read_text(encoding="utf-8")) == [], path
    shown = html.unescape(
        re.sub(
            r"<[^>]+>", " ", "\n".join(p.read_text("utf-8") for p in result.site.rglob("*.html"))
        )
    )
    assert not re.search(r"\b(?:49|42)\b", shown)  # {{ 7*7 }} and {{ 6*7 }} never evaluated
    page = read_page(result.site, "catalogue/infrastructure/hosting/")
    assert HOSTILE in page.text
    assert "{{ config }}" in page.text
    assert "Safe Markdown stays" in page.text and "<strong>Markdown</strong>" in page.html
    assert "<b onclick=x>raw HTML</b>" in page.text
    assert "<script>alert('raw block')</script>" in page.text
    home = read_page(result.site, "")
    assert "<i>Ex</i> {{ 6*7 }}" in home.text


@pytest.mark.slow
def test_scope_errors_stop_the_build_with_locations(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    services = project / "scope" / "services.yaml"
    services.write_text(
        services.read_text(encoding="utf-8").replace(
            "units: [ops]\n    locations", "units: [opps]\n    locations"
        ),
        encoding="utf-8",
    )
    result = build_in_git(project)
    assert result.returncode == 1
    assert "smsdocs: the scope data has 1 error; run 'smsdocs check' for details" in result.output
    assert (
        "scope/services.yaml:8:13: error[ref-unknown]: service 'hosting' names unknown unit "
        "'opps' in 'units' (did you mean 'ops'?)"
    ) in result.output
    assert not (project / "site" / "index.html").exists()


@pytest.mark.slow
def test_scope_warnings_fail_a_strict_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    path = project / "scope" / "exclusions.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    supports: [bo-grow]\n", ""), encoding="utf-8"
    )
    result = build_in_git(project)
    assert result.returncode == 1
    assert (
        "WARNING -  scope/exclusions.yaml:16:5: warning[objective-unaligned]: SMS objective "
        "'obj-avail' supports no business objective"
    ) in result.output


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str | None:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


@pytest.mark.slow
def test_serve_rebuilds_when_the_scope_changes(tmp_path: Path) -> None:
    import sys
    import time

    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    commit_all(project)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/catalogue/infrastructure/hosting/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        page = None
        while time.monotonic() < deadline and not (page and "Managed Hosting" in page):
            time.sleep(0.3)
            page = _fetch(url)
        assert page and "Managed Hosting" in page, "mkdocs serve did not start"
        services = project / "scope" / "services.yaml"
        services.write_text(
            services.read_text(encoding="utf-8").replace("Managed Hosting", "Managed Hosting Plus"),
            encoding="utf-8",
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "Managed Hosting Plus" not in (page or ""):
            time.sleep(0.3)
            page = _fetch(url)
        assert page and "Managed Hosting Plus" in page, "no rebuild after the scope changed"
    finally:
        server.terminate()
        server.wait(timeout=30)


# -- implementation, traceability, register, dashboard ------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def _svg(page_path: Path, src: str) -> ElementTree.Element:
    return ElementTree.parse((page_path.parent / src).resolve()).getroot()


@pytest.mark.slow
def test_implementation_charts_match_the_plan(built: Build, example_scope: Scope) -> None:
    plan = example_scope.implementation
    assert plan is not None
    page = read_page(built.site, "implementation/")
    (gap,) = [
        src.removesuffix("#only-light")
        for src in page.images
        if src.endswith("maturity-gap.svg#only-light")
    ]
    (timeline,) = [
        src.removesuffix("#only-light")
        for src in page.images
        if src.endswith("implementation-timeline.svg#only-light")
    ]
    bars = _svg(page.path, gap).iter(f"{SVG}rect")
    classes = [bar.get("class") for bar in bars]
    assert classes.count("baseline") == classes.count("target") == len(plan.maturity)
    widths = [
        (float(r.get("width", 0)), r.get("class"))
        for r in _svg(page.path, gap).iter(f"{SVG}rect")
        if r.get("class") in ("baseline", "target")
    ]
    assert [w for w, c in widths if c == "target"] == [m.target * 80 for m in plan.maturity]
    root = _svg(page.path, timeline)
    assert len([r for r in root.iter(f"{SVG}rect") if r.get("class") == "phase"]) == len(
        plan.phases
    )
    assert len([p for p in root.iter(f"{SVG}path") if p.get("class") == "milestone"]) == len(
        plan.milestones
    )
    for phase in plan.phases:
        assert phase.name in page.text
    assert plan.business_case is not None
    assert " ".join(plan.business_case.summary.split())[:60] in page.text


@pytest.mark.slow
def test_clause_matrix_holds_every_clause(built: Build) -> None:
    from smsdocs import standards

    page = read_page(built.site, "traceability/")
    for clause, title in standards.CLAUSES.items():
        assert f"{clause} {title}" in page.text, clause
    assert (
        "77 clauses and subclauses: 77 declared by a chapter, process, document or record, and all 77 "
        "addressed with the documents and records they rest on." in page.text
    )
    assert "Not addressed" not in page.text
    # The chapters by their titles in the navigation, in its order, each linked.
    assert (
        "4.2 Understanding the needs and expectations of interested parties Context and scope; "
        "Risks and compliance; Stakeholders, communication and approval" in page.text
    )
    assert 'href="../context/">Context and scope</a>' in page.html


@pytest.mark.slow
def test_context_shows_the_climate_decision(built: Build, example_scope: Scope) -> None:
    """4.1 and 4.2 as amended in 2024: the decision, who took it and when, its reasons, and
    the climate requirements of interested parties; the matrix counts them for 4.1 and 4.2."""
    page = read_page(built.site, "context/")
    decision = example_scope.sms.climate
    assert decision is not None
    assert "Climate change Relevant Decided by Helen Marsh Date 20 Jan 2026" in page.text
    assert " ".join(decision.reasoning.split())[:80] in page.text
    for stakeholder in example_scope.stakeholders:
        for need in stakeholder.climate:
            assert f"{stakeholder.name} {need}" in page.text
    matrix = read_page(built.site, "traceability/").text
    assert "Climate change decision (Relevant, 20 Jan 2026) Addressed" in matrix
    assert "Climate requirements of interested parties Addressed" in matrix
    home = read_page(built.site, "").text
    assert "ISO/IEC 20000-1:2018 + Amd 1:2024, Information technology" in home
    assert "its Amendment 1:2024 adds climate action to 4.1 and 4.2" in home


@pytest.mark.slow
def test_document_register_holds_every_item(built: Build) -> None:
    page = read_page(built.site, "documents/")
    assert "Every item the standard asks this SMS to hold has a document." in page.text
    assert "No document" not in page.text
    assert "Records needed to demonstrate conformity Schedule of SMS records" in page.text


@pytest.mark.slow
def test_dashboard_is_worked_out_for_the_build_date(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    release_all(project)
    # A draft after the newest release: an approved version keeps its approval's day.
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - smsdocs:\n", '  - smsdocs:\n      today: "2027-01-10"\n'
        ),
        encoding="utf-8",
    )
    commit_all(project, "the dashboard for another day")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    text = read_page(result.site, "dashboard/").text
    assert (
        "As of 10 Jan 2027, the date the build is set to (the today option); due soon means "
        "within 90 days. 6 overdue, 9 more due"
    ) in text
    assert "15 Dec 2026 Service management plan 2026-27 Overdue" in text
    # The commit's date is not the configured 'today': said so, and the configured day is
    # not called the day the site was built.
    assert "This version of the manual is dated " in text
    assert ", its commit's date" in text
    assert "the day the site was built" not in text
    # The manual, approved on 2026-10-23, is reviewed 12 months later: not due yet.
    assert "The manual (NW-SMS-001)" not in text
    assert "31 Mar 2027 Schedule of SMS records" in text
    assert "31 Jan 2027 Pennine Fibre Networks Ltd CT-2023-021 Ending soon" in text
    # The plan's dates that passed while their items stayed open: the stage 2 audit and the
    # closure, the last phase, and an action after the internal audit.
    assert "26 Nov 2026 Stage 2 certification audit Stage 2 audit Overdue" in text
    assert (
        "30 Nov 2026 Project closure and hand-over to continual improvement Other Overdue" in text
    )
    assert "30 Nov 2026 Service lifecycle and certification In progress Overdue" in text
    assert "31 Dec 2026 Review every critical supplier against its agreement on schedule" in text
    assert "25 Nov 2026 Give an awareness refresher to on-call engineers" in text
    # What is done is not due: the milestones and actions marked done do not appear.
    assert "Full internal audit of clauses 4 to 10" not in text
    assert "desk-top exercise" not in text


@pytest.mark.slow
def test_a_scope_without_a_plan_leaves_its_chapter_out_or_says_so_once(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    result = build_in_git(project)
    assert result.returncode == 0, result.output
    # The chapter requires the plan: no page, no link to it, no entry in the navigation.
    assert not (result.site / "implementation").exists()
    home = read_page(result.site, "")
    assert "Implementing the SMS" not in home.html
    assert not any("implementation" in link for link in home.links)
    # A chapter that does not say it requires the plan says once that there is none.
    page = project / "docs" / "implementation.md"
    page.write_text(page.read_text().replace("requires: [implementation]\n", ""))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    text = read_page(result.site, "implementation/").text
    assert text.count("The scope data holds no implementation plan.") == 1
    assert "was assessed" not in text and "was rated" not in text


@pytest.mark.slow
def test_large_categories_are_grouped_so_pages_stay_small(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    extra = "".join(
        f"  - {{id: host-{n:02d}, name: Hosting {n:02d}, summary: Hosting number {n}., "
        f"category: Infrastructure, owner: manager, customers: [acme], units: [ops]}}\n"
        for n in range(40)
    )
    (project / "scope" / "more-services.yaml").write_text("services:\n" + extra)
    result = build_in_git(project)
    assert result.returncode == 0, result.output
    # Backup, Hosting 00..39 and Managed Hosting: 42 pages in two groups.
    late = read_page(result.site, "catalogue/infrastructure/host-35/")
    assert "Infrastructure 1–30" in late.html and "Infrastructure 31–42" in late.html
    assert "host-34/" in late.html  # a sibling in the same group
    assert "host-05/" not in late.html  # the other group is pruned from this page


# -- site furniture ----------------------------------------------------------------------------


@pytest.mark.slow
def test_nav_labels_are_the_page_titles(built: Build) -> None:
    """The sidebar, the page and the exports' contents call each chapter the same."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for entry in config["nav"]:
        ((label, path),) = entry.items()
        if path == "index.md":
            # On the site the home page is the manual's title page, headed by the document's
            # title as the header is; its label is the heading the PDF and DOCX give it.
            assert f'{{% if medium == "print" %}}\n# {label}\n' in (
                REPO / "docs" / "index.md"
            ).read_text(encoding="utf-8")
            continue
        url = "" if path == "index.md" else path.removesuffix("index.md").removesuffix(".md")
        url = url if not url or url.endswith("/") else url + "/"
        page = read_page(built.site, url)
        (h1,) = re.findall(r"<h1[^>]*>(.*?)</h1>", page.html, re.S)
        title = re.sub(r"<[^>]+>", "", h1).replace("¶", "").strip()
        assert html.unescape(title) == label, path


@pytest.mark.slow
def test_every_page_footer_names_the_organisation_and_classification(
    built: Build, example_scope: Scope
) -> None:
    footer = f"{example_scope.organization.name} · {example_scope.document.classification}"
    pages = list(built.site.rglob("index.html"))
    assert len(pages) > 20
    for path in pages:
        found = re.search(r'md-copyright__highlight">\s*(.*?)\s*</div>', path.read_text())
        assert found is not None and html.unescape(found.group(1)) == footer, path


@pytest.mark.slow
def test_the_export_templates_are_not_published(built: Build) -> None:
    assert (REPO / "overrides" / "export" / "smsdocs.typ").is_file()
    published = {p.name for p in built.site.rglob("*")}
    assert not {"smsdocs.typ", "reference.docx", "make_reference_docx.py"} & published


@pytest.mark.slow
def test_the_organisations_logo_heads_every_page(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    logo = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>\n'
    (project / "overrides" / "export" / "logo.svg").write_text(logo, encoding="utf-8")
    result = build_in_git(project)
    assert result.returncode == 0, result.output
    assert (result.site / "assets" / "smsdocs" / "logo.svg").read_text() == logo
    page = read_page(result.site, "context/")
    assert 'src="../assets/smsdocs/logo.svg"' in page.html
    assert not (result.site / "export").exists()


UPSTREAM_MARKUP: Final = (
    # Material's drawer and search toggles are checkboxes with autocomplete="off".
    "Attribute “autocomplete” is only allowed when the input type is",
    # Material's navigation section labels carry tabindex="" when they are not links.
    "Bad value “” for attribute “tabindex” on element “label”",
    # Material labels the table of contents of a page that hides it (hide: toc) without
    # rendering the control the label is for.
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden",
)
"""What the Nu Html Checker reports in Material's own templates, listed in the README."""


@needs_vnu
@pytest.mark.slow
@pytest.mark.client
def test_the_html_checker_finds_nothing_of_ours(built: Build) -> None:
    pages = sorted(str(p) for p in built.site.rglob("*.html"))
    assert len(pages) > 20
    result = subprocess.run(
        [str(JAVA), "-jar", str(VNU), "--format", "json", "--errors-only", *pages],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    messages = json.loads(result.stderr)["messages"]
    ours = [
        f"{m['url'].rpartition('/site/')[2]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if not m["message"].startswith(UPSTREAM_MARKUP)
    ]
    assert ours == []


def test_a_printed_dashboard_says_which_date_is_the_cover_s(example_scope: Scope) -> None:
    from smsdocs.model import Release
    from smsdocs.render.chapters.dashboard import review_dashboard

    def dashboard(dated: dt.date) -> str:
        return on_page(
            review_dashboard,
            render.Context(
                example_scope,
                render.Links(page="dashboard.md"),
                dt.date(2026, 12, 3),
                Release("v1.2.0", "Approved"),
                dated=dated,
                medium="print",
            ),
        )

    later = dashboard(dt.date(2026, 11, 30))
    assert (
        "Dec\u00a03,\u00a02026 is the day this copy was made, and the dashboard is worked out "
        "for it; the cover gives the date of this version, Nov\u00a030,\u00a02026." in later
    )
    assert "the cover gives" not in dashboard(dt.date(2026, 12, 3))


@pytest.mark.export
def test_the_home_page_offers_this_version_as_pdf_and_docx(tmp_path: Path) -> None:
    """`smsdocs export` then `mkdocs build` (as `make manual` runs them): the home page
    links this version's PDF and DOCX with their SHA-256, the files are in the site, and a
    file of another version or one changed since the export is not offered."""
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    release_all(project)
    smsdocs = str(Path(sys.executable).parent / "smsdocs")
    env = {**os.environ, **GIT_ENV, "NO_MKDOCS_2_WARNING": "1"}
    exported = subprocess.run(
        [smsdocs, "export"], cwd=project, capture_output=True, text=True, env=env, check=False
    )
    assert exported.returncode == 0, exported.stderr
    dist = project / "dist"
    sums = (dist / "SHA256SUMS").read_text(encoding="utf-8")
    stale = "0" * 64 + "  OLD-v0.9.pdf\n"
    (dist / "OLD-v0.9.pdf").write_bytes(b"")
    (dist / "SHA256SUMS").write_text(sums + stale, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    page = read_page(result.site, "")
    offered = {}
    for line in sums.splitlines():
        digest, _, name = line.partition("  ")
        offered[name] = digest
        assert (result.site / "downloads" / name).read_bytes() == (dist / name).read_bytes()
        assert f"{name} " in page.text and digest in page.text
        assert f"downloads/{name}" in page.links
    assert {Path(name).suffix for name in offered} == {".pdf", ".docx"}
    assert "OLD-v0.9" not in page.text

    # A PDF changed after the export no longer has its listed hash: it is not offered.
    pdf = next(name for name in offered if name.endswith(".pdf"))
    (dist / pdf).write_bytes(b"%PDF-1.7 changed")
    changed = read_page(mkdocs_build(project).site, "")
    assert pdf not in changed.text and offered[pdf] not in changed.text


@pytest.mark.slow
def test_a_site_built_after_a_capture_is_rendered_for_the_screen(tmp_path: Path) -> None:
    """MkDocs gives the smsdocs plugin the same instance on every load in one process: the
    print capture the exports make must not leave the next site build rendering for print
    (no dark charts, no downloads)."""
    from smsdocs.site import build_site, capture

    project = make_project(tmp_path / "p", PROJECTS / "minimal" / "scope")
    capture(project, tmp_path / "captured")
    build_site(project, tmp_path / "site")
    markup = tmp_path / "site" / "catalogue" / "infrastructure" / "backup" / "index.html"
    assert "dependencies-backup-dark.svg#only-dark" in markup.read_text(encoding="utf-8")
    assert (tmp_path / "site" / "assets" / "smsdocs" / "dependencies-backup-dark.svg").is_file()
