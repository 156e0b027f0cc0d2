"""Records of who was told of which approved version (4.3, 7.4): each finding the check gives
on them, with the file:line:column and the fix a user reads, and what a record that is right
gives (nothing: acknowledgements are optional)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.projects import PROJECTS, Project, commit_all, git, make_project
from smsdocs.cli import cli

SHA = "3f" * 32
"""A well-formed SHA-256 (64 hexadecimal digits)."""

GOOD = f"""\
communications:
  - id: comm-1
    version: v1.0.0
    date: 2026-03-05
    to: [acme, manager]
    how: email with the PDF attached
    by: manager
    record: MAIL-2026-0305
    acknowledgements:
      - {{by: acme, date: 2026-03-06, pdf_sha256: {SHA}, record: MAIL-2026-0306}}
  - id: comm-2
    version: v1.0.0
    date: 2026-03-02
    to: boss
    how: management review
"""


def write(project: Project, text: str) -> list[str]:
    project.write("communications.yaml", text)
    return project.findings()


def test_a_sound_record_is_no_finding_and_needs_no_acknowledgement(minimal: Project) -> None:
    """A communication on the day of the approval, without acknowledgement, is enough: 7.4
    asks for communication, not for acknowledgement."""
    assert write(minimal, GOOD) == []
    scope = minimal.check().scope
    assert scope is not None
    assert [c.id for c in scope.communications] == ["comm-1", "comm-2"]
    assert scope.communications[1].to == ("boss",)  # one id is a list of one
    assert scope.communications[0].acknowledgements[0].pdf_sha256 == SHA


def test_an_upper_case_hash_as_powershell_prints_it_is_accepted(minimal: Project) -> None:
    assert write(minimal, GOOD.replace(SHA, SHA.upper())) == []


CASES: dict[str, tuple[str, str, list[str]]] = {
    "communication-unapproved": (
        "version: v1.0.0\n    date: 2026-03-05",
        "version: v1.0\n    date: 2026-03-05",
        [
            "scope/communications.yaml:3:14: error[communication-unapproved]: communication "
            "'comm-1' is of version 'v1.0', whose approval is not recorded; record "
            "management's approval of it under 'approvals:' first, or name the approved "
            "version (did you mean 'v1.0.0'?) (4.3)"
        ],
    ),
    "communication-before-approval": (
        "date: 2026-03-02\n    to: boss",
        "date: 2026-02-27\n    to: boss",
        [
            "scope/communications.yaml:13:11: error[communication-before-approval]: "
            "communication 'comm-2' is dated 2026-02-27, before version 'v1.0.0' was approved "
            "on 2026-03-02; a version cannot be communicated as approved before it is: correct "
            "the date or the version (a draft shared for comment before the approval belongs "
            "in the approval's record, not here)",
            "  scope/org.yaml:15:39: note: the approval is dated here",
        ],
    ),
    "date-future": (
        "date: 2026-03-02\n    to: boss",
        "date: 2026-12-01\n    to: boss",
        [
            "scope/communications.yaml:13:11: warning[date-future]: communication 'comm-2' is "
            "dated 2026-12-01, after today (2026-11-02); record it once it is done, or correct "
            "the date",
        ],
    ),
    "acknowledgement-not-recipient": (
        "{by: acme,",
        "{by: globex,",
        [
            "scope/communications.yaml:10:14: warning[acknowledgement-not-recipient]: the "
            "acknowledgement by 'globex' of communication 'comm-1' is not by one of its "
            "recipients (acme, manager); add 'globex' to the communication's 'to', or correct "
            "'by'",
            "  scope/communications.yaml:5:9: note: the recipients are listed here",
        ],
    ),
    "acknowledgement-before-communication": (
        "date: 2026-03-06,",
        "date: 2026-03-04,",
        [
            "scope/communications.yaml:10:26: error[acknowledgement-before-communication]: the "
            "acknowledgement by 'acme' of communication 'comm-1' is dated 2026-03-04, before "
            "the communication on 2026-03-05; correct either date",
            "  scope/communications.yaml:4:11: note: the communication is dated here",
        ],
    ),
    "acknowledgement-hash": (
        f"pdf_sha256: {SHA}",
        f"pdf_sha256: {SHA[:40]}",
        [
            "scope/communications.yaml:10:50: error[acknowledgement-hash]: the acknowledgement "
            "by 'acme' of communication 'comm-1' gives 'pdf_sha256' '" + SHA[:40] + "', which "
            "is not a SHA-256 (64 hexadecimal digits, here 40 characters); copy the hash of "
            "the PDF as 'sha256sum' or 'Get-FileHash' prints it, or leave the field out",
        ],
    ),
    "ref-unknown-to": (
        "to: [acme, manager]",
        "to: [acme, manger]",
        [
            "scope/communications.yaml:5:16: error[ref-unknown]: communication 'comm-1' names "
            "unknown stakeholder or party 'manger' in 'to' (did you mean 'manager'?)",
        ],
    ),
    "ref-kind-by": (
        "by: manager",
        "by: acme",
        [
            "scope/communications.yaml:7:9: error[ref-kind]: communication 'comm-1' names "
            "'acme' in 'by', but it is a party, not a stakeholder",
        ],
    ),
    "ref-unknown-acknowledgement": (
        "{by: acme,",
        "{by: acne,",
        [
            "scope/communications.yaml:10:14: error[ref-unknown]: communication 'comm-1' names "
            "unknown stakeholder or party 'acne' in 'by' (did you mean 'acme'?)",
        ],
    ),
    "field-missing": (
        "    how: management review\n",
        "",
        [
            "scope/communications.yaml:11:5: error[field-missing]: communication 'comm-2' has "
            "no 'how'; add 'how:' with text",
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_finding(minimal: Project, case: str) -> None:
    old, new, expected = CASES[case]
    assert old in GOOD
    assert write(minimal, GOOD.replace(old, new, 1)) == expected


def test_communications_are_ids_unique_across_the_scope(minimal: Project) -> None:
    """A record's id is an id like any other: it may not reuse a stakeholder's."""
    findings = write(minimal, GOOD.replace("id: comm-2", "id: boss"))
    assert findings[0].startswith(
        "scope/communications.yaml:11:9: error[id-duplicate]: id 'boss' is already used by "
        "stakeholder 'boss'"
    )


def test_the_records_render_newest_first_with_links_and_the_hash_in_full(
    minimal: Project,
) -> None:
    """What document control and the stakeholders chapter say of the records: to whom (linked
    to where each is listed), how, by whom, the acknowledgement with the start of its hash,
    and the hash in full below, said to be as recorded (nothing here knows which PDF it is
    the hash of)."""
    from helpers.hostile import render_everything

    write(minimal, GOOD)
    scope = minimal.check().scope
    assert scope is not None
    shown = render_everything(scope)["communications"]
    rows = [line for line in shown.splitlines() if line.startswith("| v1.0.0")]
    assert rows == [
        "| v1.0.0 | Mar\u00a05,\u00a02026 | [Acme Retail](dependencies.md#party-acme), "
        "[Sam Manager](stakeholders.md#stakeholder-manager) | email with the PDF attached | "
        "[Sam Manager](stakeholders.md#stakeholder-manager) | MAIL-2026-0305 | "
        "[Acme Retail](dependencies.md#party-acme) on Mar\u00a06,\u00a02026 (MAIL-2026-0306), PDF "
        f"SHA-256 `{SHA[:12]}…` |",
        "| v1.0.0 | Mar\u00a02,\u00a02026 | [Alex Boss](stakeholders.md#stakeholder-boss) | management "
        "review | — | — | — |",
    ]
    assert (
        f"- `{SHA}`: the PDF of v1.0.0 that Acme Retail acknowledged on Mar\u00a06,\u00a02026, as recorded."
        in shown
    )
    assert "matches" not in shown and "No communication" not in shown
    control = render_everything(scope)["document_control"]
    assert "### Communication of approved versions" in control and rows[0] in control


def test_without_records_the_manual_says_none_is_recorded(minimal: Project) -> None:
    from helpers.hostile import render_everything

    scope = minimal.check().scope
    assert scope is not None
    assert render_everything(scope)["communications"].strip() == (
        "*No communication of an approved version is recorded.*"
    )


def test_a_record_of_a_version_when_none_is_approved_says_so(minimal: Project) -> None:
    minimal.edit(
        "org.yaml", "  - {version: v1.0.0, by: boss, date: 2026-03-02, record: MR-1}\n", ""
    )
    assert write(minimal, GOOD.split("  - id: comm-2", maxsplit=1)[0])[0] == (
        "scope/communications.yaml:3:14: error[communication-unapproved]: communication "
        "'comm-1' is of version 'v1.0.0', whose approval is not recorded; record management's "
        "approval of it under 'approvals:' first (the scope records no approval yet) (4.3)"
    )


@pytest.mark.slow
def test_a_release_that_holds_its_own_communication_is_warned(tmp_path: Path) -> None:
    """A release is the scope as it was approved: the record of its own communication, dated
    after the approval, belongs in a later commit (release-dated-later)."""
    root = make_project(tmp_path / "repo", PROJECTS / "minimal" / "scope")
    (root / "scope" / "communications.yaml").write_text(
        GOOD.split("    acknowledgements:", maxsplit=1)[0], encoding="utf-8"
    )
    commit_all(root, "scope")
    git(root, "tag", "-a", "v1.0.0", "-m", "release")
    with contextlib.chdir(root):
        result = CliRunner().invoke(cli, ["check", "--today", "2026-11-02"])
    assert result.stdout.splitlines()[0] == (
        "scope/communications.yaml:4:11: warning[release-dated-later]: release v1.0.0, "
        "approved on 2026-03-02, records communication 'comm-1' on 2026-03-05, after its "
        "approval; a release holds only what was so when it was approved: record it in a "
        "later version, or correct the date (7.5.3)"
    )


@pytest.mark.slow
def test_the_examples_records_leave_its_earlier_releases_the_same_commits(
    tmp_path: Path,
) -> None:
    """The example's records are committed after v1.1.0's tag: made with or without them,
    v1.0.0 and v1.1.0 are the same commits (so their manuals are the same bytes), and only
    v1.2.0 holds scope/communications.yaml."""
    from smsdocs import history
    from smsdocs.cli.commands import EXAMPLE_RELEASES
    from smsdocs.validate import load_scope

    edits = history.release_edits(EXAMPLE_RELEASES.read_text(encoding="utf-8"))
    assert [e.file for es in edits.values() for e in es if e.recorded] == [
        "scope/communications.yaml"
    ]
    commits = []
    without = {v: tuple(e for e in es if not e.recorded) for v, es in edits.items()}
    for name, kept in (("with", edits), ("without", without)):
        root = make_project(tmp_path / name)
        if kept is without:
            (root / "scope" / "communications.yaml").unlink()
        history.init_repository(root)
        scope, _ = load_scope(root)
        history.record_releases(root, scope, kept)
        assert git(root, "status", "--porcelain") == ""
        commits.append([git(root, "rev-parse", f"{v}^{{commit}}") for v in ("v1.0.0", "v1.1.0")])
        held = [git(root, "ls-tree", "--name-only", v, "scope/") for v in ("v1.1.0", "v1.2.0")]
        assert "scope/communications.yaml" not in held[0]
        assert ("scope/communications.yaml" in held[1]) == (name == "with")
    assert commits[0] == commits[1]


def test_the_scope_diff_names_a_record_by_its_version_recipients_and_date(
    tmp_path: Path,
) -> None:
    """A reviewer reads the record a commit adds as what it says, not as its id."""
    root = make_project(tmp_path / "repo", PROJECTS / "minimal" / "scope")
    commit_all(root, "scope")
    (root / "scope" / "communications.yaml").write_text(GOOD, encoding="utf-8")
    with contextlib.chdir(root):
        result = CliRunner().invoke(cli, ["diff", "HEAD"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "scope changes from HEAD to working tree: 2 changes (2 added)",
        "communications:",
    ]
    assert (
        "  + Communication of v1.0.0 to Acme Retail and Sam Manager on 2026-03-05 [comm-1] (added)"
    ) in result.stdout.splitlines()
