"""Versions from git: releases, approved or draft, the semantic diff and the history chapter."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import smsdocs
from helpers.contract import PLAN
from helpers.fragments import on_page
from helpers.projects import GIT_ENV, PROJECTS, TODAY, commit_all, make_project
from helpers.site import mkdocs_build, read_page
from smsdocs import history
from smsdocs.cli import cli
from smsdocs.model import ReleaseRecord, Scope
from smsdocs.project import Project
from smsdocs.signing import ssh_fingerprint
from smsdocs.validate import check

ENV = {**os.environ, **GIT_ENV}
MANAGER = "Sam Manager"
"""The name of the minimal project's stakeholder `manager`."""


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True, env=ENV
    ).stdout.strip()


def tag(root: Path, name: str, message: str = "release") -> None:
    git(root, "tag", "-a", name, "-m", message)


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "scope" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The minimal project in git: v1.0.0 (approved), then v1.1.0 with four scope changes."""
    root = make_project(tmp_path / "repo", scope=PROJECTS / "minimal" / "scope")
    commit_all(root, "first scope")
    tag(root, "v1.0.0", "Scope approved at management review MR-1")
    edit(root, "services.yaml", "    status: retiring\n", "    status: live\n")
    edit(
        root,
        "exclusions.yaml",
        "rationale: The Paris office is a sales office that delivers and supports no services.",
        "rationale: The Paris office only sells; it delivers, supports and hosts no services at all.",
    )
    edit(
        root,
        "delivery.yaml",
        "  - {id: vms, name: Virtual machines, kind: platform}\n",
        "  - {id: vms, name: Virtual machines, kind: platform}\n"
        "  - {id: nas, name: Storage array, kind: platform}\n",
    )
    edit(
        root,
        "org.yaml",
        "record: MR-1}",
        "record: MR-1}\n  - {version: v1.1.0, by: boss, date: 2026-04-01}",
    )
    commit_all(root, "second scope")
    tag(root, "v1.1.0", "Storage added; Paris rationale clarified")
    return root


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_diff_names_exactly_what_changed(repo: Path) -> None:
    code, out, _ = run(repo, "diff", "v1.0.0", "v1.1.0", "--format", "json", "-C", str(repo))
    assert code == 0
    assert json.loads(out) == {
        "from": "v1.0.0",
        "to": "v1.1.0",
        "changes": [
            {
                "section": "services",
                "id": "print",
                "name": "Print",
                "change": "changed",
                "fields": {"status": {"old": "retiring", "new": "live"}},
                "names": {},
            },
            {
                "section": "approvals",
                "id": "v1.1.0",
                "name": "",
                "change": "added",
                "fields": {
                    "version": {"old": None, "new": "v1.1.0"},
                    "by": {"old": None, "new": "boss"},
                    "date": {"old": None, "new": "2026-04-01"},
                },
                "names": {"boss": "Alex Boss"},
            },
            {
                "section": "components",
                "id": "nas",
                "name": "Storage array",
                "change": "added",
                "fields": {
                    "id": {"old": None, "new": "nas"},
                    "name": {"old": None, "new": "Storage array"},
                    "kind": {"old": None, "new": "platform"},
                },
                "names": {},
            },
            {
                "section": "exclusions",
                "id": "exc-paris",
                "name": "Exclusion of Paris office",
                "change": "changed",
                "fields": {
                    "rationale": {
                        "old": "The Paris office is a sales office that delivers and supports no services.",
                        "new": "The Paris office only sells; it delivers, supports and hosts no services at all.",
                    }
                },
                "names": {},
            },
        ],
    }


def test_diff_text_and_markdown(repo: Path) -> None:
    code, out, _ = run(repo, "diff", "v1.0.0", "v1.1.0", "-C", str(repo))
    assert code == 0
    assert out.splitlines()[:4] == [
        "scope changes from v1.0.0 to v1.1.0: 4 changes (2 added, 2 changed)",
        "services:",
        "  ~ Print [print] (changed)",
        "      status: retiring -> live",
    ]
    code, md, _ = run(repo, "diff", "v1.0.0", "v1.1.0", "--format", "markdown", "-C", str(repo))
    assert md.splitlines()[0] == (
        "**Scope changes from `v1.0.0` to `v1.1.0`:** 4 changes (2 added, 2 changed)."
    )
    assert "### Exclusions" in md and "### Services" in md
    assert (
        "| changed | Exclusion of Paris office (`exc-paris`) | rationale | The Paris office is a "
        "sales office" in md
    )
    # Refs are shown in code spans as written, not as entities.
    code, md, _ = run(repo, "diff", "v1.1.0~1", "v1.1.0", "--format", "markdown", "-C", str(repo))
    assert md.startswith("**Scope changes from `v1.1.0~1` to `v1.1.0`:**")


def test_diff_shows_an_added_service_by_name_with_its_main_fields(repo: Path) -> None:
    """A reviewer judges a new service from the diff: its name, category, owner, customers
    and units, by the names readers know, not by ids to look up in YAML."""
    edit(
        repo,
        "services.yaml",
        "services:\n",
        "services:\n"
        "  - id: edr\n"
        "    name: Endpoint Detection\n"
        "    summary: Round-the-clock watch over customer laptops.\n"
        "    category: Security\n"
        "    owner: manager\n"
        "    customers: [acme, globex]\n"
        "    units: [ops]\n",
    )
    edit(
        repo,
        "services.yaml",
        "  - id: print\n    name: Print\n",
        "  - id: print\n    name: Printing\n",
    )
    code, out, _ = run(repo, "diff", "v1.1.0", "-C", str(repo))
    assert code == 0
    lines = out.splitlines()
    added = lines.index("  + Endpoint Detection [edr] (added)")
    assert lines[added + 1 : added + 7] == [
        "      summary: Round-the-clock watch over customer laptops.",
        "      category: Security",
        f"      owner: {MANAGER}",
        "      status: live",
        "      customers: Acme Retail, Globex",
        "      units: Operations",
    ]
    assert "  ~ Printing [print] (changed)" in lines
    assert "      name: Print -> Printing" in lines

    code, md, _ = run(repo, "diff", "v1.1.0", "--format", "markdown", "-C", str(repo))
    assert code == 0
    # The entry heads its first row; the rows below it are its other fields.
    rows = md.splitlines()
    first = rows.index(
        "| added | Endpoint Detection (`edr`) | summary | — | Round-the-clock watch over "
        "customer laptops. |"
    )
    assert rows[first + 1 : first + 6] == [
        "|  |  | category | — | Security |",
        f"|  |  | owner | — | {MANAGER} |",
        "|  |  | status | — | live |",
        "|  |  | customers | — | Acme Retail, Globex |",
        "|  |  | units | — | Operations |",
    ]

    code, js, _ = run(repo, "diff", "v1.1.0", "--format", "json", "-C", str(repo))
    change = next(c for c in json.loads(js)["changes"] if c["id"] == "edr")
    assert change["name"] == "Endpoint Detection"
    assert change["fields"]["customers"] == {"old": None, "new": ["acme", "globex"]}
    assert change["names"] == {
        "manager": MANAGER,
        "acme": "Acme Retail",
        "globex": "Globex",
        "ops": "Operations",
    }


def test_new_defaults_to_the_working_tree_and_nothing_is_checked_out(repo: Path) -> None:
    edit(repo, "services.yaml", "name: Backup", "name: Backup Plus")
    head = git(repo, "rev-parse", "HEAD")
    code, out, _ = run(repo, "diff", "v1.1.0", "-C", str(repo))
    assert code == 0
    assert "scope changes from v1.1.0 to working tree: 1 change (1 changed)" in out
    assert "name: Backup -> Backup Plus" in out
    assert git(repo, "rev-parse", "HEAD") == head
    assert "Backup Plus" in (repo / "scope" / "services.yaml").read_text()


def test_unchanged_scope_has_no_changes(repo: Path) -> None:
    (repo / "README.txt").write_text("not scope")
    commit_all(repo, "docs only")
    code, out, _ = run(repo, "diff", "v1.1.0", "HEAD", "-C", str(repo))
    assert (code, out) == (0, "scope changes from v1.1.0 to HEAD: 0 changes\n")


def test_unknown_ref_is_a_clear_error(repo: Path) -> None:
    code, _, err = run(repo, "diff", "v9.9.9", "-C", str(repo))
    assert code == 2
    assert err.startswith(
        "error: cannot read the scope at 'v9.9.9': fatal: Not a valid object name"
    )


def test_broken_scope_at_a_ref_is_reported(repo: Path) -> None:
    edit(repo, "services.yaml", "units: [ops]", "units: [nowhere]")
    code, _, err = run(repo, "diff", "v1.1.0", "-C", str(repo))
    assert code == 1
    assert err == (
        "error: the scope at the working tree has 1 error, so it cannot be compared; "
        "run 'smsdocs check' on it\n"
    )


def test_diff_outside_git(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    code, _, err = run(project, "diff", "v1.0.0", "-C", str(project))
    assert code == 2
    assert "not a git repository" in err


# -- the version a build shows ------------------------------------------------------------------


def scope_of(root: Path) -> Scope:
    checked = check(root, today=TODAY)
    assert checked.scope is not None
    return checked.scope


def test_approved_at_an_annotated_tag_with_an_approval(repo: Path) -> None:
    git(repo, "checkout", "-q", "v1.0.0")
    release, warning = history.release_of(repo, scope_of(repo))
    assert (release.version, release.status, warning) == ("v1.0.0", "Approved", None)


def test_draft_past_the_tag_and_when_dirty(repo: Path) -> None:
    (repo / "extra.txt").write_text("x")
    commit_all(repo, "after the release")
    release, _ = history.release_of(repo, scope_of(repo))
    assert release.status == "Draft"
    assert release.version.startswith("v1.1.0-1-g")
    git(repo, "checkout", "-q", "v1.1.0")
    edit(repo, "services.yaml", "name: Backup", "name: Backup Plus")
    release, _ = history.release_of(repo, scope_of(repo))
    assert release.status == "Draft"
    assert release.version == "v1.1.0-dirty"


def test_lightweight_tags_are_not_releases(repo: Path) -> None:
    (repo / "extra.txt").write_text("x")
    commit_all(repo, "after")
    git(repo, "tag", "v1.2.0")  # lightweight
    release, _ = history.release_of(repo, scope_of(repo))
    assert release.status == "Draft"
    assert release.version.startswith("v1.1.0-1-g")
    records, warnings = history.release_history(repo)
    assert [r.tag for r in records] == ["v1.1.0", "v1.0.0"]
    assert warnings == [
        "tag 'v1.2.0' matches the release pattern but is a lightweight tag, so it is not a "
        "release; recreate it with 'git tag -a v1.2.0'"
    ]


def test_merges_describe_cleanly(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    edit(repo, "services.yaml", "name: Backup", "name: Backup Plus")
    commit_all(repo, "feature")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge feature", "feature")
    release, _ = history.release_of(repo, scope_of(repo))
    assert release.status == "Draft"
    assert release.version.startswith("v1.1.0-2-g")


@pytest.mark.slow
def test_shallow_clone_warns_once_and_still_builds(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True, env=ENV
    )
    release, warning = history.release_of(clone, scope_of(clone))
    # The clone's one commit is the approved release, and its tag came with it.
    assert (release.version, release.status) == ("v1.1.0", "Approved")
    assert warning is not None and warning.startswith("this is a shallow git clone")
    # The site still builds; --strict counts the one warning, which says what to do.
    result = mkdocs_build(clone)
    warnings = [line for line in result.output.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, result.output
    assert "shallow git clone" in warnings[0]
    assert "Aborted with 1 warnings in strict mode!" in result.output


def test_no_git_degrades_with_one_warning(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", scope=PROJECTS / "minimal" / "scope")
    release, warning = history.release_of(project, scope_of(project))
    assert (release.version, release.status) == ("unversioned", "Draft")
    assert warning is not None and "not in a git repository" in warning


# -- the history chapter ------------------------------------------------------------------------


@pytest.mark.slow
def test_history_chapter_lists_releases_and_changes(repo: Path) -> None:
    result = mkdocs_build(repo)
    assert result.returncode == 0, result.output
    page = read_page(result.site, "history/")
    text = page.text
    assert text.index("v1.1.0") < text.index("v1.0.0")
    assert "Storage added; Paris rationale clarified" in text
    assert "Scope approved at management review MR-1" in text
    assert "Changes since the release before: 4 changes (2 added, 2 changed)." in text
    assert "The first release." in text
    assert "Alex Boss on 2 Mar 2026 (MR-1)" in text
    assert "No approval is recorded" not in text


def test_diff_reports_an_added_implementation_plan(repo: Path) -> None:
    (repo / "scope" / "plan.yaml").write_text(PLAN, encoding="utf-8")
    code, out, _ = run(repo, "diff", "v1.1.0", "--format", "json", "-C", str(repo))
    assert code == 0, out
    (change,) = json.loads(out)["changes"]
    assert (change["section"], change["id"], change["change"]) == (
        "implementation",
        "implementation",
        "added",
    )
    assert change["fields"]["approach"] == {"old": None, "new": "process-subsets"}


# -- many releases ------------------------------------------------------------------------------


@pytest.mark.slow
def test_release_changes_are_kept_between_builds_by_tag_object(repo: Path) -> None:
    first = mkdocs_build(repo)
    assert first.returncode == 0, first.output
    cache = history.cache_path(repo)
    assert cache == repo / ".git" / "smsdocs" / "releases.json"
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert list(data["pairs"]) == [
        f".:{git(repo, 'rev-parse', 'v1.0.0')}..{git(repo, 'rev-parse', 'v1.1.0')}"
    ]

    # The next build reads the changes from the cache, not from the scope at each tag: a
    # value planted in the cache is what the history shows.
    (pair,) = data["pairs"].values()
    pair["changes"].append(
        ["services", "planted", "added", [["name", None, "Planted"]], "Planted", []]
    )
    cache.write_text(json.dumps(data), encoding="utf-8")
    planted = mkdocs_build(repo)
    assert "5 changes (3 added, 2 changed)" in read_page(planted.site, "history/").text

    # Making a tag again gives it a new object, so its changes are worked out anew.
    git(repo, "tag", "-f", "-a", "v1.1.0", "-m", "Storage added; Paris rationale clarified")
    retagged = mkdocs_build(repo)
    text = read_page(retagged.site, "history/").text
    assert "Changes since the release before: 4 changes (2 added, 2 changed)." in text

    # A damaged cache is ignored, and replaced.
    cache.write_text("{not json", encoding="utf-8")
    damaged = mkdocs_build(repo)
    assert damaged.returncode == 0, damaged.output
    assert "4 changes (2 added, 2 changed)" in read_page(damaged.site, "history/").text
    assert json.loads(cache.read_text(encoding="utf-8"))["smsdocs"] == smsdocs.__version__


def history_chapter(repo: Path, records: list[ReleaseRecord]) -> str:
    """The history chapter's fragment for these releases, on the history page."""
    from smsdocs import render
    from smsdocs.model import Release
    from smsdocs.render.chapters import control

    ctx = render.Context(
        scope_of(repo),
        render.Links(page="history.md"),
        dt.date(2026, 1, 1),
        Release("v1.0.0", "Draft"),
        releases=lambda: records,
    )
    return on_page(control.release_history, ctx)


def test_history_shows_the_newest_releases_in_full_and_the_rest_in_a_table(repo: Path) -> None:
    from smsdocs.model import Change
    from smsdocs.render.chapters import control

    change = Change("services", "hosting", "changed", (("status", "retiring", "live"),))
    records = [
        ReleaseRecord(f"v0.{n}.0", "2026-01-01", "Sam", f"Release {n}", (change,) if n else None)
        for n in range(30, -1, -1)
    ]
    shown = history_chapter(repo, records)
    headings = [line for line in shown.splitlines() if line.startswith("### ")]
    assert len(headings) == control.HISTORY_IN_FULL + 1
    assert headings[-1] == "### Earlier releases"
    earlier = shown.split("### Earlier releases", 1)[1]
    assert earlier.count("\n| ") == 31 - control.HISTORY_IN_FULL + 1  # the header row too
    assert "1 change (1 changed)" in earlier and "the first release" in earlier
    assert "not listed" not in shown


def test_history_lists_the_newest_releases_and_names_how_many_are_older(repo: Path) -> None:
    from smsdocs.render.chapters import control

    count = control.HISTORY_LISTED + 50
    records = [ReleaseRecord(f"r{n}", "2026-01-01", "Sam", "") for n in range(count, 0, -1)]
    shown = history_chapter(repo, records)
    assert shown.count("\n| r") == control.HISTORY_LISTED - control.HISTORY_IN_FULL
    assert "*50 earlier releases are not listed here.*" in shown
    assert "such as r1 and r50." in shown


def test_only_the_listed_releases_are_compared(repo: Path) -> None:
    for n in range(3):
        old, new = ("live", "retiring") if n % 2 == 0 else ("retiring", "live")
        edit(repo, "services.yaml", f"    status: {old}\n", f"    status: {new}\n")
        commit_all(repo, f"change {n}")
        tag(repo, f"v2.{n}.0")
    records, _ = history.release_history(repo, compared=2)
    assert [r.tag for r in records] == ["v2.2.0", "v2.1.0", "v2.0.0", "v1.1.0", "v1.0.0"]
    assert [r.changes is not None for r in records] == [True, True, False, False, False]
    assert [r.problem for r in records] == [""] * 5


# -- approvals without their release tags ----------------------------------------------------


def check_lines(root: Path) -> tuple[int, list[str]]:
    """``smsdocs check`` run in the project's folder: its exit code and lines."""
    before = Path.cwd()
    os.chdir(root)
    try:
        code, out, _ = run(root, "check", "--today", "2026-11-02")
    finally:
        os.chdir(before)
    return code, out.splitlines()


def test_an_approval_without_its_tag_is_named_at_its_line(tmp_path: Path) -> None:
    root = make_project(tmp_path / "repo", scope=PROJECTS / "minimal" / "scope")
    commit_all(root, "first scope")
    assert check_lines(root) == (
        0,
        [
            "scope/org.yaml:15:15: warning[approval-untagged]: version 'v1.0.0' is approved, "
            "but the repository has no release tag 'v1.0.0'; tag the commit management "
            'approved: git tag -a v1.0.0 <commit> -m "v1.0.0: approved on 2026-03-02"',
            "0 errors, 1 warning in 7 files",
        ],
    )
    tag(root, "v1.0.0")
    assert check_lines(root) == (0, ["no problems in 7 files"])


def test_an_approval_tagged_lightweight_or_off_pattern_is_named(repo: Path) -> None:
    edit(
        repo,
        "org.yaml",
        "record: MR-1}",
        "record: MR-1}\n  - {version: v1.2.0, by: boss, date: 2026-05-01}\n  - {version: r3, by: boss, date: 2026-05-02}",
    )
    commit_all(repo, "two more approvals")
    git(repo, "tag", "v1.2.0")  # lightweight
    code, lines = check_lines(repo)
    assert code == 0
    assert lines == [
        "scope/org.yaml:16:15: warning[approval-untagged]: version 'v1.2.0' is approved, but "
        "its tag is a lightweight tag, which records no tagger or date; make it an annotated "
        'tag: git tag -a -f v1.2.0 v1.2.0 -m "v1.2.0: approved on 2026-05-01"',
        "scope/org.yaml:17:15: warning[approval-untagged]: version 'r3' is approved, but "
        "release tags match 'v*', so a tag 'r3' would not be read as a release; name the "
        "version as the release tags are named, or change release_pattern in mkdocs.yml",
        "0 errors, 2 warnings in 7 files",
    ]
    # The pattern the check compares with is the one mkdocs.yml gives the plugin.
    config = repo / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - smsdocs:\n", "  - smsdocs:\n      release_pattern: 'r*'\n"
        ),
        encoding="utf-8",
    )
    assert Project.at(repo).release_pattern == "r*"
    _, lines = check_lines(repo)
    assert [line.split(": warning")[0] for line in lines[:-1]] == [
        "scope/org.yaml:15:15",
        "scope/org.yaml:16:15",
        "scope/org.yaml:17:15",
        "scope/org.yaml:18:15",
    ]


def test_outside_git_approvals_are_not_judged(tmp_path: Path) -> None:
    root = make_project(tmp_path / "plain", scope=PROJECTS / "minimal" / "scope")
    assert check_lines(root) == (0, ["no problems in 7 files"])


def test_history_says_which_approved_versions_are_not_tagged(repo: Path) -> None:
    edit(
        repo,
        "org.yaml",
        "record: MR-1}",
        "record: MR-1}\n  - {version: v0.9.0, by: boss, date: 2025-12-01}",
    )
    chapter = history_chapter(repo, history.release_history(repo)[0])
    assert chapter.splitlines()[0] == (
        "*Approved but not tagged: v0.9.0.* No tag marks the commit management approved as "
        "this version, so the releases below do not include it."
    )
    none = history_chapter(repo, [])
    assert none.startswith(
        "*No release has been tagged yet, although management approved v0.9.0, v1.0.0 and "
        "v1.1.0:* no tag marks the commit of any of them, so this manual cannot be shown as "
        "an approved version and is a Draft."
    )


# -- a release that records what happened after its approval ---------------------------------


def test_a_release_that_records_later_dates_is_named_at_its_lines(tmp_path: Path) -> None:
    root = make_project(tmp_path / "repo", scope=PROJECTS / "minimal" / "scope")
    # v1.0.0 is approved on 2026-03-02, yet holds an exclusion approved after it, a climate
    # decision taken after it and the approval of a later version.
    edit(
        root,
        "exclusions.yaml",
        "    approved_by: boss\n    date: 2026-02-01\n  - id: exc-paris",
        "    approved_by: boss\n    date: 2026-03-20\n  - id: exc-paris",
    )
    edit(
        root, "org.yaml", "date: 2026-02-01, decided_by: boss", "date: 2026-04-01, decided_by: boss"
    )
    edit(
        root,
        "org.yaml",
        "record: MR-1}",
        "record: MR-1}\n  - {version: v1.1.0, by: boss, date: 2026-05-01}",
    )
    commit_all(root, "scope")
    tag(root, "v1.0.0")
    tag(root, "v1.1.0")
    assert check_lines(root) == (
        0,
        [
            "scope/exclusions.yaml:7:11: warning[release-dated-later]: release v1.0.0, approved "
            "on 2026-03-02, records the approval of exclusion 'exc-print' on 2026-03-20, after "
            "its approval; a release holds only what was so when it was approved: record it in "
            "a later version, or correct the date (7.5.3)",
            "scope/org.yaml:8:159: warning[release-dated-later]: release v1.0.0, approved on "
            "2026-03-02, records the decision on climate change on 2026-04-01, after its "
            "approval; a release holds only what was so when it was approved: record it in a "
            "later version, or correct the date (7.5.3)",
            "scope/org.yaml:16:39: warning[release-dated-later]: release v1.0.0, approved on "
            "2026-03-02, records the approval of version 'v1.1.0' on 2026-05-01, after its "
            "approval; a release holds only what was so when it was approved: record it in a "
            "later version, or correct the date (7.5.3)",
            "0 errors, 3 warnings in 7 files",
        ],
    )


def test_later_dates_are_named_only_where_the_files_are_a_release(tmp_path: Path) -> None:
    """Between releases, or with the files changed since the tag, the files are a draft that
    may record anything done since; nothing is said."""
    root = make_project(tmp_path / "repo", scope=PROJECTS / "minimal" / "scope")
    commit_all(root, "scope")
    tag(root, "v1.0.0")
    later = "date: 2026-04-01, decided_by: boss"
    edit(root, "org.yaml", "date: 2026-02-01, decided_by: boss", later)
    assert check_lines(root) == (0, ["no problems in 7 files"])  # changed since the tag
    commit_all(root, "climate decided again")
    assert check_lines(root) == (0, ["no problems in 7 files"])  # a commit after the tag
    git(root, "tag", "v1.0.1")  # lightweight: not a release, and v1.0.1 is not approved
    assert check_lines(root) == (0, ["no problems in 7 files"])


def test_release_edits_that_no_longer_fit_the_files_stop_with_the_file_named() -> None:
    files = {
        "scope/a.yaml": "services:\n  - id: web\n    name: Web\n\n  - id: mail\n    name: Mail\n"
    }
    taken = history.undo_edits(files, (history.ReleaseEdit("scope/a.yaml", added="services.web"),))
    assert taken == {"scope/a.yaml": "services:\n  - id: mail\n    name: Mail\n"}
    changed = history.ReleaseEdit("scope/a.yaml", was="name: Mail", now="name: Email")
    with pytest.raises(history.ReleaseEditError, match=r"scope/a.yaml: the text a release made"):
        history.undo_edits(files, (changed,))
    missing = history.ReleaseEdit("scope/a.yaml", added="services.print")
    with pytest.raises(history.ReleaseEditError, match=r"scope/a.yaml: no entry 'services.print'"):
        history.undo_edits(files, (missing,))
    with pytest.raises(history.ReleaseEditError, match=r"an edit of 'v2' is malformed"):
        history.release_edits("v2:\n  - {file: scope/a.yaml, removed: services.web}\n")


def test_a_release_that_records_a_later_baseline_or_milestone_done_is_named(
    tmp_path: Path,
) -> None:
    """A milestone done after the approval is named; one still open may lie ahead."""
    root = make_project(tmp_path / "repo", scope=PROJECTS / "minimal" / "scope")
    plan = PLAN.replace("baseline: {date: 2025-01-10", "baseline: {date: 2026-03-05")
    plan = plan.replace("date: 2026-03-15}", "date: 2026-03-15, status: done}")
    (root / "scope" / "plan.yaml").write_text(plan, encoding="utf-8")
    commit_all(root, "scope and plan")
    tag(root, "v1.0.0")
    code, lines = check_lines(root)
    assert code == 0  # warnings fail only with --strict
    later = [line for line in lines if "release-dated-later" in line]
    assert later == [
        "scope/plan.yaml:4:20: warning[release-dated-later]: release v1.0.0, approved on "
        "2026-03-02, records the baseline assessment on 2026-03-05, after its approval; a "
        "release holds only what was so when it was approved: record it in a later version, "
        "or correct the date (7.5.3)",
        "scope/plan.yaml:22:74: warning[release-dated-later]: release v1.0.0, approved on "
        "2026-03-02, records milestone 'm-mr' done on 2026-03-15, after its approval; a "
        "release holds only what was so when it was approved: record it in a later version, "
        "or correct the date (7.5.3)",
    ]


def test_a_release_tag_whose_name_is_not_plain_is_warned_of(repo: Path) -> None:
    """A tag name git accepts can hold a command ('$(…)'); the manual, the audit pack and
    the commands given to auditors print release names, so the check warns of any that is
    not plain, at the approval that names it, or at 'approvals:' for a tag alone."""
    edit(
        repo,
        "org.yaml",
        "record: MR-1}",
        "record: MR-1}\n  - {version: 'v1.2.0$(touch${IFS}x)', by: boss, date: 2026-05-01}",
    )
    commit_all(repo, "an approval of a hostile name")
    git(repo, "tag", "-a", "v1.2.0$(touch${IFS}x)", "-m", "hostile")
    git(repo, "tag", "-a", "v1.3.0;rm", "-m", "hostile too")
    code, lines = check_lines(repo)
    assert code == 0
    fix = (
        "is not a plain name: the manual, the audit pack and the commands given to auditors "
        "print it, where only letters, digits, '.', '_' and '-' are safe; name the release "
        "with those (git tag -a NEW OLD^{} -m ..., then git tag -d OLD) and record the "
        "approval under that name"
    )
    assert lines == [
        f"scope/org.yaml:14:1: warning[release-tag-name]: release tag 'v1.3.0;rm' {fix}",
        "scope/org.yaml:16:15: warning[release-tag-name]: release version "
        f"'v1.2.0$(touch${{IFS}}x)' {fix}",
        "0 errors, 2 warnings in 7 files",
    ]


def test_history_says_whether_each_release_tag_is_signed_as_git_verifies_it(
    repo: Path, tmp_path: Path
) -> None:
    """Signed and verified by git: who and which key; signed by a key git does not trust:
    said so, not asserted; unsigned: said so."""
    keygen = shutil.which("ssh-keygen")
    if keygen is None:
        pytest.skip("ssh-keygen is not installed")
    for name in ("trusted", "stranger"):
        subprocess.run(
            [keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / name)], check=True
        )
    public = (tmp_path / "trusted.pub").read_text(encoding="utf-8").strip()
    (tmp_path / "allowed").write_text(f"test@example.invalid {public}\n", encoding="utf-8")
    git(repo, "config", "gpg.format", "ssh")
    git(repo, "config", "gpg.ssh.allowedSignersFile", str(tmp_path / "allowed"))
    git(repo, "config", "user.signingkey", str(tmp_path / "trusted"))
    git(repo, "tag", "-s", "-f", "v1.1.0", "-m", "Storage added (signed)")
    git(repo, "config", "user.signingkey", str(tmp_path / "stranger"))
    git(repo, "tag", "-s", "v1.2.0", "-m", "Signed by a stranger")
    records = history.release_history(repo)[0]
    chapter = history_chapter(repo, records)
    fingerprint = ssh_fingerprint(public)
    rows = [line for line in chapter.splitlines() if line.startswith("| **Signature** |")]
    assert rows == [
        "| **Signature** | The tag is signed, but git could not verify the signature with the "
        "keys it trusts where this manual was built |",
        f"| **Signature** | Signed by test&#64;example.invalid, ED25519 key {fingerprint}; git "
        "verified the signature |",
        "| **Signature** | The tag is not signed |",
    ]
    assert "BEGIN SSH SIGNATURE" not in chapter


def test_a_fix_that_names_a_version_quotes_it(repo: Path) -> None:
    """The command a finding suggests holds the version as one quoted word: pasted, a
    version such as 'v2$(touch${IFS}x)' runs nothing."""
    edit(
        repo,
        "org.yaml",
        "record: MR-1}",
        "record: MR-1}\n  - {version: 'v2$(touch${IFS}x)', by: boss, date: 2026-05-02}",
    )
    commit_all(repo, "an approval of a hostile name")
    _, lines = check_lines(repo)
    fix = next(line for line in lines if "approval-untagged" in line)
    assert fix.endswith(
        "tag the commit management approved: git tag -a 'v2$(touch${IFS}x)' <commit> -m "
        "'v2$(touch${IFS}x): approved on 2026-05-02'"
    )
    command = fix.split("approved: ", 1)[1].replace("<commit>", "HEAD")
    subprocess.run(["bash", "-c", command], cwd=repo, env=ENV, check=True)
    assert not (repo / "x").exists()
    assert git(repo, "tag", "-l", "v2*") == "v2$(touch${IFS}x)"
