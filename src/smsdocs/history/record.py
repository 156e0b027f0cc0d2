"""Recording a project's approved versions as its releases in a new repository (``smsdocs init
--example``): one commit and annotated tag per approval, each release's edits undone to give
the files of the one before."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smsdocs.errors import VersionError
from smsdocs.history.git import run
from smsdocs.load import SCOPE_DIR
from smsdocs.model import Scope, name_of


def record_releases(
    root: Path, scope: Scope, edits: dict[str, tuple[ReleaseEdit, ...]] | None = None
) -> list[str]:
    """Commit a new repository's project once per approval, oldest first, and tag each commit
    with the approved version (an annotated tag): each release holds the approvals made by
    then, dated on its approval's day, committed and tagged by the document's owner.

    The files as they are hold the newest release. ``edits`` says, by version, what each
    release changed in the scope since the one before (``release_edits``): going back from the
    newest release, each release's edits are undone to give the files of the release before
    it. A file an edit says was ``recorded`` is absent from the releases before that version
    and committed on its own, after the release before's tag, on the day given: records made
    once a release was tagged (its communication), which leave the tagged release as it was.
    This is the history a project has when every approved version was released; the last
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
    recorded = {
        a.version: [e for e in (edits or {}).get(a.version, ()) if e.recorded] for a in approvals
    }
    later = recorded_files(recorded)
    for name in later:
        (root / name).unlink()  # written back by the commit that records it
    owner = name_of(scope, scope.document.owner)
    config = ("-c", "commit.gpgSign=false", "-c", "tag.gpgSign=false", "-c", "core.hooksPath=")
    made: list[str] = []
    for index, approval in enumerate(approvals):
        for edit in recorded[approval.version]:
            (root / edit.file).write_text(states[index][edit.file], encoding="utf-8")
            _commit(root, config, owner, edit.recorded, edit.message or f"Record {edit.file}")
        files = dict(states[index])
        kept = {a.version for a in approvals[: index + 1]}
        files[where] = _without_approvals(files[where], kept)
        for name, text in files.items():
            if name not in later or (root / name).exists():
                (root / name).write_text(text, encoding="utf-8")
        message = (
            f"{approval.version}: approved by {name_of(scope, approval.by)} on {approval.date}"
            + (f" ({approval.record})" if approval.record else "")
        )
        env = _commit(root, config, owner, approval.date.isoformat(), message)
        run(root, *config, "tag", "-a", approval.version, "-m", message, env=env)
        made.append(approval.version)
    return made


def recorded_files(recorded: dict[str, list[ReleaseEdit]]) -> set[str]:
    """The files that records made after a release hold."""
    return {e.file for es in recorded.values() for e in es}


def _commit(
    root: Path, config: tuple[str, ...], owner: str, day: str, message: str
) -> dict[str, str]:
    """Commit every file as the document's owner, dated at noon on ``day``; the environment
    it was committed with (for a tag made alike)."""
    when = f"{day}T12:00:00+0000"
    env = {
        "GIT_AUTHOR_NAME": owner,
        "GIT_AUTHOR_EMAIL": "",
        "GIT_COMMITTER_NAME": owner,
        "GIT_COMMITTER_EMAIL": "",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    run(root, *config, "add", "--all", env=env)
    run(root, *config, "commit", "--quiet", "--no-verify", "-m", message, env=env)
    return env


@dataclass(frozen=True, slots=True)
class ReleaseEdit:
    """One change a release made to a scope file since the release before it: the text
    ``was`` became ``now``, or (``added``) the entry at a dotted path was added, such as
    ``services.draas`` (a list item is named by its id), or (``recorded``) the whole file was
    committed after the release before was tagged."""

    file: str
    """The file, relative to the project (``scope/services/infrastructure.yaml``)."""
    was: str = ""
    now: str = ""
    added: str = ""
    recorded: str = ""
    """The day (ISO 8601) a file of records made after the release before was committed,
    in a commit of its own after that release's tag; the releases before hold no such file."""
    message: str = ""
    """The message of the commit that records the file."""


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
            # A day YAML reads as a date is kept as written.
            edits[str(version)] = tuple(
                ReleaseEdit(**{k: str(v) if k == "recorded" else v for k, v in item.items()})
                for item in items
            )
        except TypeError as exc:
            raise ReleaseEditError(f"an edit of '{version}' is malformed: {exc}") from None
    return edits


def undo_edits(files: dict[str, str], edits: tuple[ReleaseEdit, ...]) -> dict[str, str]:
    """The files (texts by name) as they were before a release made ``edits``; the blank lines
    a removed entry leaves go with it."""
    result = dict(files)
    for edit in edits:
        if edit.recorded:
            continue  # a whole file, absent before: record_releases leaves it out
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
