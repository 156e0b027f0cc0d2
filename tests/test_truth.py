"""Every generated sentence is true of the data behind it: approvals, the implementation plan,
what "addressed" means in the clause matrix, the internal and external issues (4.1), and rules
no stricter than the standard in any language."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.export import Exported, docx_text, export, exported_files, pdf_text
from helpers.fragments import on_page
from helpers.matrix import matrix_rows, traceability_context
from helpers.projects import REPO, TODAY, Project, commit_all, make_project
from helpers.site import Build, read_page
from smsdocs import render, schema
from smsdocs.model import Release
from smsdocs.render import material
from smsdocs.render.chapters import statement, traceability

# -- the scope statement refers to the catalogue in the organisation's own words ---------------

DUTCH = (
    "Het SMS van Example omvat de diensten in de dienstencatalogus, geleverd door de afdeling "
    "operations vanuit het kantoor in Leeds."
)


def _statement(project: Project, text: str, terms: str = "") -> None:
    project.edit(
        "org.yaml",
        "    The SMS covers the services in the service catalogue, delivered by the operations "
        "unit from the Leeds office.",
        f"    {text}",
    )
    if terms:
        project.edit("org.yaml", "  climate:", f"  catalogue_terms: {terms}\n  climate:")


def test_a_dutch_statement_naming_the_catalogue_passes_with_no_term_configured(
    minimal: Project,
) -> None:
    _statement(minimal, DUTCH)
    assert minimal.findings() == []


def test_a_statement_that_calls_it_the_service_portfolio_passes_once_configured(
    minimal: Project,
) -> None:
    _statement(minimal, "The SMS covers every service in the Service Portfolio.")
    assert any("statement-incomplete" in f for f in minimal.findings())
    minimal.edit("org.yaml", "  climate:", "  catalogue_terms: [service portfolio]\n  climate:")
    assert minimal.findings() == []


@pytest.mark.parametrize(
    "link",
    ["catalogue/index.md", "catalogue/", "../catalogue/index.md#services", "catalogue.md"],
)
def test_a_statement_that_links_to_the_catalogue_passes_in_any_language(
    minimal: Project, link: str
) -> None:
    _statement(
        minimal,
        f"Het SMS omvat de diensten in de [catalogus]({link}), geleverd vanuit Leeds.",
    )
    assert minimal.findings() == []


def test_a_link_elsewhere_is_no_reference_to_the_catalogue(minimal: Project) -> None:
    _statement(minimal, "Het SMS omvat de diensten op [het intranet](https://intranet.example/).")
    (finding,) = minimal.findings()
    assert finding.startswith("scope/org.yaml:6:14: warning[statement-incomplete]:")


# -- "addressed" means addressed --------------------------------------------------------------


def _with_docs(project: Project) -> None:
    """The minimal project with one chapter that declares every clause of 4 to 10."""
    docs = project.root / "docs"
    docs.mkdir()
    (docs / "index.md").write_text('---\nclauses: ["4", "5", "6", "7", "8", "9", "10"]\n---\n')


def _matrix(project: Project) -> dict[str, str]:
    return matrix_rows(traceability_context(project))


def test_every_clause_declared_with_its_content_is_addressed(minimal: Project) -> None:
    _with_docs(minimal)
    assert minimal.findings() == []
    rows = _matrix(minimal)
    assert rows["headline"] == (
        "77 clauses and subclauses: 77 declared by a chapter, process, document or record, and all 77 "
        "addressed with the documents and records they rest on."
    )
    assert rows["6.1"] == "Addressed"


def test_an_empty_risk_register_leaves_6_1_open(minimal: Project) -> None:
    _with_docs(minimal)
    minimal.edit(
        "exclusions.yaml",
        "risks:\n  - {id: risk-dc, title: Single data centre, likelihood: 2, impact: 4, "
        "treatment: Second site planned., owner: manager}\n",
        "",
    )
    minimal.edit("delivery.yaml", ", risks: [risk-dc]}", "}")
    assert minimal.findings() == [
        "scope/org.yaml:4:1: warning[clause-uncovered]: clause 6.1 (Actions to address risks "
        "and opportunities) is not addressed: the scope data holds no risks in its risk register; "
        "record the risks to the services in scope under 'risks:'"
    ]
    rows = _matrix(minimal)
    assert rows["6.1"] == ("**Not addressed**: the scope data holds no risks in its risk register")
    assert rows["6"] == "**Not addressed**: 6.1 open"
    assert rows["headline"] == (
        "77 clauses and subclauses: 77 declared by a chapter, process, document or record; 75 addressed "
        "with the documents and records they rest on; **1 not addressed** (see the status of "
        "each below)."
    )


def test_no_sms_objectives_leave_6_2_open(minimal: Project) -> None:
    _with_docs(minimal)
    minimal.edit("exclusions.yaml", "    kind: sms\n", "    kind: business\n")
    minimal.edit("exclusions.yaml", "    supports: [bo-grow]\n", "")
    findings = minimal.findings()
    assert [f.split(": warning")[0] for f in findings] == ["scope/exclusions.yaml:14:1"] * 2
    assert "clause 6.2.1 (Establish objectives) is not addressed" in findings[0]
    assert "clause 6.2.2 (Plan to achieve objectives) is not addressed" in findings[1]
    rows = _matrix(minimal)
    assert rows["6.2"] == "**Not addressed**: 6.2.1, 6.2.2 open"
    assert rows["6.2.1"].startswith("**Not addressed**: the scope data holds no service management")


def test_no_issues_leave_4_1_open_whatever_declares_it(minimal: Project) -> None:
    _with_docs(minimal)
    text = minimal.read("delivery.yaml")
    minimal.write("delivery.yaml", text[: text.index("issues:")])
    assert minimal.findings() == [
        "scope/org.yaml:4:1: warning[clause-uncovered]: clause 4.1 (Understanding the "
        "organization and its context) is not addressed: the scope data holds no internal or "
        "external issues; list the internal and external issues relevant to the SMS "
        "under 'issues:' (id, kind, title)"
    ]
    rows = _matrix(minimal)
    assert rows["4.1"].startswith("**Not addressed**: the scope data holds no internal")


def test_the_example_counts_what_addresses_each_clause(scope: object) -> None:
    from smsdocs.validate import check

    checked = check(REPO, today=TODAY)
    assert checked.scope is not None
    rows = {r.clause: r for r in traceability.trace(checked.scope, checked.page_clauses)}
    assert rows["6.1"].other == ("Risk register (9 risks)",)
    assert rows["4.1"].other[0] == "6 internal or external issues"
    assert rows["6.2.1"].other == ("8 service management objectives",)
    ctx = render.Context(
        checked.scope, render.Links(page="traceability.md"), TODAY, Release("v1", "Draft")
    )
    headline = material.inlines(traceability.headline(ctx, list(rows.values())), "traceability.md")
    assert headline.startswith(
        "77 clauses and subclauses: 77 declared by a chapter, process, document or record, and all 77 "
        "addressed with the documents and records they rest on"
    )


def test_a_plan_addresses_9_2_only_with_an_internal_audit(tmp_path: Path) -> None:
    project = Project(make_project(tmp_path / "p"))
    assert [f for f in project.findings() if "clause-uncovered" in f] == []
    plan = project.read("implementation.yaml")
    project.write("implementation.yaml", plan.replace("kind: internal-audit", "kind: other"))
    assert [f for f in project.findings() if "clause-uncovered" in f] == [
        "docs/: warning[clause-uncovered]: clause 9 (Performance evaluation): 9.2 Internal audit "
        "is addressed by no page, process or document; declare each in the front matter of the "
        "page that covers it (clauses: [...]) or in the 'clauses' of a document in the register"
    ]
    checked = project.check()
    assert checked.scope is not None
    rows = {r.clause: r for r in traceability.trace(checked.scope, checked.page_clauses)}
    assert rows["9.2"].other == ()
    assert not rows["9.2"].addressed
    assert rows["9.3"].other == ("4 management reviews in the implementation plan",)


def test_no_internal_suppliers_no_internal_agreements_asked(minimal: Project) -> None:
    _with_docs(minimal)
    minimal.edit(
        "documents.yaml",
        "  - {id: doc-agreements, title: Internal agreements, item: internal-agreements, "
        "owner: manager}\n",
        "",
    )
    assert minimal.findings() == []
    checked = minimal.check()
    assert checked.scope is not None
    ctx = render.Context(
        checked.scope, render.Links(page="documents.md"), TODAY, Release("v1", "Draft")
    )
    register = on_page(traceability.document_register, ctx)
    assert register.startswith("Every item the standard asks this SMS to hold has a document.")
    assert (
        "| Agreements with internal suppliers and customers acting as a supplier | Not needed: "
        "the scope has no internal suppliers or customers acting as a supplier |" in register
    )
    # With an internal supplier, the agreement is asked for.
    minimal.edit(
        "delivery.yaml",
        "  - {id: globex, name: Globex, type: customer}\n",
        "  - {id: globex, name: Globex, type: customer}\n"
        "  - {id: group-it, name: Group IT, type: internal-supplier, agreement: OLA-1}\n",
    )
    (finding,) = minimal.findings()
    assert "has no document for 'Agreements with internal suppliers" in finding
    assert "so 7.5.4, 8.3.4.2 are not addressed" in finding


def test_no_external_suppliers_no_contracts_asked(minimal: Project) -> None:
    _with_docs(minimal)
    minimal.edit(
        "documents.yaml",
        "  - {id: doc-contracts, title: Supplier contracts, item: supplier-contracts, "
        "owner: manager}\n",
        "",
    )
    (finding,) = minimal.findings()
    assert "'Contracts with external suppliers' (7.5.4), so 7.5.4, 8.3.4.1" in finding
    minimal.edit(
        "delivery.yaml",
        "type: external-supplier, agreement: CT-1",
        "type: customer-as-supplier, agreement: CT-1",
    )
    minimal.edit(
        "documents.yaml",
        "  - {id: doc-records,",
        "  - {id: doc-ola, title: Agreements, item: internal-agreements, owner: manager}\n"
        "  - {id: doc-records,",
    )
    assert minimal.findings() == []


# -- internal and external issues (4.1) -------------------------------------------------------


def test_an_issue_names_risks_and_objectives_of_the_right_kind(minimal: Project) -> None:
    minimal.edit("delivery.yaml", "risks: [risk-dc]}", "risks: [obj-avail]}")
    minimal.edit("delivery.yaml", "objectives: [obj-avail]}", "objectives: [risk-dc, obj-x]}")
    findings = minimal.findings()
    assert any(
        re.match(r"scope/delivery\.yaml:\d+:\d+: error\[ref-kind\]: .*'obj-avail'.*risk", f)
        for f in findings
    ), findings
    assert any("error[ref-unknown]" in f and "'obj-x'" in f for f in findings), findings
    minimal.edit("delivery.yaml", "kind: external, title", "kind: outside, title")
    assert any("error[value-invalid]" in f and "'outside'" in f for f in minimal.findings())


def test_the_schema_describes_issues_stage_and_catalogue_terms() -> None:
    document = schema.json_schema() if hasattr(schema, "json_schema") else None
    committed = json.loads((REPO / "scope" / "scope.schema.json").read_text(encoding="utf-8"))
    text = json.dumps(committed)
    for needle in ('"issues"', '"catalogue_terms"', '"stage"', '"certified"', '"external"'):
        assert needle in text
    if document is not None:
        assert document == committed


def test_the_context_chapter_shows_the_issues(scope: object) -> None:
    from smsdocs.validate import check

    checked = check(REPO, today=TODAY)
    assert checked.scope is not None
    ctx = render.Context(
        checked.scope, render.Links(page="context.md"), TODAY, Release("v1", "Draft")
    )
    shown = on_page(statement.internal_external_issues, ctx)
    assert shown.index("### Internal issues") < shown.index("### External issues")
    assert "Specialist knowledge held by a few engineers" in shown
    assert "[Loss of specialist engineers](risks.md#risk-risk-key-staff)" in shown


# -- the approval of the statement -------------------------------------------------------------


def test_the_statement_is_approved_only_where_an_approval_says_so(minimal: Project) -> None:
    checked = minimal.check()
    assert checked.scope is not None
    approved = render.Context(
        checked.scope,
        render.Links(page="context.md"),
        TODAY,
        Release("v1.0.0", "Approved"),
    )
    assert on_page(statement.statement_approval, approved) == (
        "Management approved this statement with version v1.0.0 of the scope: "
        "[Alex Boss](stakeholders.md#stakeholder-boss), on Mar\u00a02,\u00a02026 (record MR-1).\n"
    )
    draft = render.Context(
        checked.scope, render.Links(page="context.md"), TODAY, Release("v1.0.0-2-gabc", "Draft")
    )
    assert "is a draft, and its statement awaits management's approval" in (
        on_page(statement.statement_approval, draft)
    )
    minimal.edit(
        "org.yaml",
        "approvals:\n  - {version: v1.0.0, by: boss, date: 2026-03-02, record: MR-1}\n",
        "",
    )
    bare = minimal.check().scope
    assert bare is not None
    none = render.Context(bare, render.Links(page="context.md"), TODAY, Release("v1", "Draft"))
    assert on_page(statement.statement_approval, none) == (
        "*No approval of the scope is recorded yet: the statement below awaits management's "
        "approval.*\n"
    )


# -- the stage, and a chapter left out where its data is missing -------------------------------


def test_a_page_requires_a_section_that_exists(minimal: Project) -> None:
    _with_docs(minimal)
    (minimal.root / "docs" / "plan.md").write_text(
        '---\nclauses: ["9.3"]\nrequires: [implemntation]\n---\n'
    )
    assert minimal.findings() == [
        "docs/plan.md:3:12: error[value-invalid]: 'implemntation' is not a section of the scope "
        "data (did you mean 'implementation'?); 'requires' names the sections a page rests on, "
        "such as implementation"
    ]


def test_a_page_whose_section_is_missing_is_left_out_and_counts_for_nothing(
    minimal: Project,
) -> None:
    docs = minimal.root / "docs"
    docs.mkdir()
    (docs / "plan.md").write_text('---\nclauses: ["9.3"]\nrequires: [implementation]\n---\n')
    checked = minimal.check()
    assert checked.left_out == ("plan.md",)
    assert "plan.md" not in checked.page_clauses
    assert any("9.3 Management review" in f for f in minimal.findings())


def _certified_without_plan_or_approvals(dest: Path) -> Path:
    """The example as a certified organisation keeps it: no implementation plan, no approvals
    (so no communication of an approved version) recorded yet, its scope statement in its own
    words."""
    project = make_project(dest)
    (project / "scope" / "implementation.yaml").unlink()
    (project / "scope" / "communications.yaml").unlink()  # of approved versions: none here
    org = project / "scope" / "organization.yaml"
    text = org.read_text(encoding="utf-8")
    start = text.index("approvals:")
    text = text[:start]
    text = text.replace(
        "  standard: ISO/IEC 20000-1:2018 + Amd 1:2024\n",
        "  standard: ISO/IEC 20000-1:2018 + Amd 1:2024\n  stage: certified\n",
    )
    org.write_text(text, encoding="utf-8")
    commit_all(project)
    return project


def _build(project: Path) -> Build:
    site = project / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
        timeout=300,
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, site)


FALSE_CLAIMS = (
    "scope, approved by management",
    "no implementation plan yet",
    "was assessed",
    "Implementing the SMS",
    "every one addressed",
)


@pytest.mark.slow
def test_a_certified_site_without_plan_or_approvals_claims_neither(tmp_path: Path) -> None:
    project = _certified_without_plan_or_approvals(tmp_path / "p")
    build = _build(project)
    assert build.returncode == 0, build.output
    assert not (build.site / "implementation").exists()
    context = read_page(build.site, "context/")
    assert "awaits management's approval" in context.text
    assert "Specialist knowledge held by a few engineers" in context.text
    every = " ".join(
        read_page(build.site, url).text
        for url in ("", "context/", "traceability/", "stakeholders/", "dashboard/")
    )
    for claim in FALSE_CLAIMS:
        assert claim not in every, claim
    home = (build.site / "index.html").read_text(encoding="utf-8")
    assert "implementation/" not in home
    matrix = read_page(build.site, "traceability/").text
    # 9.2 and 10.2 rested on the implementation chapter alone in the example.
    for row in ("9.2 Internal audit", "10.2 Continual improvement"):
        assert f"{row} — — — — Not addressed: no chapter, process or document declares it" in matrix
    assert "**2 not addressed**" not in matrix and "2 not addressed" in matrix


@pytest.mark.export
def test_a_certified_export_without_plan_or_approvals_claims_neither(tmp_path: Path) -> None:
    project = _certified_without_plan_or_approvals(tmp_path / "p")
    code, output = export(project)
    assert code == 0, output
    pdf, docx = exported_files(project)
    for text in (" ".join(pdf_text(pdf).split()), docx_text(docx)):
        for claim in FALSE_CLAIMS:
            assert claim not in text, claim
        assert "awaits management's approval" in text
        assert "Internal and external issues" in text
        assert "A small" not in text  # the minimal's issue, not the example's
        assert "Specialist knowledge held by a few engineers" in text


@pytest.mark.export
def test_the_example_pdf_shows_its_issues_and_honest_counts(example_draft_text: str) -> None:
    text = example_draft_text
    assert "Internal and external issues" in text
    assert "Few colocation providers near Reading with capacity to spare" in text
    assert (
        "77 clauses and subclauses: 77 declared by a chapter, process, document or record" in text
    )
    assert "scope, approved by management" not in text
    assert "is a draft, and its statement awaits management's approval" in text


@pytest.mark.export
def test_the_example_docx_shows_its_issues(example_draft: Exported) -> None:
    text = docx_text(example_draft.docx)
    assert "Ransomware aimed at managed service providers and their customers" in text
    assert "Risk register (9 risks)" in text


@pytest.mark.slow
def test_a_certified_chapter_speaks_of_maintaining_the_sms(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    org = project / "scope" / "organization.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace(
            "  standard: ISO/IEC 20000-1:2018 + Amd 1:2024\n",
            "  standard: ISO/IEC 20000-1:2018 + Amd 1:2024\n  stage: certified\n",
        ),
        encoding="utf-8",
    )
    build = _build(project)
    assert build.returncode == 0, build.output
    page = read_page(build.site, "implementation/").text
    assert "The SMS of Northwind is certified to ISO/IEC 20000-1." in page
    assert "records how it is maintained and improved" in page
    assert "is putting its SMS in place" not in page


@pytest.mark.export
def test_the_approved_release_names_who_approved_its_statement(example_released: Exported) -> None:
    text = docx_text(example_released.docx)
    assert (
        "Management approved this statement with version v1.2.0 of the scope: Helen Marsh, on "
        "23 Oct 2026 (record MR-2026-03)." in text
    )
    assert "awaits management's approval" not in text
