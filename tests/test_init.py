"""smsdocs init: a blank project for a real organisation (placeholders, no history), and with
--example the packaged worked example that builds strictly as it is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.export import export
from helpers.projects import GIT_ENV, REPO
from helpers.runs import SMSDOCS
from helpers.site import mkdocs_build, read_page
from smsdocs.cli import cli
from smsdocs.project import Project
from smsdocs.validate import check

PROJECT_FILES = [".git", ".gitignore", "docs", "macros", "mkdocs.yml", "overrides", "scope"]
"""What 'smsdocs init' makes, with or without --example."""


@pytest.mark.slow
def test_init_example_makes_a_project_that_passes_strictly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The environment activated, as the README has it (tests/test_first_hour.py: without).
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    target = tmp_path / "manual"
    result = CliRunner().invoke(cli, ["init", "--example", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        f"created a manual in {target} from the Northwind example"
    )
    assert sorted(p.name for p in target.iterdir()) == PROJECT_FILES
    assert not any(p.is_symlink() for p in target.rglob("*"))
    checked = CliRunner().invoke(cli, ["check", str(target), "--strict", "--today", "2026-11-02"])
    assert (checked.exit_code, checked.stdout) == (0, "no problems in 18 files\n")
    built = mkdocs_build(target)
    assert built.returncode == 0, built.output
    assert "WARNING" not in built.output
    assert "Northwind IT Services Ltd" in read_page(built.site, "").text
    # The example's approvals are its releases: tagged, so the manual is the approved v1.2.0.
    assert result.stdout.splitlines()[1:] == [
        "committed the example's approved releases and tagged them v1.0.0, v1.1.0, v1.2.0: "
        "the manual shows v1.2.0 as approved",
        "the example is fictional: its organisation, people, approvals and releases are "
        "invented; start your own manual with 'smsdocs init DIR' (without --example)",
        f"next: run 'mkdocs serve' in {target} and read it at http://127.0.0.1:8000",
    ]
    assert git(target, "tag", "-n1").splitlines() == [
        "v1.0.0          v1.0.0: approved by Helen Marsh on 2025-03-14 (MR-2025-01)",
        "v1.1.0          v1.1.0: approved by Helen Marsh on 2025-11-18 (MR-2025-02)",
        "v1.2.0          v1.2.0: approved by Helen Marsh on 2026-10-23 (MR-2026-03)",
    ]
    assert git(target, "describe", "--exact-match") == "v1.2.0"
    assert git(target, "status", "--porcelain") == ""
    assert git(target, "log", "-1", "--format=%an %cs", "v1.0.0") == "Priya Raman 2025-03-14"
    home = read_page(built.site, "").text
    assert "Version v1.2.0" in home and "Approved" in home, home[:600]
    releases = read_page(built.site, "history/").text
    assert "No release has been tagged" not in releases
    for line in (
        "Tagged 23 Oct 2026 by Priya Raman",
        "Tagged 18 Nov 2025 by Priya Raman",
        "Tagged 14 Mar 2025 by Priya Raman",
    ):
        assert line in releases
    # Each release says what it changed in the scope, entry by entry.
    v120, _, older = releases.partition("v1.1.0¶")
    v110 = older.partition("v1.0.0¶")[0]
    # v1.2.0 also holds the records of who was told of v1.0.0 and v1.1.0, committed after
    # v1.1.0's tag; its entry says to whom and when it was communicated.
    assert "Changes since the release before: 13 changes (5 added, 1 removed, 7 changed)" in v120
    assert (
        "added communications Communication of v1.1.0 to Meridian Retail Group IT service "
        "manager, Calder Water Services head of IT operations and Harbour Logistics IT "
        "director on 24 Nov 2025 —"
    ) in v120
    assert "Communicated To Northwind staff on 20 Mar 2025" in older
    assert "Communicated To David Okafor, Tom Greaves, Sarah Lindqvist, Rachel Dunmore on" in v110
    for row in (
        "removed parties Kestrel Device Services Ltd (kestrel-devices) —",
        "added parties Sterling Device Logistics Ltd —",
        "changed exclusions Exclusion of Apex Integration Partners Ltd rationale, approved_by, date",
        "changed components Device imaging and logistics depot provided_by",
    ):
        assert row in v120, v120
    assert "Changes since the release before: 10 changes (6 added, 4 changed)" in v110
    for row in (
        "added services Disaster Recovery as a Service —",
        "added exclusions Exclusion of Advisory and Projects —",
    ):
        assert row in v110, v110
    # The example's tags are not signed, and the history says so, as git reports it.
    assert releases.count("The tag is not signed") == 3


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout.strip()


def test_init_in_a_repository_commits_only_where_it_is_ignored(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    outer.mkdir()
    git(outer, "init", "-q")
    (outer / ".gitignore").write_text("/build/\n")
    kept = CliRunner().invoke(
        cli, ["init", "--example", str(outer / "manual")], catch_exceptions=False
    )
    assert kept.exit_code == 0, kept.output
    assert kept.stdout.splitlines()[1] == (
        "the folder is inside a git repository, so nothing was committed: commit it and tag "
        "the commit management approved with its version (git tag -a v1.2.0), or "
        "'smsdocs check' warns approval-untagged"
    )
    assert not (outer / "manual" / ".git").exists()
    assert git(outer, "tag") == ""
    ignored = CliRunner().invoke(cli, ["init", "--example", str(outer / "build" / "example")])
    assert ignored.exit_code == 0, ignored.output
    assert git(outer / "build" / "example", "tag") == "v1.0.0\nv1.1.0\nv1.2.0"


def test_init_refuses_a_folder_in_use(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path}: not empty; choose a new folder for the manual\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize(
    ("tag", "theme", "plugin", "said"),
    [
        ("de", "de", None, "smsdocs writes its own words in it"),
        ("fr-CH", "fr", "fr-CH", "smsdocs writes its own words in it"),
        ("sw", "sw", None, "which smsdocs has no catalogue for"),
    ],
)
def test_init_makes_a_project_in_a_language(
    tmp_path: Path, tag: str, theme: str, plugin: str | None, said: str
) -> None:
    project = tmp_path / "manual"
    result = CliRunner().invoke(cli, ["init", str(project), "--language", tag])
    assert result.exit_code == 0, result.output
    assert f"the manual's language is '{tag}'" in result.stdout and said in result.stdout
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\ntheme:\n" in config and f"\n  language: {theme}\n" in config
    if plugin:
        assert f"\n      language: {plugin}  #" in config
    else:
        assert "\n      language:" not in config
    assert Project.at(project).language == tag
    codes = {f.code for f in check(project).findings}
    assert "placeholder" in codes and "language-mismatch" not in codes
    assert ("language-unsupported" in codes) == (said != "smsdocs writes its own words in it")


def test_init_refuses_what_is_no_language_tag(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "manual"), "--language", "fr_CH"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: --language 'fr_CH' is not a language tag; write a BCP 47 tag: a language and, "
        "optionally, its country ('de', 'fr-CH')\n"
    )
    assert not (tmp_path / "manual").exists()


@pytest.mark.slow
def test_the_wheel_carries_the_example_project(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("smsdocs-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in sorted((REPO / "scope").rglob("*")) + sorted((REPO / "docs").rglob("*")):
        if path.is_file():
            assert f"smsdocs/data/project/{path.relative_to(REPO).as_posix()}" in names
    blank = REPO / "src" / "smsdocs" / "data" / "blank"
    for path in sorted(blank.rglob("*.yaml")):
        assert f"smsdocs/data/blank/{path.relative_to(blank).as_posix()}" in names
    assert "smsdocs/data/project/mkdocs.yml" in names
    assert "smsdocs/data/project/overrides/export/smsdocs.typ" in names
    assert "smsdocs/data/project/overrides/export/reference.docx" in names


# -- a blank project for a real organisation -----------------------------------------------------

FICTION = ("Northwind", "northwind", "Helen Marsh", "Priya Raman", "MR-2025", "v1.2.0")
"""What the worked example invented, which a real organisation's project must not inherit."""


def test_init_makes_a_blank_project_with_no_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The environment activated, as the README has it (tests/test_first_hour.py: without).
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    target = tmp_path / "manual"
    result = CliRunner().invoke(cli, ["init", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"created a manual in {target} with a blank scope: every '<fill in: ...>' in scope/ "
        "is a placeholder for your organisation's own text",
        "made it a git repository; nothing is committed yet",
        f"next: run 'smsdocs check' in {target}, which lists every placeholder with its "
        "file:line and what to write there; then follow 'Adopting smsdocs' in the README to a "
        "first approved release",
    ]
    assert sorted(p.name for p in target.iterdir()) == PROJECT_FILES
    assert not any(p.is_symlink() for p in target.rglob("*"))
    # The site, its chapters and templates are the example's; the scope is the blank one.
    for part in ("docs/index.md", "macros/__init__.py", "overrides/export/reference.docx"):
        assert (target / part).read_bytes() == (REPO / part).read_bytes(), part
    assert (target / "scope" / "scope.schema.json").read_bytes() == (
        REPO / "scope" / "scope.schema.json"
    ).read_bytes()
    # No commit, no tag, no approval: nobody approved anything yet.
    assert git(target, "status", "--porcelain", "--untracked-files=no") == ""
    assert (
        subprocess.run(
            ["git", "rev-parse", "--verify", "-q", "HEAD"],
            cwd=target,
            capture_output=True,
            check=False,
        ).returncode
        == 1
    )
    assert git(target, "tag") == ""
    for path in sorted(p for p in target.rglob("*") if p.is_file() and ".git" not in p.parts):
        if path.suffix in (".yaml", ".yml", ".md"):
            text = path.read_text(encoding="utf-8")
            found = [word for word in FICTION if word in text]
            assert found == [], (path, found)
    assert "site_url: https://sms.northwind" not in (target / "mkdocs.yml").read_text()
    organisation = (target / "scope" / "organization.yaml").read_text(encoding="utf-8")
    assert "\napprovals: []\n" in organisation


def test_every_blank_scope_file_explains_itself(tmp_path: Path) -> None:
    """Each file starts with the modeline the editor completes from, then says what it holds."""
    target = tmp_path / "manual"
    assert CliRunner().invoke(cli, ["init", str(target)]).exit_code == 0
    files = sorted((target / "scope").rglob("*.yaml"))
    assert len(files) == 13
    for path in files:
        first, second, *_ = path.read_text(encoding="utf-8").splitlines()
        schema = "../scope.schema.json" if path.parent.name == "services" else "scope.schema.json"
        assert first == f"# yaml-language-server: $schema={schema}", path
        assert second.startswith("# ") and len(second) > 40, path


def test_init_commit_makes_one_commit_and_no_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    target = tmp_path / "manual"
    result = CliRunner().invoke(cli, ["init", "--commit", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "made it a git repository and committed its files"
    assert git(target, "log", "--format=%an: %s") == "Test: Start the SMS manual from smsdocs init"
    assert git(target, "status", "--porcelain") == ""
    assert git(target, "tag") == ""


def test_init_in_a_repository_leaves_committing_to_it(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    outer.mkdir()
    git(outer, "init", "-q")
    result = CliRunner().invoke(cli, ["init", "--commit", str(outer / "manual")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == (
        "the folder is inside a git repository, which keeps its files: nothing was committed; "
        "commit them there"
    )
    assert not (outer / "manual" / ".git").exists()


@pytest.mark.export
def test_a_manual_with_placeholders_is_not_published(tmp_path: Path) -> None:
    target = tmp_path / "manual"
    assert CliRunner().invoke(cli, ["init", str(target)]).exit_code == 0
    code, output = export(target)
    assert code == 1
    assert (
        "scope/organization.yaml:8:9: error[placeholder]: 'name' in 'organization' is still a "
        "placeholder; replace the whole '<fill in: ...>' text with the organisation's legal "
        "name, as the certificate will show it"
    ) in output
    assert not (target / "dist").exists()
    built = mkdocs_build(target)
    assert built.returncode == 1
    assert "error[placeholder]" in built.output
    assert not (target / "site").exists()


def _changes(target: Path, old: str, new: str) -> set[tuple[str, str, str, tuple[str, ...]]]:
    """What ``smsdocs diff`` says changed between two releases: (section, id, change, the
    fields that changed)."""
    result = CliRunner().invoke(cli, ["diff", old, new, "--format", "json", "-C", str(target)])
    assert result.exit_code == 0, result.output
    return {
        (c["section"], c["id"], c["change"], tuple(sorted(c["fields"])))
        for c in json.loads(result.stdout)["changes"]
    }


@pytest.mark.slow
def test_the_examples_releases_tell_what_changed_in_its_scope(tmp_path: Path) -> None:
    target = tmp_path / "manual"
    made = CliRunner().invoke(cli, ["init", "--example", str(target)], catch_exceptions=False)
    assert made.exit_code == 0, made.output
    first = _changes(target, "v1.0.0", "v1.1.0")
    # v1.1.0 adds a service to the pipeline, and a unit and a customer it excludes.
    assert ("services", "draas", "added") in {c[:3] for c in first}
    assert ("units", "advisory-projects", "added") in {c[:3] for c in first}
    assert ("parties", "apex-integration", "added") in {c[:3] for c in first}
    assert ("exclusions", "exc-advisory-projects", "added") in {c[:3] for c in first}
    assert ("exclusions", "exc-apex-integration", "added") in {c[:3] for c in first}
    second = _changes(target, "v1.1.0", "v1.2.0")
    # v1.2.0 replaces the device logistics supplier wherever it was used ...
    assert ("parties", "kestrel-devices", "removed") in {c[:3] for c in second}
    assert ("parties", "sterling-devices", "added") in {c[:3] for c in second}
    assert ("components", "device-depot", "changed", ("provided_by",)) in second
    assert ("services", "field-engineering", "changed", ("suppliers",)) in second
    # ... and re-approves a changed exclusion.
    assert (
        "exclusions",
        "exc-apex-integration",
        "changed",
        ("approved_by", "date", "rationale"),
    ) in second
    assert {c[0] for c in second} == {
        "sms",
        "services",
        "approvals",
        "parties",
        "components",
        "exclusions",
        "documents",
        "implementation",
        "communications",
    }


@pytest.mark.slow
def test_each_release_of_the_example_passes_strictly_on_its_day(tmp_path: Path) -> None:
    """Checked out at its tag and checked as of its approval day, each release is clean: it
    holds nothing dated after its approval (release-dated-later) and is not yet overdue."""
    target = tmp_path / "manual"
    made = CliRunner().invoke(cli, ["init", "--example", str(target)], catch_exceptions=False)
    assert made.exit_code == 0, made.output
    for version, day in (("v1.0.0", "2025-03-14"), ("v1.1.0", "2025-11-18")):
        tree = tmp_path / version
        git(target, "worktree", "add", "--quiet", str(tree), version)
        checked = subprocess.run(
            [SMSDOCS, "check", "--strict", "--today", day],
            cwd=tree,
            capture_output=True,
            text=True,
            check=False,
        )
        # The records of who was told of them come later: scope/communications.yaml.
        assert (checked.returncode, checked.stdout) == (0, "no problems in 17 files\n"), (
            version,
            checked.stdout,
            checked.stderr,
        )
    checked = subprocess.run(
        [SMSDOCS, "check", "--strict", "--today", "2026-10-23"],
        cwd=target,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (checked.returncode, checked.stdout) == (0, "no problems in 18 files\n")


def test_the_example_release_edits_fit_the_example() -> None:
    """The edits that derive the example's earlier releases from scope/ all apply, so the
    releases init makes are the ones the edits describe."""
    from smsdocs import history
    from smsdocs.cli.commands import EXAMPLE_RELEASES

    edits = history.release_edits(EXAMPLE_RELEASES.read_text(encoding="utf-8"))
    assert sorted(edits) == ["v1.1.0", "v1.2.0"]
    names = sorted({e.file for changes in edits.values() for e in changes})
    files = {name: (REPO / name).read_text(encoding="utf-8") for name in names}
    v110 = history.undo_edits(files, edits["v1.2.0"])
    v100 = history.undo_edits(v110, edits["v1.1.0"])
    assert "id: kestrel-devices" in v110["scope/parties.yaml"]
    assert "sterling" not in v110["scope/parties.yaml"]
    assert "  readiness:" not in v110["scope/implementation.yaml"]
    assert "id: draas" in v110["scope/services/infrastructure.yaml"]
    assert "draas" not in v100["scope/services/infrastructure.yaml"] + v100["scope/risks.yaml"]
    assert "  baseline:" not in v100["scope/implementation.yaml"]
