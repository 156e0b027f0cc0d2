"""Versions of the scope from git: releases, the version a build shows, and scope diffs.

A release is an annotated git tag matching a pattern (``v*`` by default); lightweight tags are
not releases. A build made exactly at a release tag that has a matching entry in ``approvals``
is "Approved"; anything else is a "Draft", identified by ``git describe``. Old versions of the
scope are read from git objects, never by checking them out.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from smsdocs.errors import OutputError, VersionError
from smsdocs.load import SCOPE_DIR, Broken, Outside, PathEntry, load_tree
from smsdocs.model import Change, Release, ReleaseRecord, Scope, name_of
from smsdocs.output import in_work_folder, source_date_epoch, write_atomic
from smsdocs.schema import fields_of
from smsdocs.validate import SECTIONS, Checked, Releases, check, validate

UNVERSIONED = "unversioned"


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


def _run(
    root: Path, *args: str, data: bytes | None = None, env: dict[str, str] | None = None
) -> bytes:
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


def _git(root: Path, *args: str) -> str | None:
    try:
        return _run(root, *args).decode("utf-8", "replace").strip()
    except GitError:
        return None


def in_repository(root: Path) -> bool:
    return _git(root, "rev-parse", "--is-inside-work-tree") == "true"


def is_ignored(root: Path) -> bool:
    """Whether the repository ``root`` is in ignores it (a build folder, say)."""
    try:
        _run(root, "check-ignore", "--quiet", ".")
    except GitError:
        return False
    return True


def is_shallow(root: Path) -> bool:
    return _git(root, "rev-parse", "--is-shallow-repository") == "true"


def release_of(root: Path, scope: Scope, pattern: str = "v*") -> tuple[Release, str | None]:
    """The release a build of ``root`` shows, and a warning to give when git cannot tell."""
    if not git_available():
        return (
            Release(UNVERSIONED, "Draft", "git is not installed"),
            "git is not installed (or not on PATH), so the manual is marked Draft and "
            "unversioned and has no release history; install git to version it",
        )
    if not in_repository(root):
        return (
            Release(UNVERSIONED, "Draft", "not a git repository"),
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
    exact = _git(root, "describe", "--exact-match", "--match", pattern, "HEAD")
    dirty = _git(root, "status", "--porcelain", "--untracked-files=no", "--", ".")
    if exact and not dirty and any(a.version == exact for a in scope.approvals):
        return Release(exact, "Approved"), warning
    described = _git(root, "describe", "--always", "--dirty", "--match", pattern)
    if described is None:
        return Release(UNVERSIONED, "Draft", "no commits yet"), warning
    if exact and not dirty:
        return Release(exact, "Draft", "tagged, but no approval records this version"), warning
    return Release(described, "Draft"), warning


def commit_of(root: Path, ref: str) -> str:
    """The id of the commit ``ref`` names."""
    refuse_option_ref(ref)
    return (
        _run(root, "rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}")
        .decode("ascii", "replace")
        .strip()
    )


def is_ancestor(root: Path, older: str, newer: str) -> bool:
    """Whether the commit ``older`` is in the history of the commit ``newer`` (or is it)."""
    return _git(root, "merge-base", "--is-ancestor", older, newer) is not None


def tag_object(root: Path, tag: str) -> str:
    """The text of an annotated tag's object (its header, message and any signature)."""
    refuse_option_ref(tag)
    return _run(root, "cat-file", "tag", tag).decode("utf-8", "replace")


def verify_tag(root: Path, tag: str) -> tuple[bool, str]:
    """Whether git verifies the tag's signature with the keys it is configured with, and the
    last line git said about it."""
    refuse_option_ref(tag)
    try:
        _run(root, "verify-tag", tag)
    except GitError as exc:
        return False, str(exc)
    return True, ""


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
    exact = _git(root, "describe", "--exact-match", "--match", pattern, "HEAD")
    if not exact or _git(root, "status", "--porcelain", "--untracked-files=no", "--", "."):
        return None
    return exact


def release_pattern(root: Path) -> str:
    """The ``release_pattern`` the project's mkdocs.yml gives the smsdocs plugin (``v*``
    unless set), read without MkDocs: the check runs where the site is never built."""
    import yaml

    class Lenient(yaml.SafeLoader):
        """Reads mkdocs.yml's own tags (``!ENV``, ``!!python/name:``) as nothing."""

    Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load((root / "mkdocs.yml").read_bytes(), Lenient)
    except (OSError, yaml.YAMLError):
        return "v*"
    plugins = config.get("plugins") if isinstance(config, dict) else None
    for plugin in plugins if isinstance(plugins, list) else []:
        options = plugin.get("smsdocs") if isinstance(plugin, dict) else None
        if isinstance(options, dict) and isinstance(options.get("release_pattern"), str):
            return str(options["release_pattern"])
    return "v*"


def init_repository(root: Path) -> None:
    _run(root, "init", "--quiet")


def commit_all(root: Path, message: str) -> None:
    """Commit every file of the work tree as the user git knows (``user.name``)."""
    _run(root, "add", "--all")
    _run(root, "commit", "--quiet", "-m", message)


def record_releases(
    root: Path, scope: Scope, edits: dict[str, tuple[ReleaseEdit, ...]] | None = None
) -> list[str]:
    """Commit a new repository's project once per approval, oldest first, and tag each commit
    with the approved version (an annotated tag): each release holds the approvals made by
    then, dated on its approval's day, committed and tagged by the document's owner.

    The files as they are hold the newest release. ``edits`` says, by version, what each
    release changed in the scope since the one before (``release_edits``): going back from the
    newest release, each release's edits are undone to give the files of the release before
    it. This is the history a project has when every approved version was released; the last
    commit holds the files as they are, so the work tree is clean at the newest release.
    Returns the tags made (none without approvals)."""
    approvals = sorted(scope.approvals, key=lambda a: (a.date, a.version))
    if not approvals:
        return []
    where = _approvals_file(root)
    if where is None:  # pragma: no cover - every scope with approvals has them in a file
        return []
    edited = {where, *(e.file for es in (edits or {}).values() for e in es)}
    newest = {name: (root / name).read_text(encoding="utf-8") for name in sorted(edited)}
    states = [newest]
    for approval in reversed(approvals[1:]):
        states.insert(0, undo_edits(states[0], (edits or {}).get(approval.version, ())))
    owner = name_of(scope, scope.document.owner)
    config = ("-c", "commit.gpgSign=false", "-c", "tag.gpgSign=false", "-c", "core.hooksPath=")
    made: list[str] = []
    for index, approval in enumerate(approvals):
        files = dict(states[index])
        kept = {a.version for a in approvals[: index + 1]}
        files[where] = _without_approvals(files[where], kept)
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8")
        when = f"{approval.date.isoformat()}T12:00:00+0000"
        env = {
            "GIT_AUTHOR_NAME": owner,
            "GIT_AUTHOR_EMAIL": "",
            "GIT_COMMITTER_NAME": owner,
            "GIT_COMMITTER_EMAIL": "",
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_DATE": when,
        }
        message = (
            f"{approval.version}: approved by {name_of(scope, approval.by)} on {approval.date}"
            + (f" ({approval.record})" if approval.record else "")
        )
        _run(root, *config, "add", "--all", env=env)
        _run(root, *config, "commit", "--quiet", "--no-verify", "-m", message, env=env)
        _run(root, *config, "tag", "-a", approval.version, "-m", message, env=env)
        made.append(approval.version)
    return made


@dataclass(frozen=True, slots=True)
class ReleaseEdit:
    """One change a release made to a scope file since the release before it: the text
    ``was`` became ``now``, or (``added``) the entry at a dotted path was added, such as
    ``services.draas`` (a list item is named by its id)."""

    file: str
    """The file, relative to the project (``scope/services/infrastructure.yaml``)."""
    was: str = ""
    now: str = ""
    added: str = ""


class ReleaseEditError(VersionError):
    """A release's edit does not fit the files it is undone on."""


def release_edits(text: str) -> dict[str, tuple[ReleaseEdit, ...]]:
    """The edits of each release, by version, from YAML: a mapping of versions to lists of
    ``{file, was, now}`` or ``{file, added}``."""
    import yaml

    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise ReleaseEditError("the release edits are not a mapping of versions to edits")
    edits: dict[str, tuple[ReleaseEdit, ...]] = {}
    for version, items in data.items():
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ReleaseEditError(f"the edits of '{version}' are not a list of mappings")
        try:
            edits[str(version)] = tuple(ReleaseEdit(**item) for item in items)
        except TypeError as exc:
            raise ReleaseEditError(f"an edit of '{version}' is malformed: {exc}") from None
    return edits


def undo_edits(files: dict[str, str], edits: tuple[ReleaseEdit, ...]) -> dict[str, str]:
    """The files (texts by name) as they were before a release made ``edits``; the blank lines
    a removed entry leaves go with it."""
    result = dict(files)
    for edit in edits:
        text = result[edit.file]
        if edit.added:
            first, past = _entry_lines(text, edit.added, edit.file)
            lines = text.splitlines(keepends=True)
            while past < len(lines) and not lines[past].strip():
                past += 1
            text = "".join(lines[:first] + lines[past:])
        else:
            if text.count(edit.now) != 1 or not edit.now:
                raise ReleaseEditError(
                    f"{edit.file}: the text a release made is not found there exactly once: "
                    f"{edit.now!r}"
                )
            text = text.replace(edit.now, edit.was)
        while "\n\n\n" in text:
            text = text.replace("\n\n\n", "\n\n")
        result[edit.file] = text.rstrip("\n") + "\n"
    return result


def _entry_lines(text: str, path: str, file: str) -> tuple[int, int]:
    """The lines (first, past last) of the entry at a dotted ``path`` in a YAML text: a key of
    a mapping, or the item of a list whose id it is."""
    import yaml

    node: Any = yaml.compose(text, yaml.SafeLoader)
    first = past = -1
    for part in path.split("."):
        found = None
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode):
            found = next(
                (
                    (item, item)
                    for item in node.value
                    if isinstance(item, yaml.MappingNode)
                    and any(k.value == "id" and v.value == part for k, v in item.value)
                ),
                None,
            )
        if found is None:
            raise ReleaseEditError(f"{file}: no entry '{path}' to take out")
        first, node = found[0].start_mark.line, found[1]
        past = _last_line(node) + 1
    return first, past


def _last_line(node: Any) -> int:
    """The last line that holds ``node``'s own text (not the comments or blank lines after)."""
    import yaml

    if isinstance(node, yaml.MappingNode) and node.value:
        return _last_line(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and node.flow_style is False:
        return _last_line(node.value[-1])
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        return node.end_mark.line - 1 if node.end_mark.column == 0 else node.end_mark.line
    return int(node.end_mark.line)


def _approvals_file(root: Path) -> str | None:
    """The scope file that holds 'approvals:', relative to the project."""
    for path in sorted((root / SCOPE_DIR).rglob("*.y*ml")):
        if _approval_spans(path.read_text(encoding="utf-8")) is not None:
            return path.relative_to(root).as_posix()
    return None


def _without_approvals(text: str, kept: set[str]) -> str:
    """A scope file's text without the approvals of versions not in ``kept``."""
    spans = _approval_spans(text) or {}
    dropped = [span for version, span in spans.items() if version not in kept]
    return "".join(
        line
        for number, line in enumerate(text.splitlines(keepends=True))
        if not any(start <= number < end for start, end in dropped)
    )


def _approval_spans(text: str) -> dict[str, tuple[int, int]] | None:
    """The lines (first, past last) of each approval in a scope file's text, by version; None
    when the file holds no 'approvals:'."""
    import yaml

    try:
        document = yaml.compose(text, yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(document, yaml.MappingNode):
        return None
    for key, value in document.value:
        if key.value != "approvals" or not isinstance(value, yaml.SequenceNode):
            continue
        starts = [item.start_mark.line for item in value.value]
        ends = [*starts[1:], value.end_mark.line + (1 if value.end_mark.column else 0)]
        spans: dict[str, tuple[int, int]] = {}
        for item, start, end in zip(value.value, starts, ends, strict=True):
            version = next(
                (v.value for k, v in getattr(item, "value", []) if k.value == "version"), None
            )
            if isinstance(version, str):
                spans[version] = (start, end)
        return spans
    return None


def commit_epoch(root: Path) -> int | None:
    """SOURCE_DATE_EPOCH for reproducible exports: the environment's, else the commit date."""
    from_env = source_date_epoch()
    if from_env is not None:
        return from_env
    stamp = _git(root, "log", "-1", "--format=%ct")
    return int(stamp) if stamp and stamp.isdigit() else None


# --------------------------------------------------------------------------------------------
# Releases.


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
    out = _git(
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

    cache = _ReleaseCache.read(root)
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
                    problem = "the scope at one of the two releases could not be read"
                elif new.scope is None or old.scope is None:
                    problem = "the scope at one of the two releases does not pass the check"
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


RELEASE_CACHE: Final = Path("smsdocs") / "releases.json"
"""Where, in the repository's git folder (``git rev-parse --git-common-dir``), the changes
between consecutive releases are kept between builds."""


def cache_path(root: Path) -> Path | None:
    """The release cache of the repository ``root`` is in: inside its git folder, never in
    the work tree, so no commit, checkout or copy of the project can bring one along; None
    where git cannot tell."""
    common = _git(root, "rev-parse", "--path-format=absolute", "--git-common-dir")
    return Path(common) / RELEASE_CACHE if common else None


class _ReleaseCache:
    """The changes between two releases, by the project's folder and their tag objects' ids,
    between builds.

    A tag object's id names its commit, and so the scope files at it: what changed between
    two of them never changes, so no build re-reads and re-checks the scope at every release
    (with thousands of tags that took most of every build). The cache is dropped whole when
    smsdocs's version changes, and keeps only the pairs the last build used. It is a help,
    never a source: it lives in git's own folder, where no commit can put one (a file of
    that name in the project, committed or not, is never read); a tag made again has a new
    id, so an entry of its old one is never used; unreadable or damaged, it is ignored;
    unwritable, it is not written.
    """

    def __init__(self, version: str, pairs: dict[str, Any], path: Path | None = None) -> None:
        self.path = path
        self.version = version
        self.pairs = pairs
        self.used: dict[str, Any] = {}

    @classmethod
    def read(cls, root: Path) -> _ReleaseCache:
        from smsdocs import __version__

        path = cache_path(root)
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path else None
        except (OSError, ValueError):
            return cls(__version__, {}, path)
        if not isinstance(data, dict) or data.get("smsdocs") != __version__:
            return cls(__version__, {}, path)
        pairs = data.get("pairs")
        return cls(__version__, pairs if isinstance(pairs, dict) else {}, path)

    def get(self, key: str) -> tuple[tuple[Change, ...] | None, str] | None:
        entry: Any = self.pairs.get(key)
        if entry is None:
            return None
        try:
            problem = str(entry["problem"])
            found = entry["changes"]
            changes = (
                None
                if found is None
                else tuple(
                    Change(
                        section,
                        ident,
                        change,
                        tuple((f, a, b) for f, a, b in fields),
                        name,
                        tuple((i, n) for i, n in names),
                    )
                    for section, ident, change, fields, name, names in found
                )
            )
        except (KeyError, TypeError, ValueError):
            return None
        self.used[key] = entry
        return changes, problem

    def put(self, key: str, changes: tuple[Change, ...] | None, problem: str) -> None:
        found = (
            None
            if changes is None
            else [
                [c.section, c.id, c.change, [list(f) for f in c.fields], c.name, list(c.names)]
                for c in changes
            ]
        )
        self.used[key] = {"changes": found, "problem": problem}

    def write(self) -> None:
        if self.used == self.pairs or self.path is None:
            return
        data = json.dumps({"smsdocs": self.version, "pairs": self.used}, sort_keys=True)
        # An optimisation only: a read-only checkout, a full disk, or a file where its folder
        # goes (write_atomic's OutputError) leaves the build to go on without it.
        with contextlib.suppress(OSError, OutputError):
            write_atomic(self.path, data.encode("utf-8"))


# --------------------------------------------------------------------------------------------
# The scope at a git ref, read from git objects.


class GitTree:
    """The project's files at a git ref, read from git objects, never checked out.

    Links are followed within the tree at that ref, as the operating system follows them in
    a checkout, so ``load.scope_files`` applies the same rule to both.
    """

    MAX_LINKS = 40
    """Links followed for one path before it counts as a loop (Linux's limit)."""

    def __init__(self, root: Path, ref: str) -> None:
        refuse_option_ref(ref)
        self.root = root
        self.ref = ref
        # Paths are relative to the project folder (git's current folder here).
        listing = _run(root, "ls-tree", "-r", "-t", "-l", "-z", "--end-of-options", ref, "--", ".")
        self.objects: dict[str, tuple[str, str, str, int]] = {}
        self.children: dict[str, list[str]] = {"": []}
        for item in listing.decode("utf-8", "replace").split("\x00"):
            if not item:
                continue
            meta, _, path = item.partition("\t")
            mode, kind, sha, size = meta.split()
            self.objects[path] = (mode, kind, sha, int(size) if size.isdigit() else 0)
            parent, _, name = path.rpartition("/")
            self.children.setdefault(parent, []).append(name)
            if kind == "tree":
                self.children.setdefault(path, [])
        links = [path for path, (mode, *_) in self.objects.items() if mode == "120000"]
        self.links = {
            path: data.decode("utf-8", "replace")
            for path, data in zip(
                links, self._blobs([self.objects[p][2] for p in links]), strict=True
            )
        }

    def _blobs(self, shas: list[str]) -> list[bytes]:
        if not shas:
            return []
        batch = _run(
            self.root, "cat-file", "--batch", data="".join(f"{s}\n" for s in shas).encode()
        )
        blobs: list[bytes] = []
        offset = 0
        for _sha in shas:
            header_end = batch.index(b"\n", offset)
            size = int(batch[offset:header_end].split()[2])
            start = header_end + 1
            blobs.append(batch[start : start + size])
            offset = start + size + 1
        return blobs

    def resolve(self, path: str) -> str:
        pending = path.split("/")
        done: list[str] = []
        followed = 0
        target = ""
        while pending:
            part = pending.pop(0)
            if part in ("", "."):
                continue
            if part == "..":
                if not done:
                    raise Outside(target)
                done.pop()
                continue
            current = "/".join([*done, part])
            if current not in self.objects:
                raise Broken("no such file or directory")
            if current not in self.links:
                done.append(part)
                continue
            target = self.links[current]
            followed += 1
            if followed > self.MAX_LINKS:
                raise Broken("too many levels of symbolic links")
            if target.startswith("/"):
                raise Outside(target)
            pending = [*target.split("/"), *pending]
        return "/".join(done)

    def entry(self, path: str) -> PathEntry:
        if path == "":
            return PathEntry("folder")
        mode, kind, _sha, size = self.objects[path]
        if kind == "tree":
            return PathEntry("folder")
        if kind == "commit":
            return PathEntry("submodule")
        return PathEntry("file", size) if mode in ("100644", "100755") else PathEntry("other")

    def names(self, folder: str) -> list[str]:
        return list(self.children.get(folder, []))

    def read(self, paths: list[str], limit: int) -> Iterator[bytes | str]:
        # The size limit is applied by the caller from the listing, so every blob is small.
        yield from self._blobs([self.objects[p][2] for p in paths])


def scope_at(root: Path, ref: str | None, today: dt.date | None = None) -> Checked:
    """The checked scope at a git ref, or in the working tree when ``ref`` is None."""
    if ref is None:
        return check(root, today=today)
    return validate(load_tree(GitTree(root, ref), root), today=today)


# --------------------------------------------------------------------------------------------
# Semantic diff.


def plain(value: Any) -> Any:
    """A JSON-ready copy of a model value."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def _empty(value: Any) -> bool:
    return value is None or value in ((), "")


def _entries(scope: Scope, section: str) -> dict[str, Any]:
    value = getattr(scope, section)
    if SECTIONS[section].shape == "object":
        # An optional section (the implementation plan) may be absent from either version.
        return {} if value is None else {section: value}
    key = "version" if section == "approvals" else "id"
    return {getattr(entry, key): entry for entry in value}


def diff(old: Scope, new: Scope) -> list[Change]:
    """What changed from ``old`` to ``new``, section by section, field by field; each change
    with the entry's name and the names of the entries its fields refer to."""
    changes: list[Change] = []
    for section in SECTIONS:
        before, after = _entries(old, section), _entries(new, section)
        for ident in [*before, *(i for i in after if i not in before)]:
            a, b = before.get(ident), after.get(ident)
            present = a if a is not None else b
            assert present is not None  # the id came from one side or the other
            cls: type = type(present)
            specs = fields_of(cls)
            if a is None:
                kind: Literal["added", "removed", "changed"] = "added"
                fields = tuple(
                    (n, None, plain(getattr(b, n))) for n in specs if not _empty(getattr(b, n))
                )
            elif b is None:
                kind = "removed"
                fields = tuple(
                    (n, plain(getattr(a, n)), None) for n in specs if not _empty(getattr(a, n))
                )
            elif a != b:
                kind = "changed"
                fields = tuple(
                    (n, plain(getattr(a, n)), plain(getattr(b, n)))
                    for n in specs
                    if getattr(a, n) != getattr(b, n)
                )
            else:
                continue
            name = name_of(new if b is not None else old, ident)
            names: dict[str, str] = {}
            for field, was, now in fields:
                if specs[field].ref is None and not specs[field].target:
                    continue
                for scope, value in ((old, was), (new, now)):
                    for referred in value if isinstance(value, list) else [value]:
                        if isinstance(referred, str) and referred in scope.index:
                            names.setdefault(referred, name_of(scope, referred))
            changes.append(
                Change(
                    section,
                    ident,
                    kind,
                    fields,
                    "" if name == ident else name,
                    tuple((i, n) for i, n in names.items() if n != i),
                )
            )
    return changes


def project_in_repository(root: Path) -> Path:
    """Where the project sits inside its git repository (often '.')."""
    prefix = _git(root, "rev-parse", "--show-prefix")
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
        _run(root, "worktree", "add", "--detach", "--quiet", "--end-of-options", path, ref)
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
    top = _git(root, "rev-parse", "--show-toplevel") or str(root)
    try:
        _run(
            root, "clone", "--quiet", "--shared", "--no-checkout", "--", top, str(target.absolute())
        )
        _run(target, "fetch", "--quiet", "origin", "+refs/tags/*:refs/tags/*")
        _run(target, "checkout", "--quiet", "--detach", commit)
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
    if _git(root, "worktree", "remove", "--force", str(path)) is None and not path.exists():
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
    listing = _git(root, "worktree", "list", "--porcelain") or ""
    paths = [Path(line[9:]) for line in listing.splitlines() if line.startswith("worktree ")]
    return [path for path in paths if in_work_folder(path)]


def _worktree_records(root: Path) -> list[Path]:
    """git's record of each linked work tree: the folders under ``.git/worktrees``."""
    common = _git(root, "rev-parse", "--path-format=absolute", "--git-common-dir")
    records = Path(common) / "worktrees" if common else None
    try:
        return sorted(records.iterdir()) if records else []
    except OSError:
        return []


def _tidy_worktrees(root: Path) -> None:
    """Remove ``.git/worktrees`` when it is left empty, as git itself does."""
    common = _git(root, "rev-parse", "--path-format=absolute", "--git-common-dir")
    if common:
        with contextlib.suppress(OSError):
            (Path(common) / "worktrees").rmdir()
