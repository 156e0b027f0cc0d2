"""The exported PDF is tagged (PDF/UA-1 with PDF/A-2a): read back as assistive technology and
a PDF/UA checker read it, through the structure tree the join builds from the pieces'."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers.export import Exported, export
from helpers.pdftags import Tagged, read, tables
from helpers.projects import PROJECTS, commit_all, make_project
from smsdocs.export.pdfcells import as_row_header, row_headers
from smsdocs.export.pdfsyntax import Source, entries
from smsdocs.export.typst import compile_pdf
from smsdocs.model import Scope
from smsdocs.render.chartwords import dependency_counts

pytestmark = [pytest.mark.export]


@pytest.fixture(scope="module")
def tagged(example_draft: Exported) -> tuple[Exported, Tagged]:
    return example_draft, read(example_draft.pdf)


def test_every_page_is_tagged_or_marked_as_furniture(tagged: tuple[Exported, Tagged]) -> None:
    _, found = tagged
    assert not found.problems
    assert found.marked_pages == found.metadata["page_count"] > 40


def test_identified_as_pdf_ua_1_and_pdf_a_2a(tagged: tuple[Exported, Tagged]) -> None:
    _, found = tagged
    meta = found.metadata
    assert (meta["pdfuaid:part"], meta["pdfaid:part"], meta["pdfaid:conformance"]) == (
        "1",
        "2",
        "A",
    )
    assert meta["marked"] and meta["lang"] == "en-GB"
    assert meta["dc:title"] == "Service Management System Manual"
    assert meta["pages"] == str(meta["page_count"])


def test_every_figure_says_what_it_shows(tagged: tuple[Exported, Tagged], scope: Scope) -> None:
    _, found = tagged
    # What each chart shows, worked out from the data (tests/test_chart_legends.py)
    assert "Risk heat map: likelihood against impact; 9 risks: 2 medium, 4 high, 3 very high" in (
        found.alts
    )
    assert (
        "Implementation timeline: 4 phases (3 complete, 1 in progress) and 11 milestones "
        "(9 done, 2 open), from 1 Jun 2025 to 30 Nov 2026"
    ) in {alt.replace("\u00a0", " ") for alt in found.alts}  # a date's no-break spaces
    assert {
        f"Dependencies of {s.name}: {dependency_counts(scope, s)}" for s in scope.services
    } <= set(found.alts)
    assert all(alt and alt == alt.strip() for alt in found.alts)


def test_headings_are_a_hierarchy_without_gaps(tagged: tuple[Exported, Tagged]) -> None:
    _, found = tagged
    levels = found.headings
    assert levels[0] == 1 and len(levels) > 100
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    # document control, contents, then the chapters of the navigation
    assert levels.count(1) >= 14


def test_tables_have_header_cells_and_links_say_where_they_go(
    tagged: tuple[Exported, Tagged],
) -> None:
    _, found = tagged
    assert found.kinds["/TH"] > 100 and found.kinds["/TD"] > 1000
    assert found.kinds["/Link"] > 300
    internal = [text for text in found.link_contents if text.startswith("Go to ")]
    assert len(internal) > 300
    assert "Go to 3.2.1 Managed Application Support" in internal
    assert not [text for text in found.link_contents if text.startswith("smsdocs")]


def test_every_table_has_header_cells_and_a_records_fields_head_their_rows(
    tagged: tuple[Exported, Tagged],
) -> None:
    """A table with a header row keeps its column headers (TH, scope Column); a record (a
    service's facts, an exclusion, the document control: two columns and no header row) has
    the name of each field as the header of its row (TH, scope Row), as the site's
    ``<th scope="row">``, so a screen reader says "Status: Live" rather than "Live"."""
    exported, _ = tagged
    found = tables(exported.pdf)
    assert len(found) > 100
    assert [t for t in found if not any(kind == "/TH" for row in t for kind, _ in row)] == []
    headed = [t for t in found if any(scope == "/Column" for row in t for _, scope in row)]
    records = [t for t in found if t not in headed]
    # the document control, the 16 services, the exclusions and the baseline (the draft has
    # no releases, whose records the approved PDF adds)
    assert len(records) >= 20
    for table in records:
        assert all(row[0] == ("/TH", "/Row") for row in table), table
        assert all(cell == ("/TD", "") for row in table for cell in row[1:]), table
    for table in headed:
        assert all(cell == ("/TH", "/Column") for cell in table[0]), table
        assert all(kind == "/TD" for row in table[1:] for kind, _ in row), table


def test_only_tables_without_a_header_row_get_row_headers(tmp_path: Path) -> None:
    """The join's rule on a PDF Typst wrote: a headerless table of two columns gets row
    headers; one with a header row, or of a single column, keeps the cells Typst tagged."""
    source = (
        '#set document(title: [t])\n#set text(lang: "en")\n= T\n'
        "#table(columns: 2, [Id], [backup], [Status], [Live])\n"
        "#table(columns: 2, table.header([Id], [Status]), [backup], [Live])\n"
        "#table(columns: 1, [alone], [again])\n"
    )
    pdf = Source(compile_pdf(source, {}, ("a-2a", "ua-1")), "t")
    heads = row_headers(pdf)
    labels = [entries(pdf.get(n)[0]) for n in sorted(heads)]
    assert len(heads) == 2 and all(cell[b"/S"] == b"/TD" for cell in labels)
    made = entries(as_row_header(pdf.get(min(heads))[0]))
    assert made[b"/S"] == b"/TH"
    assert b"/O/Table" in made[b"/A"].replace(b" ", b"") and b"/Scope /Row" in made[b"/A"]
    assert b"/O /Layout" in made[b"/A"] or b"/O/Layout" in made[b"/A"]


@pytest.mark.client
def test_qpdf_finds_no_damage(tagged: tuple[Exported, Tagged]) -> None:
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed (apt-get install qpdf)")
    exported, _ = tagged
    proc = subprocess.run(
        ["qpdf", "--check", str(exported.pdf)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No syntax or stream encoding errors" in proc.stdout


def test_pdf_a_option_is_still_accepted(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    commit_all(project)
    code, output = export(project, "--format", "pdf", "--pdf-a")
    assert code == 0, output
    (pdf,) = (project / "dist").glob("*.pdf")
    found = read(pdf)
    assert not found.problems
    assert (found.metadata["pdfuaid:part"], found.metadata["pdfaid:conformance"]) == ("1", "A")
