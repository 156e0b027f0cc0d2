"""The YAML an import writes: untouched files and lines byte-identical, comments kept, one
edited cell one changed line, and the round trips from 'smsdocs sheet' and from the audit
pack's register workbook that 'smsdocs diff' shows as exactly the change made."""

from __future__ import annotations

import contextlib
import datetime as dt
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from helpers.export import Exported
from helpers.projects import REPO, TODAY, Project, commit_all
from smsdocs.cli import cli
from smsdocs.sheets.merge import dump, splice, yaml_of
from smsdocs.validate import check


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "scope").rglob("*.yaml"))
    }


def changed_lines(before: dict[str, bytes], after: dict[str, bytes]) -> list[tuple[str, str, str]]:
    """(file, old line, new line) for every line that differs, in files of equal length."""
    found = []
    for name in sorted(set(before) | set(after)):
        old = before.get(name, b"").decode().splitlines()
        new = after.get(name, b"").decode().splitlines()
        assert len(old) == len(new), name
        found += [(name, a, b) for a, b in zip(old, new, strict=True) if a != b]
    return found


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "scope").rglob("*.yaml")),
    ids=lambda p: p.relative_to(REPO / "scope").as_posix(),
)
def test_every_example_file_is_written_back_byte_for_byte(path: Path) -> None:
    text = path.read_text()
    yaml, data, baseline = yaml_of(text)
    assert splice(text, baseline, dump(yaml, data)) == text
    if path.name != "stakeholders.yaml":
        # ruamel.yaml alone keeps these; stakeholders.yaml has a text over two lines without
        # '>', which it would join, so the lines an import changes are carried over instead.
        assert baseline == text


def test_one_edited_cell_changes_one_line_and_keeps_the_comments(
    example: Project, tmp_path: Path
) -> None:
    example.edit(
        "services/infrastructure.yaml",
        "    hours: 24x7\n    sla: SLA-HOST-01\n",
        "    hours: 24x7  # agreed in the 2025 contract round\n    sla: SLA-HOST-01\n",
    )
    example.edit(
        "services/infrastructure.yaml",
        "  - id: public-cloud-ops\n",
        "  # Public cloud: run in the customers' own accounts.\n  - id: public-cloud-ops\n",
    )
    book = tmp_path / "catalogue.xlsx"
    assert run("sheet", "services", str(book), "-C", str(example.root)).exit_code == 0
    before = snapshot(example.root)
    # The sheet written just now brings nothing new: nothing changes, and it says so.
    result = run("import", str(book), str(example.root))
    assert result.exit_code == 0, result.output
    assert "services: 15 rows read; 0 added, 0 updated (0 values), 15 unchanged" in result.output
    assert "nothing to change: the scope already says what the sheet says" in result.output
    assert snapshot(example.root) == before
    workbook = openpyxl.load_workbook(book)
    sheet = workbook.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "managed-hosting")
    row[header.index("Hours")].value = "24x7x365"
    workbook.save(book)
    result = run("import", str(book), str(example.root))
    assert result.exit_code == 0, result.output
    assert "1 updated (1 value)" in result.output
    assert "managed-hosting.hours: 24x7 -> 24x7x365" in result.output
    assert changed_lines(before, snapshot(example.root)) == [
        (
            "scope/services/infrastructure.yaml",
            "    hours: 24x7  # agreed in the 2025 contract round",
            # The comment stays, at its column where the longer value leaves room.
            "    hours: 24x7x365 # agreed in the 2025 contract round",
        ),
    ]
    assert (
        "  # Public cloud: run in the customers' own accounts.\n  - id: public-cloud-ops\n"
        in example.read("services/infrastructure.yaml")
    )


def test_a_line_the_writer_cannot_keep_is_carried_over_or_refused(
    example: Project, tmp_path: Path
) -> None:
    example.edit(
        "risks.yaml",
        "    title: Both data centres run by one colocation supplier\n",
        "    title: Both data centres run by\n      one colocation supplier\n",
    )
    before = snapshot(example.root)
    sheet = tmp_path / "risks.csv"
    sheet.write_text("Id,Impact\nrisk-hypervisor-licensing,4\n")
    assert run("import", str(sheet), str(example.root)).exit_code == 0
    assert changed_lines(before, snapshot(example.root)) == [
        ("scope/risks.yaml", "    impact: 3", "    impact: 4")
    ]
    sheet.write_text("Id,Title\nrisk-single-colo,One colocation supplier\n")
    before = snapshot(example.root)
    result = run("import", str(sheet), str(example.root))
    assert result.exit_code == 1
    assert (
        "scope/risks.yaml: error[import-layout]: line 5 is laid out in a way the YAML writer cannot keep"
        in result.output
    )
    assert snapshot(example.root) == before


def test_new_entries_go_to_the_section_s_last_file_or_where_asked(
    example: Project, tmp_path: Path
) -> None:
    sheet = tmp_path / "locations.csv"
    sheet.write_text("Id;Name;Kind;Country\nbristol-office;Bristol office;office;GB\n")
    result = run("import", str(sheet), str(example.root), "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert "kept 6 locations the sheet does not hold" in result.output
    text = example.read("organisation-units.yaml")
    # Appended as the entries around it are written: the locations without a blank line between.
    assert text.endswith(
        "(sales staff only)\n  - id: bristol-office\n    name: Bristol office\n    kind: office\n    country: GB\n"
    )
    # Risks are set apart by blank lines, and followed by the requirements section.
    sheet.write_text(
        'Id,Title,Likelihood,Impact,Treatment,Description\nrisk-new,New risk,1,2,Accept.,"Two paragraphs:\n\nthe second."\n'
    )
    assert run("import", str(sheet), str(example.root), "--section", "risks").exit_code == 0
    assert (
        "facilities team.\n\n  - id: risk-new\n    title: New risk\n    likelihood: 1\n    impact: 2\n    treatment: Accept.\n"
        "    description: |-\n      Two paragraphs:\n\n      the second.\n\nrequirements:\n"
        in example.read("risks.yaml")
    )
    sheet.write_text(
        "Id;Name;Type;Agreement\nnew-supplier;New Supplier Ltd;external-supplier;CT-99\n"
    )
    outside = tmp_path / "x.yaml"
    args = ["import", str(sheet), str(example.root), "--section", "parties", "--into"]
    result = run(*args, str(outside))
    assert result.exit_code == 1
    assert f"error: --into {outside}: name a .yaml file under the project's scope/" in result.output
    # A path from the project's folder works from anywhere.
    result = run(*args, "scope/new-parties.yaml")
    assert result.exit_code == 0, result.output
    assert example.read("new-parties.yaml") == (
        "# yaml-language-server: $schema=scope.schema.json\n"
        "parties:\n  - id: new-supplier\n    name: New Supplier Ltd\n    type: external-supplier\n    agreement: CT-99\n"
    )
    assert check(example.root, today=TODAY).errors == 0


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.slow
def test_a_sheet_round_trips_to_exactly_the_change_made(example: Project, tmp_path: Path) -> None:
    commit_all(example.root)
    book = tmp_path / "parties.xlsx"
    assert run("sheet", "parties", str(book), "-C", str(example.root)).exit_code == 0
    workbook = openpyxl.load_workbook(book)
    sheet = workbook.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "calder-water")
    row[header.index("Agreement end")].value = "2030-03-31"
    workbook.save(book)
    result = run("import", str(book), str(example.root))
    assert result.exit_code == 0, result.output
    assert git(example.root, "diff", "--numstat") == "1\t1\tscope/parties.yaml\n"
    assert "-    agreement_end: 2029-03-31\n+    agreement_end: 2030-03-31\n" in git(
        example.root, "diff"
    )
    result = run("diff", "HEAD", "-C", str(example.root))
    assert result.exit_code == 0, result.output
    assert "1 change" in result.output
    assert "calder-water" in result.output and "2030-03-31" in result.output


@pytest.mark.export
@pytest.mark.slow
def test_the_audit_pack_register_round_trips(draft_copy: Exported, tmp_path: Path) -> None:
    root = draft_copy.project
    with contextlib.chdir(root):
        packed = CliRunner().invoke(
            cli, ["audit-pack", "HEAD", "--draft", "-o", str(tmp_path)], catch_exceptions=False
        )
    assert packed.exit_code == 0, packed.output
    (archive,) = tmp_path.glob("*.zip")
    with zipfile.ZipFile(archive) as pack:
        (name,) = [n for n in pack.namelist() if n.endswith("register.xlsx")]
        book = tmp_path / "register.xlsx"
        book.write_bytes(pack.read(name))
    result = run("import", str(book), str(root))
    assert result.exit_code == 0, result.output
    assert "nothing to change" in result.output
    workbook = openpyxl.load_workbook(book)
    sheet = workbook.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    row = next(
        r for r in sheet.iter_rows(min_row=2) if r[header.index("Id")].value == "doc-sm-policy"
    )
    row[header.index("Next review")].value = "2027-06-30"
    workbook.save(book)
    result = run("import", str(book), str(root))
    assert result.exit_code == 0, result.output
    assert "doc-sm-policy.review: 2027-03-31 -> 2027-06-30" in result.output
    assert git(root, "diff", "--numstat", "--", "scope") == "1\t1\tscope/documents.yaml\n"
    result = run("diff", "HEAD", "-C", str(root))
    assert "1 change" in result.output and "2027-06-30" in result.output


def test_text_a_spreadsheet_would_run_round_trips_through_csv(
    example: Project, tmp_path: Path
) -> None:
    example.edit(
        "documents.yaml",
        "    title: Service management policy\n",
        '    title: "=HYPERLINK(\\"http://evil.example\\", \\"Service management policy\\")"\n',
    )
    sheet = tmp_path / "documents.csv"
    assert run("sheet", "documents", str(sheet), "-C", str(example.root)).exit_code == 0
    # The CSV marks the text as text, as the audit pack's does, with a quote before it...
    assert "'=HYPERLINK" in sheet.read_text()
    before = snapshot(example.root)
    # ...which the import takes off again: the scope already says what the sheet says.
    result = run("import", str(sheet), str(example.root))
    assert result.exit_code == 0, result.output
    assert "nothing to change" in result.output
    assert snapshot(example.root) == before


def test_an_emptied_cell_removes_that_value_and_a_missing_column_keeps_it(
    example: Project, tmp_path: Path
) -> None:
    before = snapshot(example.root)
    sheet = tmp_path / "services.csv"
    sheet.write_text("Id,SLA\nmanaged-hosting,\n")
    result = run("import", str(sheet), str(example.root))
    assert result.exit_code == 0, result.output
    assert "managed-hosting.sla: SLA-HOST-01 -> (none)" in result.output
    after = snapshot(example.root)
    old = before["scope/services/infrastructure.yaml"].decode().splitlines()
    new = after["scope/services/infrastructure.yaml"].decode().splitlines()
    assert [line for line in old if line not in new] == ["    sla: SLA-HOST-01"]
    assert len(new) == len(old) - 1
    assert {k: v for k, v in after.items() if k != "scope/services/infrastructure.yaml"} == {
        k: v for k, v in before.items() if k != "scope/services/infrastructure.yaml"
    }


def test_date_cells_become_dates(example: Project, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Suppliers"
    sheet.append(
        ["Id", "Name", "Type", "Agreement", "Agreement start", "Agreement end", "Controls"]
    )
    sheet.append(
        [
            "north-cabling",
            "North Cabling Ltd",
            "External supplier",
            "CT-77",
            dt.datetime(2026, 4, 1),
            "2028-03-31",
            "quarterly review; right to audit, with notice",
        ]
    )
    path = tmp_path / "suppliers.xlsx"
    book.save(path)
    result = run("import", str(path), str(example.root), "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert (
        "  - id: north-cabling\n    name: North Cabling Ltd\n    type: external-supplier\n"
        "    agreement: CT-77\n    agreement_start: 2026-04-01\n    agreement_end: 2028-03-31\n"
        "    controls: [quarterly review, 'right to audit, with notice']\n"
    ) in example.read("parties.yaml")
    scope = check(example.root, today=TODAY).scope
    assert scope is not None
    party = scope.index["north-cabling"]
    assert party.agreement_start == dt.date(2026, 4, 1)  # type: ignore[union-attr]


def test_text_over_several_lines_replaces_a_value_as_a_block(
    example: Project, tmp_path: Path
) -> None:
    sheet = tmp_path / "risks.csv"
    sheet.write_text('Id,Description\nrisk-ransomware,"One line.\n\nA second paragraph."\n')
    result = run("import", str(sheet), str(example.root), "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    text = example.read("risks.yaml")
    assert "    description: |-\n      One line.\n\n      A second paragraph.\n" in text
    scope = check(example.root, today=TODAY).scope
    assert scope is not None
    assert scope.index["risk-ransomware"].description == "One line.\n\nA second paragraph."  # type: ignore[union-attr]
