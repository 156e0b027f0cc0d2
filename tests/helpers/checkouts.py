"""Projects as users have them: made by ``smsdocs init --example`` as a process, read-only
checkouts, and what a command may have changed in them."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from helpers.runs import MOUNT, SMSDOCS, environment


def init_example(project: Path) -> Path:
    """The example as ``smsdocs init --example`` makes it, with its releases tagged."""
    run = subprocess.run(
        [SMSDOCS, "init", "--example", str(project)],
        env=environment(project.parent / "tmp"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return project


def copy_of(project: Path, dest: Path) -> Path:
    """A copy of ``project`` (its git folder too) at ``dest``, with git's index refreshed (git
    records the copied files' new times on its first look, so a snapshot taken after this
    one sees only what a command did)."""
    shutil.copytree(project, dest, symlinks=True)
    subprocess.run(["git", "status", "--porcelain"], cwd=dest, capture_output=True, check=True)
    return dest


def snapshot(folder: Path) -> dict[str, str]:
    """Every file, link and folder under ``folder`` (its git folder too), with its content's
    digest: two snapshots are equal when nothing was written, made or removed."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"link {path.readlink()}"
        elif path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[name] = "folder"
    return found


def _why_not_read_only() -> str | None:
    if os.geteuid() != 0:
        return None  # modes are enough
    if MOUNT is not None:
        return f"root ignores file modes, and a read-only bind mount cannot be made: {MOUNT}"
    return None


READ_ONLY = _why_not_read_only()
needs_read_only = pytest.mark.skipif(READ_ONLY is not None, reason=READ_ONLY or "")


@contextmanager
def read_only(project: Path) -> Iterator[Path]:
    """``project`` as a read-only checkout, at the path it yields: its files' modes without
    write permission, or (for root, whom modes do not stop) a read-only bind mount of it."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [project, *project.rglob("*")] if not p.is_symlink()}
        for path, mode in modes.items():
            path.chmod(mode & ~0o222)
        try:
            yield project
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    mounted = project.with_name(project.name + "-read-only")
    mounted.mkdir()
    subprocess.run(["mount", "--bind", str(project), str(mounted)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(mounted)], check=True)
        yield mounted
    finally:
        subprocess.run(["umount", "-l", str(mounted)], check=True)
        mounted.rmdir()
