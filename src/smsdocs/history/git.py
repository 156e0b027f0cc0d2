"""The thin git layer: git run in the project's folder, its answers, commits and the
checkouts (work trees) a bundle or a pack builds from. Every other module of ``history`` asks
git through it: ``run`` (git's output, or a ``GitError``) and ``ask`` (its answer, or None)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

from smsdocs.errors import OutputError, VersionError
from smsdocs.output import in_work_folder, source_date_epoch


class GitError(VersionError):
    """A git command failed; the message is git's own last line, ``said`` all it said."""

    def __init__(self, message: str, said: str = "") -> None:
        super().__init__(message)
        self.said = said or message


def _git_path() -> str | None:
    return shutil.which("git")


def git_available() -> bool:
    """Whether git is installed and on PATH."""
    return _git_path() is not None


def refuse_option_ref(ref: str) -> None:
    """Refuse a ref git would take for an option (``--output=...``); no ref starts with '-'."""
    if ref.startswith("-"):
        raise GitError(f"{ref!r} is not a git ref: refs never start with '-'")


def run(
    root: Path, *args: str, data: bytes | None = None, env: dict[str, str] | None = None
) -> bytes:
    """What ``git ARGS`` prints, run in the folder ``root`` (with ``data`` on its input and
    ``env`` added to the environment); a ``GitError`` with git's own words when it fails."""
    git = _git_path()
    if git is None:
        raise GitError("git is not installed")
    try:
        proc = subprocess.run(
            [git, *args],
            cwd=root,
            input=data,
            env=None if env is None else {**os.environ, **env},
            capture_output=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(str(exc)) from None
    if proc.returncode != 0:
        said = proc.stderr.decode("utf-8", "replace").strip()
        lines = said.splitlines()
        raise GitError(lines[-1] if lines else f"git {args[0]} failed", said)
    return proc.stdout


def ask(root: Path, *args: str) -> str | None:
    """What ``git ARGS`` prints in ``root``, as text; None when git fails or is missing."""
    try:
        return run(root, *args).decode("utf-8", "replace").strip()
    except GitError:
        return None


def in_repository(root: Path) -> bool:
    return ask(root, "rev-parse", "--is-inside-work-tree") == "true"


def is_ignored(root: Path) -> bool:
    """Whether the repository ``root`` is in ignores it (a build folder, say)."""
    try:
        run(root, "check-ignore", "--quiet", ".")
    except GitError:
        return False
    return True


def is_shallow(root: Path) -> bool:
    return ask(root, "rev-parse", "--is-shallow-repository") == "true"


def commit_of(root: Path, ref: str) -> str:
    """The id of the commit ``ref`` names."""
    refuse_option_ref(ref)
    return (
        run(root, "rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}")
        .decode("ascii", "replace")
        .strip()
    )


def commit_date(root: Path, commit: str) -> str:
    """The committer date of ``commit`` (ISO 8601, as git gives it); empty if git cannot say."""
    return ask(root, "log", "-1", "--format=%cI", commit, "--") or ""


def is_ancestor(root: Path, older: str, newer: str) -> bool:
    """Whether the commit ``older`` is in the history of the commit ``newer`` (or is it)."""
    return ask(root, "merge-base", "--is-ancestor", older, newer) is not None


def tag_object(root: Path, tag: str) -> str:
    """The text of an annotated tag's object (its header, message and any signature)."""
    refuse_option_ref(tag)
    return run(root, "cat-file", "tag", tag).decode("utf-8", "replace")


def verify_tag(root: Path, tag: str) -> tuple[bool, str]:
    """Whether git verifies the tag's signature with the keys it is configured with, and the
    last line git said about it."""
    refuse_option_ref(tag)
    try:
        run(root, "verify-tag", tag)
    except GitError as exc:
        return False, str(exc)
    return True, ""


def init_repository(root: Path) -> None:
    run(root, "init", "--quiet")


def commit_all(root: Path, message: str) -> None:
    """Commit every file of the work tree as the user git knows (``user.name``)."""
    run(root, "add", "--all")
    run(root, "commit", "--quiet", "-m", message)


def commit_epoch(root: Path) -> int | None:
    """SOURCE_DATE_EPOCH for reproducible exports: the environment's, else the commit date."""
    from_env = source_date_epoch()
    if from_env is not None:
        return from_env
    stamp = ask(root, "log", "-1", "--format=%ct")
    return int(stamp) if stamp and stamp.isdigit() else None


def project_in_repository(root: Path) -> Path:
    """Where the project sits inside its git repository (often '.')."""
    prefix = ask(root, "rev-parse", "--show-prefix")
    return Path(prefix or ".")


def add_worktree(root: Path, target: Path, ref: str) -> None:
    """A detached checkout of ``ref`` at ``target``, beside the user's own work tree."""
    refuse_option_ref(ref)
    # A bundle killed before it could remove its checkout leaves it registered; its folder
    # is gone (the next run removes stale work folders), so git can forget it. Only those:
    # `git worktree prune` would forget the user's own work trees on a drive not mounted.
    for own in _own_worktrees(root):
        if not own.exists():
            remove_worktree(root, own)
    # Absolute: git runs in the project folder, where a relative path names another place.
    path = str(target.absolute())
    try:
        run(root, "worktree", "add", "--detach", "--quiet", "--end-of-options", path, ref)
    except GitError as exc:
        _tidy_worktrees(root)
        if "Read-only file system" in exc.said or "Permission denied" in exc.said:
            # git registers a work tree in the repository's git folder, which cannot be
            # written here (a read-only checkout): a clone of its own borrows its objects.
            _clone_at(root, target, ref)
            return
        if "unable to write" not in exc.said and "No space left" not in exc.said:
            raise
        # git ends with "Could not reset index file", which says nothing of why; the ref was
        # fine, the folder was not (so not a GitError, which says the input is wrong).
        raise OutputError(
            f"could not write the checkout of {ref} in {target.parent}: the folder is full or "
            "cannot be written; free space there, or set TMPDIR to a folder with room"
        ) from None


def _clone_at(root: Path, target: Path, ref: str) -> None:
    """A checkout of ``ref`` at ``target`` in a repository of its own that shares the objects
    of the repository of ``root`` and has its tags, without writing anything in it."""
    commit = commit_of(root, ref)
    top = ask(root, "rev-parse", "--show-toplevel") or str(root)
    try:
        run(
            root, "clone", "--quiet", "--shared", "--no-checkout", "--", top, str(target.absolute())
        )
        run(target, "fetch", "--quiet", "origin", "+refs/tags/*:refs/tags/*")
        run(target, "checkout", "--quiet", "--detach", commit)
    except GitError:
        raise OutputError(
            f"could not check out {ref}: the repository cannot be written (a read-only "
            f"checkout) and a clone of it could not be made in {target.parent}; free space "
            "there, or set TMPDIR to a folder with room"
        ) from None


def remove_worktree(root: Path, target: Path) -> None:
    """Remove the checkout ``add_worktree`` made at ``target`` and git's record of it, also
    when its folder is gone already; no other work tree is touched."""
    path = target.absolute()
    if ask(root, "worktree", "remove", "--force", str(path)) is None and not path.exists():
        # An older git refuses a work tree whose folder is gone: forget it by its record.
        for record in _worktree_records(root):
            with contextlib.suppress(OSError):
                if Path(record.joinpath("gitdir").read_text(encoding="utf-8").strip()) == (
                    path / ".git"
                ):
                    shutil.rmtree(record)
    _tidy_worktrees(root)


def _own_worktrees(root: Path) -> list[Path]:
    """The work trees registered with the repository of ``root`` that smsdocs made: the
    checkouts in its work folders (``output.work_folder``)."""
    listing = ask(root, "worktree", "list", "--porcelain") or ""
    paths = [Path(line[9:]) for line in listing.splitlines() if line.startswith("worktree ")]
    return [path for path in paths if in_work_folder(path)]


def _worktree_records(root: Path) -> list[Path]:
    """git's record of each linked work tree: the folders under ``.git/worktrees``."""
    common = ask(root, "rev-parse", "--path-format=absolute", "--git-common-dir")
    records = Path(common) / "worktrees" if common else None
    try:
        return sorted(records.iterdir()) if records else []
    except OSError:
        return []


def _tidy_worktrees(root: Path) -> None:
    """Remove ``.git/worktrees`` when it is left empty, as git itself does."""
    common = ask(root, "rev-parse", "--path-format=absolute", "--git-common-dir")
    if common:
        with contextlib.suppress(OSError):
            (Path(common) / "worktrees").rmdir()
