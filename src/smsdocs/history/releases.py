"""Releases: annotated tags matching the release pattern, the version a build shows, the
releases the check reads, and every release with what changed since the one before."""

from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import dataclass
from pathlib import Path

from smsdocs.history.cache import ReleaseCache
from smsdocs.history.changes import diff
from smsdocs.history.git import (
    GitError,
    ask,
    git_available,
    in_repository,
    is_shallow,
    project_in_repository,
    refuse_option_ref,
)
from smsdocs.history.tree import scope_at
from smsdocs.model import Change, Release, ReleaseRecord, Scope
from smsdocs.validate import Checked, Releases
from smsdocs.words import N_

UNVERSIONED = "unversioned"


def release_of(root: Path, scope: Scope, pattern: str = "v*") -> tuple[Release, str | None]:
    """The release a build of ``root`` shows, and a warning to give when git cannot tell."""
    if not git_available():
        return (
            Release(UNVERSIONED, "Draft", N_("git is not installed")),
            "git is not installed (or not on PATH), so the manual is marked Draft and "
            "unversioned and has no release history; install git to version it",
        )
    if not in_repository(root):
        return (
            Release(UNVERSIONED, "Draft", N_("not a git repository")),
            "the project is not in a git repository, so the manual is marked Draft and "
            "unversioned; run 'git init' and tag releases to version it",
        )
    warning = None
    if is_shallow(root):
        warning = (
            "this is a shallow git clone, so releases and their history may be missing; "
            "fetch the full history (git fetch --unshallow, or fetch-depth: 0 in CI)"
        )
    # Without --tags, describe considers annotated tags only: those are the releases.
    exact = ask(root, "describe", "--exact-match", "--match", pattern, "HEAD")
    dirty = ask(root, "status", "--porcelain", "--untracked-files=no", "--", ".")
    if exact and not dirty and any(a.version == exact for a in scope.approvals):
        return Release(exact, "Approved"), warning
    described = ask(root, "describe", "--always", "--dirty", "--match", pattern)
    if described is None:
        return Release(UNVERSIONED, "Draft", N_("no commits yet")), warning
    if exact and not dirty:
        return Release(exact, "Draft", N_("tagged, but no approval records this version")), warning
    return Release(described, "Draft"), warning


def repository_releases(root: Path, pattern: str = "v*") -> Releases | None:
    """The release tags of the repository ``root`` is in, for the check of approvals; None
    where git cannot tell (git missing, or no repository)."""
    if not git_available() or not in_repository(root):
        return None
    found, lightweight = tags(root, pattern)
    return Releases(
        pattern,
        frozenset(t.name for t in found),
        frozenset(lightweight),
        is_shallow(root),
        _release_checked_out(root, pattern),
    )


def _release_checked_out(root: Path, pattern: str) -> str | None:
    """The release tag of the commit checked out, when the project's files are as committed."""
    exact = ask(root, "describe", "--exact-match", "--match", pattern, "HEAD")
    if not exact or ask(root, "status", "--porcelain", "--untracked-files=no", "--", "."):
        return None
    return exact


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    date: str
    tagger: str
    message: str
    object: str = ""
    """The tag object's id: it changes whenever the tag is made again."""
    stamp: int = 0
    """When the tag was made (its tagger date, seconds since 1970): orders the releases."""
    signed: bool = False
    """The tag object carries a signature (whether it verifies is for git to say)."""


def tags(
    root: Path, pattern: str = "v*", *, merged: str | None = None
) -> tuple[list[Tag], list[str]]:
    """Annotated release tags, newest first, and the names of lightweight tags passed over;
    with ``merged``, only the tags whose commit is in the history of that ref (or is it)."""
    fmt = (
        "%(refname:strip=2)%00%(objecttype)%00%(creatordate:short)%00%(taggername)%00"
        "%(objectname)%00%(creatordate:unix)%00%(contents)%00%(contents:signature)%1e"
    )
    if merged is not None:
        refuse_option_ref(merged)
    # Newest first; tags made in the same second fall back to version order (the last
    # --sort key is the primary one).
    out = ask(
        root,
        "for-each-ref",
        "--sort=-v:refname",
        "--sort=-creatordate",
        f"--format={fmt}",
        *([f"--merged={merged}"] if merged is not None else []),
        f"refs/tags/{pattern}",
    )
    if not out:
        return [], []
    releases: list[Tag] = []
    skipped: list[str] = []
    for record in out.split("\x1e"):
        fields = record.strip("\n").split("\x00")
        if len(fields) < 7 or not fields[0]:
            continue
        name, kind, date, tagger, obj, stamp, message = fields[:7]
        signature = fields[7] if len(fields) > 7 else ""
        if kind != "tag":
            skipped.append(name)
            continue
        made = int(stamp) if stamp.lstrip("-").isdigit() else 0
        # The message without the signature, which git keeps at its end.
        signature = signature.strip()
        if signature and signature in message:
            message = message[: message.rindex(signature)]
        releases.append(Tag(name, date, tagger, message.strip(), obj, made, bool(signature)))
    return releases, skipped


def preceding(root: Path, tag: str, pattern: str = "v*") -> tuple[list[Tag], list[str]]:
    """The releases up to the release ``tag``, newest first, itself included: the tags whose
    commit is in its commit's history and that were made no later than it. Tags made after
    it, on its branch or elsewhere, are left out, so the list is a function of ``tag`` and
    the tags before it: making a new tag never changes an old release's history."""
    found, skipped = tags(root, pattern, merged=f"refs/tags/{tag}")
    own = next((t for t in found if t.name == tag), None)
    if own is None:
        return found, skipped
    return [t for t in found if t.stamp <= own.stamp], skipped


def release_history(
    root: Path,
    pattern: str = "v*",
    today: dt.date | None = None,
    compared: int | None = None,
    *,
    upto: str | None = None,
) -> tuple[list[ReleaseRecord], list[str]]:
    """Every release, newest first, with what changed in the scope since the one before.

    ``compared`` limits the work to the newest releases: older ones are listed with their tag
    but no changes (``changes`` None, ``problem`` empty), as a chapter that shows only the
    newest needs. ``upto`` (a release tag) lists only the releases that precede it and
    itself (``preceding``), as the manual of that release shows them."""
    found, skipped = tags(root, pattern) if upto is None else preceding(root, upto, pattern)
    warnings = [
        f"tag '{name}' matches the release pattern but is a lightweight tag, so it is not a "
        f"release; recreate it with 'git tag -a {shlex.quote(name)}'"
        for name in skipped
    ]
    scopes: dict[str, Checked | None] = {}

    def checked(tag: Tag) -> Checked | None:
        if tag.name not in scopes:
            try:
                scopes[tag.name] = scope_at(root, tag.name, today=today)
            except GitError as exc:
                warnings.append(f"could not read the scope at '{tag.name}': {exc}")
                scopes[tag.name] = None
        return scopes[tag.name]

    cache = ReleaseCache.read(root)
    # The project's folder in the repository: two projects in one repository share the
    # cache, and the same two tags hold different scopes for each.
    place = project_in_repository(root).as_posix()
    records: list[ReleaseRecord] = []
    for index, tag in enumerate(found):
        older = found[index + 1] if index + 1 < len(found) else None
        changes: tuple[Change, ...] | None = None
        problem = ""
        if older is not None and (compared is None or index < compared):
            key = f"{place}:{older.object}..{tag.object}"
            known = cache.get(key)
            if known is not None:
                changes, problem = known
            else:
                new, old = checked(tag), checked(older)
                if new is None or old is None:
                    problem = N_("the scope at one of the two releases could not be read")
                elif new.scope is None or old.scope is None:
                    problem = N_("the scope at one of the two releases does not pass the check")
                    cache.put(key, None, problem)
                else:
                    changes = tuple(diff(old.scope, new.scope))
                    cache.put(key, changes, problem)
        listed = compared is None or index < compared
        signed = (_signature(root, tag.name) if tag.signed else "unsigned") if listed else ""
        records.append(
            ReleaseRecord(tag.name, tag.date, tag.tagger, tag.message, changes, problem, signed)
        )
    cache.write()
    return records, warnings


def _signature(root: Path, tag: str) -> str:
    """The tag's signature as git verifies it (``ReleaseRecord.signature``)."""
    from smsdocs.signing import tag_signature

    state, said = tag_signature(root, tag)
    return f"verified: {said}" if state == "verified" else state
