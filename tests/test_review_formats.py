"""`smsdocs check --format sarif` and `--format gitlab`: the reports review tools read
(GitHub code scanning, GitLab, Azure DevOps), checked against their schema and documented
fields, with the exact place of a known finding."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from jsonschema import Draft4Validator

from helpers.projects import Project
from helpers.runs import ENV, SMSDOCS
from smsdocs import __version__
from smsdocs.cli import cli, interchange
from smsdocs.codes import CODES
from smsdocs.errors import Finding, Mark

SARIF_SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
TODAY = ("--today", "2026-11-02")
TYPO = "scope/services.yaml:8:13: error[ref-unknown]"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _break(minimal: Project) -> None:
    """An error (a unit's typo), a warning (an overdue review) and a finding with a note."""
    minimal.edit("services.yaml", "units: [ops]\n    locations", "units: [opps]\n    locations")
    minimal.edit("org.yaml", "  review_months: 12\n", "  review_months: 2\n")
    minimal.edit("delivery.yaml", "{id: sales,", "{id: manager,")


def _check(fmt: str, *extra: str) -> tuple[int, Any]:
    result = run("check", "--format", fmt, *TODAY, *extra)
    return result.exit_code, json.loads(result.stdout)


def test_sarif_is_valid_against_the_sarif_2_1_0_schema(
    minimal: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break(minimal)
    monkeypatch.chdir(minimal.root)
    code, log = _check("sarif")
    assert code == 1
    errors = sorted(Draft4Validator(SARIF_SCHEMA).iter_errors(log), key=str)
    assert errors == []
    assert log["version"] == "2.1.0"
    (only_run,) = log["runs"]
    driver = only_run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("smsdocs", __version__)
    results = only_run["results"]
    assert [r["ruleId"] for r in results] == ["review-overdue", "id-duplicate", "ref-unknown"]
    assert [r["level"] for r in results] == ["warning", "error", "error"]
    # Each result's rule is in the driver's rules, and ruleIndex points at it.
    rules = [rule["id"] for rule in driver["rules"]]
    assert rules == sorted({r["ruleId"] for r in results})
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in results)


def test_sarif_gives_the_exact_place_and_the_fix(
    minimal: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break(minimal)
    monkeypatch.chdir(minimal.root)
    text = run("check", *TODAY).stdout
    assert f"{TYPO}: service 'hosting' names unknown unit 'opps'" in text
    _, log = _check("sarif")
    typo = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "ref-unknown")
    assert typo["message"]["text"] == (
        "service 'hosting' names unknown unit 'opps' in 'units' (did you mean 'ops'?)"
    )
    assert typo["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "scope/services.yaml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 8, "startColumn": 13},
            }
        }
    ]
    duplicate = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "id-duplicate")
    assert duplicate["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 10,
    }
    assert duplicate["relatedLocations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "scope/delivery.yaml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 3, "startColumn": 10},
            },
            "id": 0,
            "message": {"text": "unit 'manager' is defined here"},
        }
    ]


def test_sarif_of_a_clean_project_has_no_results(example: Project) -> None:
    result = run("check", str(example.root), "--format", "sarif", "--strict", *TODAY)
    log = json.loads(result.stdout)
    assert result.exit_code == 0
    assert list(Draft4Validator(SARIF_SCHEMA).iter_errors(log)) == []
    assert (log["runs"][0]["results"], log["runs"][0]["tool"]["driver"]["rules"]) == ([], [])


def test_sarif_paths_are_uri_references_from_where_the_check_runs(
    minimal: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from the repository root above the project, the paths are the repository's, which
    is what code scanning resolves them against; a space in a folder is percent-encoded."""
    moved = minimal.root.parent / "sms manual"
    minimal.root.rename(moved)
    moved.joinpath("scope/services.yaml").write_text(
        moved.joinpath("scope/services.yaml")
        .read_text(encoding="utf-8")
        .replace("units: [ops]\n    locations", "units: [opps]\n    locations"),
        encoding="utf-8",
    )
    monkeypatch.chdir(moved.parent)
    result = run("check", "sms manual", "--format", "sarif", *TODAY)
    (typo,) = json.loads(result.stdout)["runs"][0]["results"]
    location = typo["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == "sms%20manual/scope/services.yaml"
    assert re.fullmatch(r"[A-Za-z0-9._~%/-]+", location["uri"])


def test_warnings_alone_pass_unless_strict_in_both_formats(minimal: Project) -> None:
    minimal.edit("org.yaml", "  review_months: 12\n", "  review_months: 2\n")
    for fmt in ("sarif", "gitlab"):
        lenient = run("check", str(minimal.root), "--format", fmt, *TODAY)
        strict = run("check", str(minimal.root), "--format", fmt, "--strict", *TODAY)
        assert (lenient.exit_code, strict.exit_code) == (0, 1)
        # Nothing but the report on stdout: no summary, no --strict notice.
        assert json.loads(strict.stdout) == json.loads(lenient.stdout)
        assert strict.stdout.rstrip().endswith(("}", "]"))


GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def test_gitlab_report_has_the_documented_fields(
    minimal: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break(minimal)
    monkeypatch.chdir(minimal.root)
    code, issues = _check("gitlab")
    assert code == 1
    assert isinstance(issues, list)
    assert len(issues) == 3
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert issue["severity"] in GITLAB_SEVERITIES
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["location"]["lines"]["begin"] >= 1
    assert [(i["check_name"], i["severity"]) for i in issues] == [
        ("review-overdue", "minor"),
        ("id-duplicate", "major"),
        ("ref-unknown", "major"),
    ]
    typo = issues[2]
    assert typo["location"] == {"path": "scope/services.yaml", "lines": {"begin": 8}}
    assert typo["description"] == (
        "service 'hosting' names unknown unit 'opps' in 'units' (did you mean 'ops'?)"
    )
    assert issues[1]["description"].endswith(
        "\nscope/delivery.yaml:3:10: note: unit 'manager' is defined here"
    )


def test_gitlab_fingerprints_are_unique_and_survive_moved_lines(
    minimal: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break(minimal)
    monkeypatch.chdir(minimal.root)
    _, first = _check("gitlab")
    _, again = _check("gitlab")
    assert first == again
    prints = [i["fingerprint"] for i in first]
    assert len(set(prints)) == len(prints)
    # A comment above the typo moves it down a line: the same finding, the same fingerprint.
    minimal.edit("services.yaml", "units: [opps]", "# hosting's units\n    units: [opps]")
    _, moved = _check("gitlab")
    typo = next(i for i in moved if i["check_name"] == "ref-unknown")
    assert typo["location"]["lines"]["begin"] == 9
    assert typo["fingerprint"] == first[2]["fingerprint"]


def test_gitlab_report_of_a_clean_project_is_an_empty_list(example: Project) -> None:
    result = run("check", str(example.root), "--format", "gitlab", "--strict", *TODAY)
    assert (result.exit_code, result.stdout) == (0, "[]\n")


def test_whole_file_findings_and_twins() -> None:
    """A finding on a whole file has no region (SARIF) and begins at line 1 (GitLab); two
    findings alike in code, file and message still get fingerprints of their own."""
    twin = Finding(Mark("scope/a.yaml", 4, 2), "error", "value-invalid", "bad value")
    whole = Finding(Mark("scope/b.yaml"), "warning", "yaml-empty", "the file holds no data")
    findings = [twin, Finding(Mark("scope/a.yaml", 9, 2), "error", "value-invalid", "bad value")]
    findings.append(whole)
    log = interchange.sarif(findings, lambda mark: mark, "1.0")
    assert list(Draft4Validator(SARIF_SCHEMA).iter_errors(log)) == []
    assert log["runs"][0]["results"][2]["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "scope/b.yaml", "uriBaseId": "%SRCROOT%"}
            }
        }
    ]
    issues = interchange.gitlab(findings, lambda mark: mark)
    assert issues[2]["location"] == {"path": "scope/b.yaml", "lines": {"begin": 1}}
    assert len({i["fingerprint"] for i in issues}) == 3


AZURE_CI = Path(__file__).resolve().parent.parent / "ci" / "azure-pipelines.yml"
GITLAB_CI = Path(__file__).parents[1] / "ci" / "gitlab-ci.yml"


def test_the_gitlab_template_check_job_writes_the_report_it_declares(minimal: Project) -> None:
    """The template's check job, its script lines run as GitLab runs them (sh), fails on the
    broken scope and leaves the Code Quality report where `artifacts:reports` looks."""
    job = yaml.safe_load(GITLAB_CI.read_text(encoding="utf-8"))["check"]
    report = job["artifacts"]["reports"]["codequality"]
    assert job["artifacts"]["when"] == "always"
    minimal.edit("services.yaml", "units: [ops]\n    locations", "units: [opps]\n    locations")
    env = {**ENV, "PATH": f"{Path(SMSDOCS).parent}{os.pathsep}{os.environ['PATH']}"}
    codes = [
        subprocess.run(
            ["sh", "-c", line], cwd=minimal.root, env=env, check=False, capture_output=True
        ).returncode
        for line in job["script"]
    ]
    assert codes == [1]
    (typo,) = json.loads((minimal.root / report).read_text(encoding="utf-8"))
    assert (typo["check_name"], typo["location"]) == (
        "ref-unknown",
        {"path": "scope/services.yaml", "lines": {"begin": 8}},
    )


def _check_jsonschema() -> str:
    """The check-jsonschema of this environment, or the one on PATH; skips without one."""
    beside = Path(sys.executable).parent / "check-jsonschema"
    client = str(beside) if beside.is_file() else shutil.which("check-jsonschema")
    if client is None:
        pytest.skip("check-jsonschema is not installed (pip install '.[test]')")
    return client


@pytest.mark.client
def test_the_gitlab_template_is_valid_gitlab_ci() -> None:
    """check-jsonschema's copy of GitLab's own CI schema accepts the template."""
    client = _check_jsonschema()
    checked = subprocess.run(
        [client, "--builtin-schema", "vendor.gitlab-ci", str(GITLAB_CI)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_azure_template_publishes_the_sarif_log_its_check_writes(minimal: Project) -> None:
    """The Azure Pipelines template's check step, run as the agent runs a script (bash), fails
    on the broken scope and leaves a valid SARIF log in the folder the next step publishes as
    CodeAnalysisLogs, the artifact the SARIF SAST Scans Tab reads, even on failure."""
    steps = yaml.safe_load(AZURE_CI.read_text(encoding="utf-8"))["steps"]
    (check,) = [s for s in steps if s.get("displayName") == "Check the scope data"]
    (publish,) = [s for s in steps if s.get("inputs", {}).get("ArtifactName") == "CodeAnalysisLogs"]
    assert steps.index(publish) == steps.index(check) + 1
    assert publish["condition"] == "succeededOrFailed()"
    minimal.edit("services.yaml", "units: [ops]\n    locations", "units: [opps]\n    locations")
    env = {**ENV, "PATH": f"{Path(SMSDOCS).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", check["script"]], cwd=minimal.root, env=env, check=False)
    assert done.returncode == 1
    (log,) = (minimal.root / publish["inputs"]["PathtoPublish"]).glob("*.sarif")
    sarif = json.loads(log.read_text(encoding="utf-8"))
    assert sorted(Draft4Validator(SARIF_SCHEMA).iter_errors(sarif), key=str) == []
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["ref-unknown"]


@pytest.mark.client
def test_the_azure_template_is_valid_azure_pipelines() -> None:
    """check-jsonschema's copy of the Azure Pipelines schema accepts the template."""
    client = _check_jsonschema()
    checked = subprocess.run(
        # The schema's patterns are ECMAScript without the unicode flag.
        [
            client,
            "--regex-variant",
            "nonunicode",
            "--builtin-schema",
            "vendor.azure-pipelines",
            str(AZURE_CI),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_terminal_and_bidi_controls_are_shown_escaped(
    minimal: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key with ESC, CR and U+202E (which reverses what follows) reaches the review tool's
    page as visible escapes, not as characters that reorder the line a reviewer reads."""
    (minimal.root / "scope" / "evil.yaml").write_text(
        'units:\n  - {id: evil, name: Evil, manager: boss, "bad\\e[2K\\rkey\\u202e": 1}\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(minimal.root)
    shown = "unit 'evil' has unknown field 'bad\\x1b[2K\\rkey\\u202e'"
    _, log = _check("sarif")
    (result,) = log["runs"][0]["results"]
    assert result["message"]["text"].startswith(shown)
    _, (issue,) = _check("gitlab")
    assert issue["description"].startswith(shown)
    assert issue["location"] == {"path": "scope/evil.yaml", "lines": {"begin": 2}}


def test_sarif_rules_say_what_each_finding_means_and_its_clause(minimal: Project) -> None:
    """Review tools list a rule beside its results: its title, what it means and the clause
    it enforces, from the same registry as the README's table."""
    _break(minimal)
    log = _check("sarif", str(minimal.root))[1]
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["ref-unknown"] == {
        "id": "ref-unknown",
        "name": "ref-unknown",
        "shortDescription": {"text": "Unknown reference"},
        "fullDescription": {
            "text": "A reference to an id that does not exist (with the nearest id) "
            "(a finding on the data itself: the manual cannot be built from it).",
            "markdown": "A reference to an id that does not exist (with the nearest id) "
            "(a finding on the data itself: the manual cannot be built from it).",
        },
        "help": {
            "text": "A reference to an id that does not exist (with the nearest id) "
            "(a finding on the data itself: the manual cannot be built from it). Each "
            "result's message names the value and says how to fix it.",
            "markdown": "A reference to an id that does not exist (with the nearest id) "
            "(a finding on the data itself: the manual cannot be built from it). Each "
            "result's message names the value and says how to fix it.",
        },
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["iso-20000", "data"]},
    }


def test_every_finding_code_is_in_the_registry_and_the_readme_table_is_it() -> None:
    """The README's "What is checked" table is the registry, row for row, so the review
    formats, the README and the codes the sources emit never drift apart."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("### What is checked", 1)[1].split("\n\n", 2)[1]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    expected = [
        f"| `{code}` | {c.severity} | {c.clause} | {c.meaning} |" for code, c in CODES.items()
    ]
    assert rows == expected
    assert all(c.title and not c.title.endswith(".") for c in CODES.values())
