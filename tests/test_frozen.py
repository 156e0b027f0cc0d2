"""An approved version is a function of its tag alone (7.5.3): built on another day, or after
later tags exist, its PDF, DOCX, site and audit pack are the same bytes; and no file outside
git's tracked data (a cache, committed or not) changes what its history says.

The other day is a fixed clock: the command runs under faketime, moved a year and more on,
never by sleeping."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers.export import pdf_text
from helpers.fragments import on_page
from helpers.projects import (
    GIT_ENV,
    PROJECTS,
    REPO,
    TODAY,
    commit_all,
    make_project,
    release_all,
)
from helpers.site import read_page
from smsdocs import history, render
from smsdocs.model import Release, Scope
from smsdocs.render.chapters.dashboard import review_dashboard
from smsdocs.validate import check
from smsdocs.words import calendar_day

FAKETIME = shutil.which("faketime")
LATER = "+400d"
"""How far the other day is from today: past the example's reviews and milestones."""

needs_faketime = pytest.mark.skipif(
    FAKETIME is None, reason="faketime is not installed (Debian package 'faketime')"
)


def git(root: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, **GIT_ENV}
    if when is not None:
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = when
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True, env=env
    ).stdout.strip()


def run(root: Path, *args: str, later: bool = False) -> subprocess.CompletedProcess[str]:
    """A command of the project's environment (smsdocs, mkdocs) run in ``root`` as a user
    runs it; ``later``: on a day LATER from today, by faketime."""
    program = [str(Path(sys.executable).parent / args[0]), *args[1:]]
    if later:
        assert FAKETIME is not None
        program = [FAKETIME, "-f", LATER, *program]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        program, check=False, cwd=root, capture_output=True, text=True, env=env, timeout=900
    )


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "scope" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def scope_of(root: Path) -> Scope:
    checked = check(root, today=TODAY)
    assert checked.scope is not None
    return checked.scope


def later_tags(root: Path) -> None:
    """Tags made after the releases, as a project makes them: a release candidate on a new
    commit (HEAD stays where it is), and a tag made today on the first release's commit."""
    if git(root, "tag", "-l", "v1.3.0-rc1"):
        return
    commit = git(
        root, "commit-tree", "HEAD^{tree}", "-p", "HEAD", "-m", "next", when="2026-12-01T12:00Z"
    )
    git(
        root, "tag", "-a", "v1.3.0-rc1", "-m", "Release candidate", commit, when="2026-12-01T12:00Z"
    )
    git(
        root, "tag", "-a", "v1.0.1", "-m", "Made later", "v1.0.0^{commit}", when="2026-12-02T12:00Z"
    )


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# -- the audit pack --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project with two approved releases, tagged on their approval days."""
    root = make_project(tmp_path_factory.mktemp("frozen") / "repo", PROJECTS / "minimal" / "scope")
    commit_all(root, "first scope")
    git(root, "tag", "-a", "v1.0.0", "-m", "Scope approved at MR-1", when="2026-03-02T12:00Z")
    edit(root, "services.yaml", "    status: retiring\n", "    status: live\n")
    edit(
        root,
        "org.yaml",
        "record: MR-1}",
        "record: MR-1}\n  - {version: v1.1.0, by: boss, date: 2026-04-01, record: MR-2}",
    )
    commit_all(root, "second scope")
    git(root, "tag", "-a", "v1.1.0", "-m", "Print service live again", when="2026-04-01T12:00Z")
    return root


@pytest.mark.export
@needs_faketime
def test_a_release_packs_to_the_same_bytes_on_another_day_and_after_later_tags(
    minimal: Path, tmp_path: Path
) -> None:
    packs = []
    for name, later in (("today", False), ("later", True), ("tagged", False)):
        if name == "tagged":
            later_tags(minimal)
        out = tmp_path / name
        made = run(minimal, "smsdocs", "audit-pack", "v1.1.0", "-o", str(out), later=later)
        assert made.returncode == 0, made.stderr
        (written,) = out.glob("*.zip")
        packs.append(written)
    today, later, tagged = (p.read_bytes() for p in packs)
    assert later == today, "the pack changed with the day it was made"
    assert tagged == today, "the pack changed when later tags were made"

    # What the auditor reads: the dashboard is worked out for the approval's day, and the
    # history holds the two releases, never the tags made after v1.1.0.
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(packs[2]) as archive:
        archive.extractall(folder)
    text = pdf_text(folder / "manual" / "EX-SMS-001-v1.1.0.pdf")
    assert "As of 1 Apr 2026, the day version v1.1.0 was approved" in text
    assert "v1.0.0" in text
    assert "v1.0.1" not in text
    assert "v1.3.0-rc1" not in text


# -- the export and the site of the example --------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as ``smsdocs init --example`` leaves it: at its newest approved release."""
    root = make_project(tmp_path_factory.mktemp("frozen-example") / "repo")
    release_all(root)
    return root


@pytest.mark.export
@pytest.mark.slow
@needs_faketime
def test_an_approved_export_and_site_are_the_same_bytes_on_another_day(
    example: Path, tmp_path: Path
) -> None:
    version = git(example, "describe", "--exact-match")
    built: dict[str, dict[str, bytes]] = {}
    for name, later in (("today", False), ("later", True)):
        if name == "later":
            later_tags(example)
        exported = run(example, "smsdocs", "export", "-o", str(tmp_path / name), later=later)
        assert exported.returncode == 0, exported.stderr
        site = tmp_path / f"{name}-site"
        made = run(example, "mkdocs", "build", "--strict", "-d", str(site), later=later)
        assert made.returncode == 0, made.stderr
        built[name] = {**files_of(tmp_path / name), **files_of(site)}
    assert any(name.endswith(".pdf") for name in built["today"])
    assert any(name.endswith(".docx") for name in built["today"])
    changed = [name for name in built["today"] if built["today"][name] != built["later"].get(name)]
    assert not changed, f"changed with the day and later tags: {changed[:10]}"
    assert built["today"].keys() == built["later"].keys()

    site = tmp_path / "later-site"
    scope = history.scope_at(example, None).scope
    assert scope is not None
    approved = next(a.date for a in scope.approvals if a.version == version)
    dashboard = read_page(site, "dashboard/").text
    day = calendar_day(approved, "en-GB").replace("\u00a0", " ")  # the page's text, as read
    assert f"As of {day}, the day version {version} was approved" in dashboard
    timeline = next(site.rglob("implementation-timeline.svg")).read_text(encoding="utf-8")
    assert "Today," not in timeline
    plan = scope.implementation
    if plan is not None and plan.phases:
        start, end = min(p.start for p in plan.phases), max(p.end for p in plan.phases)
        if start <= approved <= end:
            assert f"Approved, {calendar_day(approved, 'en-GB')}" in timeline
    releases = read_page(site, "history/").text
    assert f"This is version {version}: the releases listed are it and those tagged" in releases
    assert "v1.3.0-rc1" not in releases
    assert "v1.0.1" not in releases


# -- the wording ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "status", "said"),
    [
        ("built", "Draft", "As of Jun\u00a01,\u00a02026 (the day this draft was built);"),
        (
            "approved",
            "Approved",
            "As of Jun\u00a01,\u00a02026, the day version v1.1.0 was approved:",
        ),
        (
            "configured",
            "Draft",
            "As of Jun\u00a01,\u00a02026, the date the build is set to (the `today`",
        ),
    ],
)
def test_the_dashboard_says_which_day_it_is_worked_out_for(
    as_of: render.AsOf, status: str, said: str
) -> None:
    ctx = render.Context(
        scope_of(PROJECTS / "minimal"),
        render.Links(page="dashboard.md"),
        dt.date(2026, 6, 1),
        Release("v1.1.0", status),
        dated=dt.date(2026, 4, 1),
        as_of=as_of,
    )
    head = on_page(review_dashboard, ctx).splitlines()[0]
    assert head.startswith(said), head
    # Only a draft's day is the day it was built; an approved version's day is its own.
    shown = on_page(review_dashboard, ctx)
    assert ("the day the site was built" in shown) == (as_of == "built")
    assert ("dated Apr\u00a01,\u00a02026, its commit's date" in shown) == (as_of != "approved")


def test_the_timeline_marks_the_approval_day_of_an_approved_version() -> None:
    from smsdocs.render.charts import timeline_svg

    scope = scope_of(REPO)
    plan = scope.implementation
    assert plan is not None
    day = min(p.start for p in plan.phases) + dt.timedelta(days=30)
    shown = calendar_day(day, "en")
    assert f">Approved, {shown}</text>" in timeline_svg(scope, day, "Approved")
    assert f">Today, {shown}</text>" in timeline_svg(scope, day)


def two_releases(root: Path) -> Path:
    """The minimal project at ``root`` with two releases, v1.0.0 and v1.1.0 (the print
    service live again), tagged on their days."""
    make_project(root, PROJECTS / "minimal" / "scope")
    commit_all(root, "first scope")
    git(root, "tag", "-a", "v1.0.0", "-m", "first", when="2026-03-02T12:00Z")
    edit(root, "services.yaml", "    status: retiring\n", "    status: live\n")
    commit_all(root, "second scope")
    git(root, "tag", "-a", "v1.1.0", "-m", "second", when="2026-04-01T12:00Z")
    return root


# -- the release cache ------------------------------------------------------------------------


def test_a_committed_or_stale_cache_never_changes_the_history(tmp_path: Path) -> None:
    root = two_releases(tmp_path / "repo")
    honest, _ = history.release_history(root)
    assert [c.id for c in honest[0].changes or ()] == ["print"]

    # A forged cache in the project, under both the spellings a key has had, committed with
    # 'git add -f' as if it were part of the release.
    old, new = git(root, "rev-parse", "v1.0.0"), git(root, "rev-parse", "v1.1.0")
    invented = ["services", "invented", "added", [["name", None, "Invented"]], "Invented", []]
    entry = {"changes": [invented], "problem": ""}
    import smsdocs

    forged = {
        "smsdocs": smsdocs.__version__,
        "pairs": {f"{old}..{new}": entry, f".:{old}..{new}": entry},
    }
    cache = root / ".cache" / "smsdocs" / "releases.json"
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(forged), encoding="utf-8")
    (root / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    git(root, "add", "-f", ".gitignore", ".cache/smsdocs/releases.json")
    git(root, "commit", "-q", "-m", "a cache committed by mistake")
    assert history.release_history(root)[0] == honest

    # A stale cache where the cache is kept: the changes of a tag made again under the same
    # name are worked out anew, not read from its old object's entry.
    kept = history.cache_path(root)
    assert kept is not None and kept.is_file()
    stale = json.loads(kept.read_text(encoding="utf-8"))
    (key,) = stale["pairs"]
    stale["pairs"][key] = entry
    kept.write_text(json.dumps(stale), encoding="utf-8")
    git(
        root,
        "tag",
        "-f",
        "-a",
        "v1.1.0",
        "-m",
        "second",
        "v1.1.0^{commit}",
        when="2026-04-02T12:00Z",
    )
    again, _ = history.release_history(root)
    assert [c.id for c in again[0].changes or ()] == ["print"]
    assert "invented" not in json.dumps(json.loads(kept.read_text(encoding="utf-8")))


def test_the_history_of_a_release_lists_only_the_releases_before_it(tmp_path: Path) -> None:
    root = two_releases(tmp_path / "repo")
    later_tags(root)
    everything = [r.tag for r in history.release_history(root)[0]]
    assert everything == ["v1.0.1", "v1.3.0-rc1", "v1.1.0", "v1.0.0"]
    upto = history.release_history(root, upto="v1.1.0")[0]
    assert [r.tag for r in upto] == ["v1.1.0", "v1.0.0"]
    assert [c.id for c in upto[0].changes or ()] == ["print"]
    assert [r.tag for r in history.release_history(root, upto="v1.0.0")[0]] == ["v1.0.0"]
