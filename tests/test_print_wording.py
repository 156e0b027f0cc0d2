"""The medium: the site says what a reader of web pages needs, the PDF and DOCX what a reader of
a printed manual needs, from the same pages (``medium`` in a page, ``ctx.medium`` in a
fragment)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest
from docx import Document

from helpers.export import Exported, docx_text
from helpers.fragments import on_page
from helpers.projects import PROJECTS, REPO, TODAY, make_project, release_all
from helpers.runs import ENV, SMSDOCS
from helpers.site import CHAPTER, Build, read_page
from smsdocs import render
from smsdocs.model import Release, ReleaseRecord, Scope
from smsdocs.render import material
from smsdocs.render.chapters import control
from smsdocs.render.context import Medium
from smsdocs.validate import check

WEB_ONLY = ("banner", "After this page", "build the manual again", "git tag", "smsdocs diff")
"""What the auditor found in the PDF: the site's wording, read on paper."""

PRINT_TITLE = "About this manual"
"""The first chapter's title in print (the cover already carries the document's title)."""

CONTROL_HEADING = re.compile(r"^(\d+(\.\d+)*\s+)?Document control$")


@pytest.fixture(scope="module")
def exported(example_released: Exported) -> Exported:
    return example_released


@pytest.fixture(scope="module")
def site(example_site: Build) -> Build:
    """The site of the same project, built after its export."""
    return example_site


@pytest.fixture(scope="module")
def printed(exported: Exported) -> pymupdf.Document:
    return pymupdf.open(exported.pdf)


def pdf_words(doc: pymupdf.Document) -> str:
    return " ".join(" ".join(page.get_text().split()) for page in doc)


# -- the PDF and the DOCX -------------------------------------------------------------------------


@pytest.mark.export
def test_the_pdf_has_none_of_the_sites_wording(printed: pymupdf.Document) -> None:
    words = pdf_words(printed)
    found = [phrase for phrase in WEB_ONLY if phrase.lower() in words.lower()]
    assert found == []
    assert "After this introduction, each chapter answers" in words
    assert "The running header of every page repeats the document id" in words
    assert "This copy therefore shows the position on the day it was made" in words


@pytest.mark.export
def test_the_docx_has_none_of_the_sites_wording(exported: Exported) -> None:
    words = docx_text(exported.docx)
    found = [phrase for phrase in WEB_ONLY if phrase.lower() in words.lower()]
    assert found == []
    assert "After this introduction, each chapter answers" in words


@pytest.mark.export
def test_the_first_chapter_has_a_title_of_its_own(printed: pymupdf.Document, scope: Scope) -> None:
    chapters = [title for level, title, _ in printed.get_toc() if level == 1]
    assert chapters[:3] == ["Document control", f"1 {PRINT_TITLE}", "2 Context and scope"]
    assert f"1 {scope.document.title}" not in pdf_words(printed)


@pytest.mark.export
def test_document_control_is_a_heading_once(printed: pymupdf.Document, exported: Exported) -> None:
    """Once in the front matter; chapter 1 does not repeat it."""
    bookmarks = [title for _, title, _ in printed.get_toc()]
    assert [t for t in bookmarks if CONTROL_HEADING.match(t)] == ["Document control"]
    assert "1.1 Document control" not in pdf_words(printed)
    doc = Document(str(exported.docx))
    headings = [
        re.sub(r"^[\d.]+\t", "", p.text)
        for p in doc.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert headings.count("Document control") == 1
    assert headings[headings.index("Document control") + 1] == PRINT_TITLE


@pytest.mark.export
def test_the_climate_decision_is_in_both_files(
    printed: pymupdf.Document, exported: Exported
) -> None:
    words = pdf_words(printed)
    assert "Climate change Relevant Decided by Helen Marsh Date 20 Jan 2026" in words
    assert "Climate change bears on the SMS in three ways." in words
    assert "Climate change bears on the SMS in three ways." in docx_text(exported.docx)
    assert "ISO/IEC 20000-1:2018 + Amd 1:2024" in words


@pytest.mark.export
def test_records_have_no_field_value_header(printed: pymupdf.Document, exported: Exported) -> None:
    """One entry's fields (a service, an exclusion, the document control) are a name and a
    value a row, the names bold: no "Field | Value" header row above them, in either file."""
    words = pdf_words(printed)
    assert "Field Value" not in words
    assert "Id app-support Category Applications Status Live Owner Joanna Whitfield" in words
    doc = Document(str(exported.docx))
    records = [t for t in doc.tables if t.rows[0].cells[0].text == "Id" and len(t.columns) == 2]
    assert records, "no record table in the DOCX"
    for table in records:
        assert all(run.bold for run in table.rows[0].cells[0].paragraphs[0].runs)
        assert not any(run.bold for run in table.rows[0].cells[1].paragraphs[0].runs)
        assert "Field" not in {row.cells[0].text for row in table.rows}


# -- the site keeps its wording ------------------------------------------------------------------


@pytest.mark.export
def test_the_site_keeps_its_wording_and_its_control_table(site: Build, scope: Scope) -> None:
    home = read_page(site.site, "")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", home.html, re.S)
    assert heading is not None
    assert re.sub(r"<[^>]+>", "", heading.group(1)).strip("¶ \n") == scope.document.title
    assert PRINT_TITLE not in home.text
    assert "The banner at the top of every page repeats" in home.text
    assert "After this page, each chapter answers" in home.text
    assert "Document control" in home.text and "Next review" in home.text
    assert f"Document {scope.document.id}" in home.text  # the control table's first row
    dashboard = read_page(site.site, "dashboard/")
    assert "build the manual again to see the current position" in dashboard.text
    catalogue = read_page(site.site, "catalogue/")
    assert "Each service links to its own page, which gives" in catalogue.text
    history = read_page(site.site, "history/")
    assert "is kept as an annotated git tag. The tag marks" in history.text
    assert "Tagged 23 Oct 2026 by Priya Raman" in history.text  # the releases init --example made


# -- the fragments see the medium ----------------------------------------------------------------


def context(scope: Scope, records: list[ReleaseRecord], medium: Medium) -> render.Context:
    return render.Context(
        scope,
        render.Links(page="history.md"),
        TODAY,
        Release("v1.0.0", "Draft"),
        releases=lambda: records,
        medium=medium,
    )


def test_a_fragment_sees_the_medium(scope: Scope) -> None:
    assert render.Context(scope, render.Links(page="x.md"), TODAY, Release("x", "y")).medium == (
        "site"
    )
    site, printed = (
        on_page(control.release_history, context(scope, [], m)) for m in ("site", "print")
    )
    assert "git tag -a v1.0.0" in site
    assert printed == (
        "*No release has been tagged yet, although management approved v1.0.0, v1.1.0 and "
        "v1.2.0:* no tag marks the commit of any of them, so this manual cannot be shown as an "
        "approved version and is a Draft.\n"
    )


def test_releases_not_listed_are_counted_in_print_without_commands(scope: Scope) -> None:
    records = [
        ReleaseRecord(f"v0.{n}.0", "2026-01-01", "Sam", f"Release {n}", None)
        for n in range(control.HISTORY_LISTED + 3, 0, -1)
    ]
    site = on_page(control.release_history, context(scope, records, "site"))
    printed = on_page(control.release_history, context(scope, records, "print"))
    assert "`git tag -l` lists every release" in site
    assert "*3 earlier releases, from v0.1.0 to v0.3.0, are not listed here.*" in printed
    assert "git" not in printed and "smsdocs" not in printed
    one = on_page(
        control.release_history, context(scope, records[: control.HISTORY_LISTED + 1], "print")
    )
    assert "*1 earlier release, v0.3.0, is not listed here.*" in one


@pytest.mark.parametrize("project", ["minimal", "example"])
def test_no_printed_fragment_tells_the_reader_to_run_or_edit_anything(project: str) -> None:
    checked = check(PROJECTS / "minimal" if project == "minimal" else REPO, today=TODAY)
    assert checked.scope is not None
    ctx = context(checked.scope, [], "print")
    for name, fragment in render.macros().items():
        shown = material.fragment(fragment(ctx), ctx.links.page)
        for instruction in ("`git", "`smsdocs", "`scope/", "Add an `"):
            assert instruction not in shown, f"{name} says {instruction!r} in print"


# -- the template variable -----------------------------------------------------------------------


@pytest.mark.export
def test_a_misspelt_medium_is_an_error_naming_its_line(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    page = CHAPTER.replace("{{ CALL }}", '{% if medium == "pirnt" %}On paper.{% endif %}')
    (project / "docs" / "context.md").write_text(page, encoding="utf-8")
    release_all(project)
    expected = "docs/context.md:10: 'medium' is 'site' or 'print', never 'pirnt'"

    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=project,
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )
    assert build.returncode != 0
    assert expected in build.stderr
    export = subprocess.run(
        [SMSDOCS, "export"], cwd=project, capture_output=True, text=True, env=ENV, check=False
    )
    assert export.returncode == 1
    assert export.stderr.startswith(f"error: {expected}")


def test_the_printed_catalogue_leaves_the_ids_to_each_services_section(scope: Scope) -> None:
    """On paper the catalogue's eight columns left the customers a name a line: printed, it
    has no Id column (each service's section gives its id); the site keeps it."""
    from smsdocs.render.chapters import catalogue

    site, printed = (
        on_page(catalogue.service_catalogue, context(scope, [], m)) for m in ("site", "print")
    )
    assert "| Id | Service | Category | Status | Owner | Customers | Hours | SLA |" in site
    assert "| Service | Category | Status | Owner | Customers | Hours | SLA |" in printed
    first = scope.services[0]
    assert f"| {first.id} |" in site and f"| {first.id} |" not in printed
