"""The exported PDF is tagged (PDF/UA-1 with PDF/A-2a): read back as assistive technology and
a PDF/UA checker read it, through the structure tree the join builds from the pieces'."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers.export import Exported, export
from helpers.pdftags import Tagged, read
from helpers.projects import PROJECTS, commit_all, make_project
from smsdocs.model import Scope

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
    assert "Risk heat map: likelihood against impact" in found.alts
    assert "Implementation timeline: phases and milestones" in found.alts
    assert {f"Dependencies of {s.name}" for s in scope.services} <= set(found.alts)
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
