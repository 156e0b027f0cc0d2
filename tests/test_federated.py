"""A multi-party organisation with an integrated management system, end to end.

``tests/projects/federated`` is a fictional research-infrastructure foundation: partner
institutes run a service and a process together (the first listed leads), processes implement
several clauses, and the SMS is integrated with an ISO 9001 quality management system. The
project passes the strict check, and its site, PDF and DOCX say who operates what, each
process once with all its clauses, and the integrated standard with its certificate.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.export import docx_text, export, exported_files, pdf_text
from helpers.projects import PROJECTS, TODAY, make_project, release_all
from helpers.site import Build, mkdocs_build, read_page
from smsdocs.cli import cli
from smsdocs.validate import check

FEDERATED = PROJECTS / "federated"

LEAD = "Nordic partner institute (Espoo)"
PARTNER = "Central European partner institute (Brno)"


def test_the_federated_project_passes_every_rule() -> None:
    checked = check(FEDERATED, today=TODAY)
    assert [str(f) for f in checked.findings] == []
    scope = checked.scope
    assert scope is not None
    compute = scope.index["fed-compute"]
    assert compute.operated_by == ("rc-nordic", "rc-central")  # type: ignore[union-attr]
    assert scope.index["p-change"].covers == ("8.5.1", "8.5.2", "8.5.3")  # type: ignore[union-attr]


@dataclass
class Outputs:
    project: Path
    site: Build
    pdf: str
    docx: str


@pytest.fixture(scope="module")
def federated(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    """The federated project with the repository's manual, released, exported and built."""
    project = make_project(tmp_path_factory.mktemp("federated") / "p", FEDERATED / "scope")
    release_all(project)
    code, output = export(project)
    assert code == 0, output
    pdf, docx = exported_files(project)
    site = mkdocs_build(project)
    assert site.returncode == 0, site.output
    return Outputs(project, site, pdf_text(pdf), docx_text(docx))


@pytest.mark.export
@pytest.mark.slow
def test_the_strict_check_passes_in_the_released_project(federated: Outputs) -> None:
    cwd = Path.cwd()
    os.chdir(federated.project)
    try:
        result = CliRunner().invoke(cli, ["check", "--strict", "--today", TODAY.isoformat()])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output


@pytest.mark.export
@pytest.mark.slow
def test_the_service_page_names_both_operators_everywhere(federated: Outputs) -> None:
    """Header, diagram and table of other parties agree: the lead first and marked, the
    partner as co-operator, and no 'No suppliers recorded' under an operated service."""
    page = read_page(federated.site.site, "catalogue/compute/fed-compute/")
    assert f"Operated by {LEAD} (lead), {PARTNER}" in page.text
    assert f"{LEAD} Operates the service (lead); Provides Espoo cloud cluster FA-2024-FI" in (
        page.text
    )
    assert f"{PARTNER} Co-operates the service; Provides Brno cloud cluster FA-2024-CZ" in (
        page.text
    )
    assert "No suppliers" not in page.text
    diagram = (federated.site.site / "assets/smsdocs/dependencies-fed-compute.svg").read_text()
    assert ">Other parties</text>" in diagram
    assert "<tspan" in diagram and ">Operates the service (lead)</tspan>" in diagram
    assert ">Co-operates the service</tspan>" in diagram


@pytest.mark.export
@pytest.mark.slow
def test_a_service_the_organisation_runs_alone_says_so(federated: Outputs) -> None:
    page = read_page(federated.site.site, "catalogue/access/helpdesk/")
    assert "Operated by Helix" in page.text
    assert (
        "No other party operates the service, provides its components or supplies it: "
        "Helix operates it and provides its components itself." in page.text
    )


@pytest.mark.export
@pytest.mark.slow
def test_jointly_provided_components_and_operated_processes_on_the_site(
    federated: Outputs,
) -> None:
    inclusions = read_page(federated.site.site, "inclusions/").text
    assert (
        "Federated archive storage Platform Southern partner institute (Bologna) (lead), "
        + (PARTNER)
        in inclusions
    )
    assert (
        f"8.4.2, 8.4.3 Demand and capacity management Ana Sousa {LEAD} (lead), {PARTNER} "
        "(controlled under 8.2.3)" in inclusions
    )
    # Each process once, with every clause it implements.
    assert inclusions.count("Incident and service request management") == 1
    assert "8.6.1, 8.6.2 Incident and service request management" in inclusions
    assert "8.5.1, 8.5.2, 8.5.3 Change, transition and release management" in inclusions
    parties = read_page(federated.site.site, "dependencies/").text
    assert "Federated Cloud Compute (operates, lead)" in parties
    assert "Federated Cloud Compute (co-operates)" in parties
    assert "Federated archive storage (co-provides)" in parties


@pytest.mark.export
@pytest.mark.slow
def test_a_process_of_several_clauses_addresses_each_in_the_matrix(federated: Outputs) -> None:
    matrix = read_page(federated.site.site, "traceability/").text
    for clause, title in (
        ("8.6.1", "Incident management"),
        ("8.6.2", "Service request management"),
    ):
        assert f"{clause} {title} — Incident and service request management Tomas Lind" in matrix
    assert "8.5.3 Release and deployment management — Change, transition and release" in matrix


@pytest.mark.export
@pytest.mark.slow
def test_the_integrated_standard_and_a_jointly_run_site_on_the_site(federated: Outputs) -> None:
    context = read_page(federated.site.site, "context/").text
    assert (
        f"Bologna resource centre Data centre IT Southern partner institute (Bologna) (lead), "
        f"{PARTNER} Yes" in context
    )
    assert (
        "Standard Certificate Certified by Shared with the SMS ISO 9001:2015 QMS-55120 "
        "Nordlicht Certification GmbH document control; internal audit; management review; "
        "corrective action" in context
    )
    home = read_page(federated.site.site, "").text
    assert (
        "ISO 9001:2015, the standard of a management system the SMS is integrated with "
        "(shared: document control; internal audit; management review; corrective action); "
        "certificate QMS-55120 issued by Nordlicht Certification GmbH." in home
    )
    assert "ISO/IEC 20000-1:2018 + Amd 1:2024, Information technology" in home


@pytest.mark.export
@pytest.mark.slow
def test_the_pdf_says_who_operates_what(federated: Outputs) -> None:
    text = federated.pdf
    assert f"Operated by {LEAD} (lead), {PARTNER}" in text
    assert "Operated by Helix" in text
    assert "Co-operates the service" in text
    assert "No suppliers" not in text
    assert "8.6.1, 8.6.2 Incident and service request management" in text
    assert "ISO 9001:2015, the standard of a management system the SMS is integrated with" in text
    assert "QMS-55120" in text and "Nordlicht Certification GmbH" in text


@pytest.mark.export
@pytest.mark.slow
def test_the_docx_says_who_operates_what(federated: Outputs) -> None:
    text = federated.docx
    assert f"Operated by {LEAD} (lead), {PARTNER}" in text
    assert f"{LEAD} Operates the service (lead); Provides Espoo cloud cluster" in text
    assert f"{PARTNER} Co-operates the service; Provides Brno cloud cluster" in text
    assert "No suppliers" not in text
    assert "8.6.1, 8.6.2 Incident and service request management" in text
    assert (
        "ISO 9001:2015 QMS-55120 Nordlicht Certification GmbH document control; internal "
        "audit; management review; corrective action" in text
    )
