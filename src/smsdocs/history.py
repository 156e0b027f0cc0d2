"""Versions of the scope from git: which release a build shows, and whether it is approved.

A release is an annotated git tag matching a pattern (``v*`` by default). A build made exactly
at a release tag that has a matching entry in ``approvals`` is "Approved"; anything else is a
"Draft", identified by ``git describe``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from smsdocs.model import Release, Scope

UNVERSIONED = "unversioned"


def _git(root: Path, *args: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        proc = subprocess.run(
            [git, *args],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def release_of(root: Path, scope: Scope, pattern: str = "v*") -> tuple[Release, str | None]:
    """The release a build of ``root`` shows, and a warning to give when git cannot tell."""
    if _git(root, "rev-parse", "--is-inside-work-tree") != "true":
        return (
            Release(UNVERSIONED, "Draft", "not a git repository"),
            "the project is not in a git repository, so the manual is marked Draft and "
            "unversioned; run 'git init' and tag releases to version it",
        )
    exact = _git(root, "describe", "--tags", "--exact-match", "--match", pattern, "HEAD")
    dirty = _git(root, "status", "--porcelain", "--untracked-files=no", "--", ".")
    if exact and not dirty and any(a.version == exact for a in scope.approvals):
        return Release(exact, "Approved"), None
    described = _git(root, "describe", "--tags", "--always", "--dirty", "--match", pattern)
    if described is None:
        return Release(UNVERSIONED, "Draft", "no commits yet"), None
    if exact and not dirty:
        return Release(exact, "Draft", "tagged, but no approval records this version"), None
    return Release(described, "Draft"), None


def commit_epoch(root: Path) -> int | None:
    """SOURCE_DATE_EPOCH for reproducible exports: the environment's, else the commit date."""
    import os

    from_env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if from_env.isdigit():
        return int(from_env)
    stamp = _git(root, "log", "-1", "--format=%ct")
    return int(stamp) if stamp and stamp.isdigit() else None
