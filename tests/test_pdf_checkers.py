"""The PDFs read by three checkers smsdocs does not write, as an auditor's reviewer of
accessibility would run them: page-validation (a PDF/A and PDF/UA validator), pdfua and
outloud (two PDF/UA checkers, outloud with semantic checks of its own), on the example's
approved PDF, its draft and the audit pack's changes annex. None fails or errs; the
warnings left are the ones README "Accessibility of the PDF" explains, and a new one fails
here until it is fixed or explained there."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from helpers.export import Exported
from helpers.pdflayout import painted_in_tag_order
from helpers.pdftags import empty_headings, table_pages
from smsdocs.cli import cli

pytestmark = [pytest.mark.export]

EXPLAINED_WARNINGS = {"TBL-014", "PAG-001", "ORD-001"}
"""outloud's warnings README explains as false alarms: TBL-014, a ruled grid no /Table
covers (outloud takes a table's page from a /Pg on the table or above it, which Typst does
not write there, so it sees no table on any page); PAG-001, a running header tagged as
content (a service's sub-heading that falls at the head of three or more pages); ORD-001,
content painted out of the structure tree's order (on a page that the print rules end
after a bulleted list, whose content is painted in exactly the tree's order)."""
SERVICE_SECTIONS = {
    "Objectives, risks and requirements",
    "Dependencies",
    "Components",
    "Other parties",
    "Interfaces",
    "Component Kind Provided by",
}
"""The headings of a service's sections, and its components table's header row."""
SKIPPED_BY_PDFUA = {"UA-14-001"}
"""pdfua 0.1.3's empty-heading rule stops on any heading whose /K is an array (it asks a
pikepdf Array for an attribute, which raises ValueError): the test checks what it would."""


def _tool(name: str) -> str:
    """The command ``name`` installed beside this Python (the test extra), or skip."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return found


@pytest.fixture(scope="module")
def annex(example_released: Exported, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The changes annex of the released example's audit pack (v1.2.0 against v1.1.0)."""
    project = tmp_path_factory.mktemp("pack") / "example"
    shutil.copytree(example_released.project, project, symlinks=True)
    out = tmp_path_factory.mktemp("pack-out")
    with contextlib.chdir(project):
        result = CliRunner().invoke(cli, ["audit-pack", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    (written,) = out.glob("*.zip")
    with zipfile.ZipFile(written) as archive:
        archive.extract("changes.pdf", out)
    return out / "changes.pdf"


@pytest.fixture(scope="module", params=["approved", "draft", "annex"])
def checked(request: pytest.FixtureRequest) -> Path:
    """Each PDF an auditor receives: the approved manual, a draft, the pack's annex."""
    name = {"approved": "example_released", "draft": "example_draft", "annex": "annex"}
    found = request.getfixturevalue(name[request.param])
    return found if isinstance(found, Path) else found.pdf


@pytest.mark.parametrize("profile", ["PDF_A_2A", "PDF_UA_1"])
def test_page_validation_finds_the_pdf_compliant(checked: Path, profile: str) -> None:
    page = pytest.importorskip("page", reason="page-validation is not installed")
    report = page.validate_pdf(checked, profile=getattr(page.ValidationProfile, profile))
    failures = [(f.rule_id, f.message, f.object_id) for f in report.failures]
    assert failures == []
    assert report.is_compliant and report.rules.failed == 0
    assert report.rules.passed == report.rules.total > 100


def test_pdfua_finds_nothing(checked: Path) -> None:
    proc = subprocess.run(
        [_tool("pdfua"), "check", "--format", "json", str(checked)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(proc.stdout)
    assert report["findings"] == [] and proc.returncode == 0, proc.stdout
    assert {s["rule_id"] for s in report["skipped"]} <= SKIPPED_BY_PDFUA
    assert report["summary"]["rules_run"] >= 11
    # What the skipped rule checks: no heading without text (PDF/UA-1 7.4).
    assert empty_headings(checked) == []


def _outloud(path: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [_tool("outloud"), "--json", "-", "--fail-on", "error", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    (result,) = json.loads(proc.stdout)["results"]
    assert result["error"] is None and proc.returncode == 0, proc.stdout[-2000:]
    return dict(result)


def test_outloud_finds_no_error_and_only_explained_warnings(checked: Path) -> None:
    result = _outloud(checked)
    findings = result["findings"]
    by_severity = Counter(f["severity"] for f in findings)
    assert by_severity["error"] == 0, [f for f in findings if f["severity"] == "error"]
    warned = {f["rule"] for f in findings if f["severity"] == "warning"}
    assert warned <= EXPLAINED_WARNINGS, [
        f for f in findings if f["severity"] == "warning" and f["rule"] not in EXPLAINED_WARNINGS
    ]
    # TBL-014's grids are tables: each page it names has the cells of a tagged /Table.
    tabled = table_pages(checked)
    assert {f["page"] for f in findings if f["rule"] == "TBL-014"} <= tabled
    # PAG-001's "running header" lines are the headings of a service's sections
    # (render/service.py), and the header row of its components table, where pages happen
    # to begin (the print rules start a table and its heading on a page of their own where
    # the table does not fit below the text before it).
    for finding in findings:
        if finding["rule"] == "PAG-001":
            assert set(finding["evidence"].split("; ")) <= SERVICE_SECTIONS, finding
        # ORD-001's page paints its marked content in the structure tree's order.
        if finding["rule"] == "ORD-001":
            assert painted_in_tag_order(checked, finding["page"]), finding
