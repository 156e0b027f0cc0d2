"""The implementation plan, clause coverage and the register: rules with exact findings."""

from __future__ import annotations

import pytest

from helpers.contract import PLAN
from helpers.fragments import on_page
from helpers.matrix import matrix_rows, traceability_context
from helpers.projects import Project


@pytest.fixture
def planned(minimal: Project) -> Project:
    minimal.write("plan.yaml", PLAN)
    return minimal


def test_the_plan_passes(planned: Project) -> None:
    checked = planned.check()
    assert planned.findings() == []
    assert checked.scope is not None and checked.scope.implementation is not None
    assert [p.id for p in checked.scope.implementation.phases] == ["ph1", "ph2"]


CASES = {
    "end-before-start": (
        ("end: 2025-08-31", "end: 2025-01-31"),
        [
            "scope/plan.yaml:11:12: error[date-order]: phase 'ph1' ends on 2025-01-31, before it starts on 2025-02-01"
        ],
    ),
    "phases-out-of-order": (
        ("start: 2025-09-01", "start: 2025-01-15"),
        [
            "scope/plan.yaml:16:14: error[date-order]: phase 'ph2' starts on 2025-01-15, before phase 'ph1' (2025-02-01); list the phases in the order they happen"
        ],
    ),
    "target-below-baseline": (
        ("baseline: 2, target: 4", "baseline: 3, target: 1"),
        [
            "scope/plan.yaml:6:46: error[value-range]: process 'p8-6-1' has a target maturity of 1, below its baseline of 3; the target is at least the baseline"
        ],
    ),
    "process-in-no-phase": (
        (", p8-7-3]", "]"),
        [
            "scope/plan.yaml:1:1: warning[plan-incomplete]: with the process-subsets approach every process belongs to a phase; process 'p8-7-3' is in none (good practice from ISO/IEC TS 20000-5, not a requirement of ISO/IEC 20000-1)"
        ],
    ),
    "milestone-outside-the-plan": (
        ("date: 2026-06-10", "date: 2026-09-10"),
        [
            "scope/plan.yaml:24:54: warning[milestone-outside]: milestone 'm-s2' on 2026-09-10 is outside the plan, which runs from 2025-02-01 to 2026-06-30; move it or extend a phase (good practice: a plan holds its milestones)"
        ],
    ),
    "stage-2-before-stage-1": (
        ("date: 2026-06-10", "date: 2026-04-01"),
        [
            "scope/plan.yaml:24:54: warning[milestone-order]: milestone 'm-s2' (stage-2) on 2026-04-01 has no stage-1 milestone before it; the stage 1 audit comes before stage 2 (certification practice: ISO/IEC 20000-1 asks for audits and reviews at planned intervals, 9.2 and 9.3)"
        ],
    ),
    "stage-1-before-internal-audit": (
        ("kind: internal-audit, date: 2026-03-01", "kind: internal-audit, date: 2026-05-01"),
        [
            "scope/plan.yaml:23:54: warning[milestone-order]: milestone 'm-s1' (stage-1) on 2026-04-20 has no internal-audit milestone before it; an internal audit (9.2) comes before the stage 1 audit (certification practice: ISO/IEC 20000-1 asks for audits and reviews at planned intervals, 9.2 and 9.3)"
        ],
    ),
    "duplicate-plan-id": (
        ("id: m-mr", "id: m-ia"),
        [
            "scope/plan.yaml:22:12: error[id-duplicate]: the implementation plan uses id 'm-ia' twice; rename one",
            "  scope/plan.yaml:21:12: note: first used here",
        ],
    ),
    "three-levels-needs-levels": (
        ("approach: process-subsets", "approach: three-levels"),
        [
            "scope/plan.yaml:8:7: error[field-missing]: phase 'ph1' has no 'level'; with the three-levels approach each phase takes the whole SMS to level 1, 2 or 3",
            "scope/plan.yaml:14:7: error[field-missing]: phase 'ph2' has no 'level'; with the three-levels approach each phase takes the whole SMS to level 1, 2 or 3",
        ],
    ),
    "unknown-process": (
        ("process: p8-6-1", "process: p8-6-9"),
        [
            "scope/plan.yaml:6:17: error[ref-unknown]: the 'implementation' section names unknown process 'p8-6-9' in 'process' (did you mean 'p8-6-3'?)"
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_plan_rule(planned: Project, case: str) -> None:
    (old, new), expected = CASES[case]
    planned.edit("plan.yaml", old, new)
    assert planned.findings() == expected


def register_without_clauses(minimal: Project, leave_out: str = "") -> None:
    """A register that holds every item of 7.5.4's list (but ``leave_out``) and declares no
    clause: only the pages address clauses."""
    from smsdocs import standards

    minimal.path("documents.yaml").unlink()
    minimal.write(
        "register.yaml",
        "documents:\n"
        + "".join(
            f"  - {{id: doc-{item}, title: {item}, item: {item}, owner: manager}}\n"
            for item, _ in standards.DOCUMENTED_INFORMATION
            if item != leave_out
        ),
    )


def test_page_clauses_are_checked_and_coverage_reported(minimal: Project) -> None:
    register_without_clauses(minimal)
    docs = minimal.root / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        '---\nclauses: ["4", "5", "6", "7", "9", "10", "11.2"]\n---\n# Home\n'
    )
    (docs / "ops.md").write_text('---\nclauses: ["8.1", "8.2.1", "8.2.3"]\n---\n# Ops\n')
    assert minimal.findings() == [
        "docs/: warning[clause-uncovered]: clause 8 (Operation of the service management "
        "system): 8.3.1 General is addressed by no page, process or document; declare each in "
        "the front matter of the page that covers it (clauses: [...]) or in the 'clauses' of a "
        "document in the register",
        "docs/index.md:2:42: error[value-invalid]: '11.2' is not a clause of ISO/IEC "
        '20000-1:2018; use a number from clauses 4 to 10 such as "8.2.4"',
    ]


def test_documents_cover_clauses_too(minimal: Project) -> None:
    register_without_clauses(minimal)
    docs = minimal.root / "docs"
    docs.mkdir()
    (docs / "index.md").write_text('---\nclauses: ["4", "5", "6", "7", "9", "10", "8.1"]\n---\n')
    minimal.write(
        "docs.yaml",
        "documents:\n"
        "  - {id: doc-ops, title: Operations manual, item: procedures, owner: manager,\n"
        '     clauses: ["8.2.1", "8.2.3", "8.3.1"]}\n',
    )
    assert minimal.findings() == []


def test_a_missing_register_item_keeps_its_clauses_open(minimal: Project) -> None:
    """One rule for the check, the register and the matrix: with no document for the SMS
    processes (a 7.5.4 item), 7.5.4 and 4.4, which ask for it, are not addressed, although
    a page declares them."""
    register_without_clauses(minimal, leave_out="processes")
    docs = minimal.root / "docs"
    docs.mkdir()
    (docs / "index.md").write_text('---\nclauses: ["4", "5", "6", "7", "8", "9", "10"]\n---\n')
    assert minimal.findings() == [
        "scope/register.yaml:1:1: warning[clause-uncovered]: the register of documented "
        "information has no document for 'The SMS processes' (7.5.4), so 4.4, 7.5.4 are not "
        "addressed; add a document with 'item: processes' under 'documents:'"
    ]
    from smsdocs import standards
    from smsdocs.render.chapters import traceability

    ctx = traceability_context(minimal)
    rows = matrix_rows(ctx)
    assert rows["4.4"] == "**Not addressed**: no document in the register for The SMS processes"
    assert rows["7.5.4"] == "**Not addressed**: no document in the register for The SMS processes"
    assert rows["4"] == "**Not addressed**: 4.4 open"
    assert rows["7.5"] == "**Not addressed**: 7.5.4 open"
    assert rows["4.3"] == "Addressed"
    assert rows["5.2"] == "Addressed by its subclauses"
    register = on_page(traceability.document_register, ctx).splitlines()[0]
    assert register == (
        "**1 of 11 items have no document:** The SMS processes. Until each has one, the clause "
        "traceability shows 4.4, 7.5.4 as not addressed."
    )
    assert standards.coverage({"4"}, set()).open_below("4") == ["4.3", "4.4"]


def test_one_owner_for_several_challenges_is_not_a_repeat(planned: Project) -> None:
    planned.edit(
        "plan.yaml",
        "  milestones:",
        "  challenges:\n"
        "    - {challenge: Staff time is short., mitigation: Backfill., owner: manager}\n"
        "    - {challenge: Tools are old., mitigation: Replace them., owner: manager}\n"
        "  milestones:",
    )
    assert planned.findings() == []


def test_the_check_keeps_the_clauses_each_page_declares(minimal: Project) -> None:
    """The clause matrix is built from what the check read, not from a second reading."""
    from smsdocs.validate import check

    docs = minimal.root / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "index.md").write_text('---\nclauses: ["4", " 5 "]\n---\n# Home\n')
    (docs / "guide" / "ops.md").write_text("---\nclauses: [8.1]\n---\n# Ops\n")
    (docs / "plain.md").write_text("# No front matter\n")
    assert check(minimal.root).page_clauses == {"index.md": ["4", "5"], "guide/ops.md": ["8.1"]}
