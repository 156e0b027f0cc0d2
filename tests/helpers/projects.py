"""Fixture projects: the example and the test projects, copied into temporary folders, edited,
checked and committed to git."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from smsdocs import history
from smsdocs.validate import Checked, check

REPO = Path(__file__).resolve().parents[2]
PROJECTS = REPO / "tests" / "projects"
TODAY = dt.date(2026, 11, 2)
"""A fixed 'today' so review-date rules give the same findings on any day."""


class Project:
    """A copy of a fixture project that a test may edit and check."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, name: str) -> Path:
        return self.root / "scope" / name

    def read(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def write(self, name: str, text: str | bytes) -> None:
        path = self.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")

    def edit(self, name: str, old: str, new: str) -> None:
        text = self.read(name)
        assert old in text, f"fixture text not found in {name}: {old!r}"
        self.write(name, text.replace(old, new, 1))

    def check(self, today: dt.date = TODAY) -> Checked:
        return check(self.root, today=today)

    def findings(self, today: dt.date = TODAY) -> list[str]:
        """Each finding as the CLI prints it, notes indented below."""
        lines: list[str] = []
        for f in self.check(today).findings:
            lines.append(str(f))
            lines.extend(f"  {n.mark}: note: {n.message}" for n in f.notes)
        return lines


def copy_project(name: str, dest: Path) -> Project:
    target = dest / name
    shutil.copytree(PROJECTS / name, target)
    return Project(target)


SITE_PARTS = ("mkdocs.yml", "docs", "macros", "overrides")


def make_project(dest: Path, scope: Path | None = None) -> Path:
    """A copy of the repository's manual (config, chapters, macros, theme) with a scope."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    shutil.copytree(scope or REPO / "scope", dest / "scope")
    return dest


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}


def git(root: Path, *args: str) -> str:
    """What git prints (stripped), run in ``root`` as the test's author; fails on an error."""
    return subprocess.run(
        ["git", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
    ).stdout.strip()


def commit_all(project: Path, message: str = "scope") -> None:
    env = {**os.environ, **GIT_ENV}
    if not (project / ".git").exists():
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=project, check=True, env=env)


def release_all(project: Path) -> None:
    """The project in a new git repository with its approved versions released, as
    ``smsdocs init --example`` leaves the example: a commit and an annotated tag per
    approval."""
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project, check=True)
    scope = check(project, today=TODAY).scope
    if scope is not None and scope.approvals:
        history.record_releases(project, scope, example_edits(project))
    else:
        commit_all(project)


def example_edits(project: Path) -> dict[str, tuple[history.ReleaseEdit, ...]]:
    """What each of the example's releases changed, as ``smsdocs init --example`` records
    them, for a project whose files they edit are the example's as they are; none for any
    other project."""
    from smsdocs.cli.commands import EXAMPLE_RELEASES

    edits = history.release_edits(EXAMPLE_RELEASES.read_text(encoding="utf-8"))
    names = {edit.file for changes in edits.values() for edit in changes}
    same = all(
        (project / name).is_file() and (project / name).read_bytes() == (REPO / name).read_bytes()
        for name in names
    )
    return edits if same else {}
