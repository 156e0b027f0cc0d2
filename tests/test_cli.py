"""The smsdocs command as a user runs it: output, formats and exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from helpers.projects import Project
from smsdocs import __version__
from smsdocs.cli import cli


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"smsdocs, version {__version__}\n"


def test_example_passes_strict_check(example: Project) -> None:
    result = run("check", str(example.root), "--strict", "--today", "2026-11-02")
    assert result.stdout == "no problems in 18 files\n"
    assert result.exit_code == 0


def test_errors_print_like_a_compiler_and_exit_1(
    minimal: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    minimal.edit("services.yaml", "units: [ops]\n    locations", "units: [opps]\n    locations")
    minimal.edit("org.yaml", "  review_months: 12\n", "  review_months: 2\n")
    monkeypatch.chdir(minimal.root)
    result = run("check", "--today", "2026-11-02")
    assert result.stdout.splitlines() == [
        "scope/org.yaml:15:39: warning[review-overdue]: the manual was due for review on "
        "2026-05-02 (2 months after approval 'v1.0.0'); review the scope and record the new "
        "approval",
        "scope/services.yaml:8:13: error[ref-unknown]: service 'hosting' names unknown unit "
        "'opps' in 'units' (did you mean 'ops'?)",
        "1 error, 1 warning in 7 files",
    ]
    assert result.exit_code == 1


def test_notes_follow_their_finding(minimal: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    minimal.edit("delivery.yaml", "{id: sales,", "{id: manager,")
    monkeypatch.chdir(minimal.root)
    result = run("check", "--today", "2026-11-02")
    assert result.stdout.splitlines()[:2] == [
        "scope/people.yaml:3:10: error[id-duplicate]: id 'manager' is already used by unit "
        "'manager'; ids must be unique across the whole scope, so rename one",
        "  scope/delivery.yaml:3:10: note: unit 'manager' is defined here",
    ]


def test_warnings_fail_only_with_strict(minimal: Project) -> None:
    minimal.edit("exclusions.yaml", "    supports: [bo-grow]\n", "")
    lenient = run("check", str(minimal.root), "--today", "2026-11-02")
    assert lenient.exit_code == 0
    assert lenient.stdout.splitlines()[-1] == "0 errors, 1 warning in 7 files"
    strict = run("check", str(minimal.root), "--today", "2026-11-02", "--strict")
    assert strict.exit_code == 1
    assert strict.stdout.splitlines()[-1] == "warnings fail the check because of --strict"


def test_today_makes_review_checks_reproducible(minimal: Project) -> None:
    before = run("check", str(minimal.root), "--strict", "--today", "2027-03-02")
    after = run("check", str(minimal.root), "--strict", "--today", "2027-03-03")
    assert before.exit_code == 0
    assert after.exit_code == 1
    assert "warning[review-overdue]: the manual was due for review on 2027-03-02" in after.stdout


def test_paths_are_relative_to_where_the_user_runs_it(
    minimal: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    minimal.edit("services.yaml", "status: retiring", "status: retired")
    monkeypatch.chdir(minimal.root.parent)
    result = run("check", "minimal", "--today", "2026-11-02")
    assert result.stdout.startswith("minimal/scope/services.yaml:24:13: error[value-invalid]:")


def test_json_format(minimal: Project) -> None:
    minimal.edit("delivery.yaml", "{id: sales,", "{id: manager,")
    result = run("check", str(minimal.root), "--format", "json", "--today", "2026-11-02")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert findings[0] == {
        "file": f"{os.path.relpath(minimal.root)}/scope/people.yaml",
        "line": 3,
        "column": 10,
        "severity": "error",
        "code": "id-duplicate",
        "message": "id 'manager' is already used by unit 'manager'; ids must be unique across "
        "the whole scope, so rename one",
        "notes": [
            {
                "file": f"{os.path.relpath(minimal.root)}/scope/delivery.yaml",
                "line": 3,
                "column": 10,
                "message": "unit 'manager' is defined here",
            }
        ],
    }


def test_json_format_when_clean(example: Project) -> None:
    result = run("check", str(example.root), "--format", "json", "--today", "2026-11-02")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_github_format_annotates_lines(minimal: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    minimal.edit("services.yaml", "units: [ops]\n    locations", "units: [opps]\n    locations")
    monkeypatch.chdir(minimal.root)
    result = run("check", "--format", "github", "--today", "2026-11-02")
    assert result.stdout.splitlines() == [
        "::error file=scope/services.yaml,line=8,col=13,title=ref-unknown::service 'hosting' "
        "names unknown unit 'opps' in 'units' (did you mean 'ops'?)",
        "1 error, 0 warnings in 7 files",
    ]
    assert result.exit_code == 1


def test_github_format_escapes_newlines_and_percent(
    minimal: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    minimal.edit("delivery.yaml", "{id: sales,", "{id: manager,")
    monkeypatch.chdir(minimal.root)
    first = run("check", "--format", "github", "--today", "2026-11-02").stdout.splitlines()[0]
    assert first == (
        "::error file=scope/people.yaml,line=3,col=10,title=id-duplicate::id 'manager' is "
        "already used by unit 'manager'; ids must be unique across the whole scope, so rename "
        "one%0Ascope/delivery.yaml:3:10: note: unit 'manager' is defined here"
    )


def test_missing_scope_folder_exits_2(tmp_path: Path) -> None:
    result = run("check", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {tmp_path}/scope: no scope folder here; run smsdocs from the project root, "
        "pass the project folder, or create a project with 'smsdocs init DIR'\n"
    )


def test_not_a_folder_exits_2(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'nope'}: no such folder\n"


def test_bad_today_is_a_usage_error(minimal: Project) -> None:
    result = run("check", str(minimal.root), "--today", "2026-13-01")
    assert result.exit_code == 2
    assert "Invalid value for '--today'" in result.stderr


def test_unreadable_input_exits_2(minimal: Project) -> None:
    (minimal.root / "scope" / "drafts.yaml").mkdir()
    result = run("check", str(minimal.root))
    assert result.exit_code == 2
    assert "error[file-unreadable]" in result.stdout


def test_schema_command_prints_the_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "scope.schema.json"
    result = run("schema", "--output", str(target))
    assert result.exit_code == 0
    assert json.loads(target.read_text())["title"] == "smsdocs scope file"
    assert [p.name for p in target.parent.iterdir()] == ["scope.schema.json"]


# -- the installed console script --------------------------------------------------------------


def smsdocs_script() -> str:
    script = Path(sys.executable).parent / "smsdocs"
    found = str(script) if script.exists() else shutil.which("smsdocs")
    if found is None:
        pytest.skip("the smsdocs console script is not installed")
    return found


@pytest.mark.slow
def test_console_script_checks_the_example_as_init_makes_it(tmp_path: Path) -> None:
    made = subprocess.run(
        [smsdocs_script(), "init", "--example", str(tmp_path / "manual")],
        capture_output=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    proc = subprocess.run(
        [smsdocs_script(), "check", "--strict", "--today", "2026-11-02"],
        cwd=tmp_path / "manual",
        capture_output=True,
        text=True,
        check=False,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "no problems in 18 files\n", "")


def test_garbage_input_never_shows_a_traceback(minimal: Project) -> None:
    minimal.write("junk.yaml", b"\x00\x01\x02 {{ ]] :: \xff\xfe")
    minimal.write("more.yaml", "services: {{ 7*7 }}\n")
    proc = subprocess.run(
        [smsdocs_script(), "check", str(minimal.root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1] == "2 errors, 0 warnings in 9 files"


def test_export_outside_a_project_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "scope").mkdir()
    result = run("export", str(tmp_path))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"error: {tmp_path}/mkdocs.yml: no mkdocs.yml here; run from the project root\n"
    )
