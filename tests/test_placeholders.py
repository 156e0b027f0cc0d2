"""Placeholders: a "<fill in: ...>" value is an error at its file:line:column that says what to
write there, and it is the only finding about that value."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.projects import TODAY, Project
from smsdocs.cli import cli

FIX = "replace the whole '<fill in: ...>' text with"


def test_a_placeholder_says_where_it_is_and_what_to_write(minimal: Project) -> None:
    minimal.edit("org.yaml", "name: Example Services Ltd", 'name: "<fill in: the legal name>"')
    assert minimal.findings() == [
        "scope/org.yaml:2:9: error[placeholder]: 'name' in 'organization' is still a "
        f"placeholder; {FIX} the legal name"
    ]
    assert minimal.check().scope is None  # a manual is not built with one


def test_a_placeholder_is_the_only_finding_on_its_value(minimal: Project) -> None:
    """Not an allowed value, not a number, not a date: the placeholder explains all three."""
    minimal.edit("services.yaml", "    status: retiring", '    status: "<fill in: live>"')
    minimal.edit(
        "exclusions.yaml",
        "likelihood: 2",
        "likelihood: '<fill in: a whole number from 1 to 5>'",
    )
    minimal.edit(
        "exclusions.yaml",
        "    date: 2026-02-01\n  - id: exc-paris",
        "    date: '<fill in: the date of approval>'\n  - id: exc-paris",
    )
    assert minimal.findings() == [
        "scope/exclusions.yaml:7:11: error[placeholder]: 'date' of 'exc-print' in "
        f"'exclusions' is still a placeholder; {FIX} the date of approval",
        "scope/exclusions.yaml:24:58: error[placeholder]: 'likelihood' of 'risk-dc' in "
        f"'risks' is still a placeholder; {FIX} a whole number from 1 to 5",
        "scope/services.yaml:24:13: error[placeholder]: 'status' of 'print' in 'services' "
        f"is still a placeholder; {FIX} live",
    ]


def test_text_written_around_a_placeholder_still_leaves_it(minimal: Project) -> None:
    minimal.edit(
        "services.yaml",
        "summary: Virtual servers run for customers.",
        "summary: >-\n      Virtual servers <fill in: for\n      whom> run by us.",
    )
    minimal.edit("people.yaml", "role: top management", "role: '<fill in:\ta role>'")
    assert minimal.findings() == [
        "scope/people.yaml:2:39: error[placeholder]: 'role' of 'boss' in 'stakeholders' is "
        f"still a placeholder; {FIX} a role",
        "scope/services.yaml:4:14: error[placeholder]: 'summary' of 'hosting' in 'services' "
        f"is still a placeholder; {FIX} for whom",
    ]


def test_angle_brackets_that_are_no_placeholder_are_text(minimal: Project) -> None:
    minimal.edit(
        "services.yaml",
        "summary: Virtual servers run for customers.",
        "summary: 'Virtual servers <fill> in <in: two sizes> for customers.'",
    )
    assert minimal.findings() == []


def test_a_new_project_lists_every_placeholder_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The blank scope of 'smsdocs init' has a valid shape and references that resolve: the
    check reports each placeholder, where the file has it, and nothing else but the missing
    approval, which a new project cannot have yet."""
    project = tmp_path / "manual"
    assert CliRunner().invoke(cli, ["init", str(project)]).exit_code == 0
    monkeypatch.chdir(project)
    checked = CliRunner().invoke(cli, ["check", "--today", TODAY.isoformat()])
    assert checked.exit_code == 1
    *lines, summary = checked.stdout.splitlines()
    where: set[tuple[str, int, int]] = set()
    for path in sorted((project / "scope").rglob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = line.find('"<fill in:')
            if found >= 0 and not line.lstrip().startswith("#"):
                where.add((path.relative_to(project).as_posix(), number, found + 1))
    reported = {
        (m[1], int(m[2]), int(m[3]))
        for line in lines
        if (m := re.match(r"(\S+):(\d+):(\d+): error\[placeholder\]", line))
    }
    assert reported == where
    assert len(where) == 54
    others = [line for line in lines if "error[placeholder]" not in line]
    assert [line.split(": ", 1)[1] for line in others] == [
        "warning[approval-missing]: the scope has no approvals; record management's approval "
        "of a version under 'approvals:' (4.3 asks for the scope to be approved)"
    ]
    assert summary == "54 errors, 1 warning in 13 files"
    for line in lines:
        assert f"still a placeholder; {FIX} " in line or "approval-missing" in line, line
