"""The project's scope files, read through one reader from the working tree or a git ref.

``scope_files`` is the one rule for which files under ``scope/`` are scope files; a ``Tree``
(``WorkingTree`` here, ``history.GitTree`` for a git ref) is how they are listed and read;
``load_tree`` composes each file into the ``Source`` the validator takes. Imports ``errors``
and the YAML composer (``load.yaml``), nothing else of the package.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal, Protocol

from smsdocs.errors import Finding, InputError, Mark
from smsdocs.load.yaml import Map, Node, Scalar, compose, gc_paused

SCOPE_DIR: Final = "scope"
MAX_FILE_BYTES: Final = 10 * 1024 * 1024
"""Files larger than this are refused: scope data is hand-written and never this big."""


@dataclass(frozen=True, slots=True)
class Piece:
    """One top-level key of one file: a section, or part of a list section."""

    name: str
    key: Scalar
    value: Node


@dataclass(slots=True)
class Source:
    """Everything read from ``scope/``: the files, the sections in file order, and load findings."""

    root: Path
    files: list[str] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    complete: bool = True
    """False when some file could not be parsed, so cross-file checks would mislead."""


def require_project(root: Path) -> None:
    """Refuse a folder that is not a project's (it has no ``scope/``): a command run from
    inside one, say from ``scope/`` itself, says so rather than what it finds there."""
    if not (root / SCOPE_DIR).is_dir():
        raise InputError(
            f"{root / SCOPE_DIR}: no scope folder here; run smsdocs from the project root, "
            "pass the project folder, or create a project with 'smsdocs init DIR'"
        )


def load_project(root: Path) -> Source:
    """Load every scope file under ``root/scope`` in the working tree (see ``scope_files``)."""
    require_project(root)
    return load_tree(WorkingTree(root), root)


def load_tree(tree: Tree, root: Path) -> Source:
    """Load the scope files of ``tree`` (the working tree, or the project at a git ref)."""
    source = Source(root=root)
    files = scope_files(tree)
    contents = tree.read([f.path for f in files if f.path is not None], MAX_FILE_BYTES)
    with gc_paused():
        for file in files:
            source.files.append(file.display)
            code, message = file.code, file.message
            if file.path is not None:
                data = next(contents)
                if isinstance(data, str):
                    code = "file-unreadable"
                    message = f"cannot read this file ({data}); check its permissions"
                elif len(data) > MAX_FILE_BYTES:
                    code = "yaml-too-large"
                    message = "file grew past the size limit while being read; try again"
                else:
                    load_bytes(file.display, data, source)
                    continue
            source.findings.append(Finding(Mark(file.display), "error", code, message))
            source.complete = False
    if not source.files:
        source.findings.append(
            Finding(
                Mark(SCOPE_DIR + "/"),
                "error",
                "scope-empty",
                "the scope folder holds no .yaml files; add the scope sections "
                "('smsdocs init DIR' creates them, with placeholders to fill in)",
            )
        )
        source.complete = False
    return source


def load_bytes(display: str, data: bytes, source: Source) -> None:
    """Parse one file's bytes into ``source``: its pieces, or the findings that stop it."""
    findings = source.findings

    def fail(code: str, message: str, line: int = 0, column: int = 0) -> None:
        findings.append(Finding(Mark(display, line, column), "error", code, message))
        source.complete = False

    if data.startswith(b"\xef\xbb\xbf"):
        fail(
            "yaml-bom",
            "file starts with a byte-order mark; save it as UTF-8 without BOM",
            1,
            1,
        )
        return
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        fail("yaml-encoding", "file is UTF-16; save it as UTF-8", 1, 1)
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        fail(
            "yaml-encoding",
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            line,
            column,
        )
        return
    root = compose(display, text, findings)
    if root is None:
        if not any(f.mark.file == display for f in findings):
            fail(
                "yaml-empty",
                "file holds no data; add a section such as 'services:' or delete the file",
                1,
                1,
            )
        source.complete = False
        return
    if not isinstance(root, Map):
        findings.append(
            Finding(
                root.mark,
                "error",
                "type-mismatch",
                f"a scope file is a mapping of sections (such as 'services:'), not a {root.kind}",
            )
        )
        source.complete = False
        return
    for name, (key, value) in root.entries.items():
        source.pieces.append(Piece(name, key, value))


# --------------------------------------------------------------------------------------------
# Which files are scope files: one rule for the working tree and for the project at a git ref.

Kind = Literal["file", "folder", "pipe", "socket", "device", "submodule", "other"]

KIND_NAMES: Final[dict[str, str]] = {
    "pipe": "a named pipe",
    "socket": "a socket",
    "device": "a device",
    "submodule": "a git submodule",
    "other": "not a regular file",
}


class Outside(Exception):
    """A link leads out of the project; ``target`` is where, as the user would recognise it."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


class Broken(Exception):
    """A path cannot be followed or listed; the message is the reason."""


@dataclass(frozen=True, slots=True)
class PathEntry:
    """What a path of a project's tree is (a file, a folder, ...), and its size."""

    kind: Kind
    size: int = 0


class Tree(Protocol):
    """The files of a project, by project-relative POSIX path ('' is the project folder)."""

    def resolve(self, path: str) -> str:
        """``path`` with every link followed; raises ``Outside`` or ``Broken``."""

    def entry(self, path: str) -> PathEntry:
        """What a resolved path is, and its size."""

    def names(self, folder: str) -> list[str]:
        """The names in a resolved folder; raises ``Broken``."""

    def read(self, paths: list[str], limit: int) -> Iterator[bytes | str]:
        """Each file's bytes (at most ``limit + 1`` of them), or why it cannot be read."""


@dataclass(frozen=True, slots=True)
class ScopeFile:
    """A path under scope/ that is a scope file: readable at ``path``, or refused with a finding."""

    display: str
    path: str | None
    code: str = ""
    message: str = ""


def is_scope_name(name: str) -> bool:
    """A scope file's name: ``*.yaml`` or ``*.yml`` in any letter case, not hidden."""
    return not name.startswith(".") and name.lower().endswith((".yaml", ".yml"))


def child_path(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


def is_within(path: str, folder: str) -> bool:
    return not folder or path == folder or path.startswith(folder + "/")


def scope_files(tree: Tree) -> list[ScopeFile]:
    """Every scope file under scope/, sorted by path, each readable or with its finding.

    The rule: files named ``*.yaml``/``*.yml`` (any letter case) in scope/ and its folders,
    skipping names that start with '.'. Links are followed while they stay inside the
    project, into folders too; a link out of the project, or back into a folder that
    contains it, is refused. Only regular files of at most ``MAX_FILE_BYTES`` are read: a
    folder, named pipe or device named like a scope file is a finding, and is never opened.
    """
    found: list[ScopeFile] = []

    def refuse(display: str, message: str, code: str = "file-unreadable") -> None:
        found.append(ScopeFile(display, None, code, message))

    def walk(display: str, folder: str) -> None:
        try:
            names = tree.names(folder)
        except Broken as exc:
            refuse(display + "/", f"cannot read this folder ({exc}); check its permissions")
            return
        for name in sorted(names):
            if name.startswith("."):
                continue
            shown, scope_name = f"{display}/{name}", is_scope_name(name)
            try:
                path = tree.resolve(child_path(folder, name))
            except Outside as exc:
                # Outside the project the link may be a folder of scope files (at a git ref
                # there is no telling), so it is refused whatever its name.
                fix = (
                    "copy the file into scope/ instead"
                    if scope_name
                    else "copy what it links to into scope/, or move the link out of scope/"
                )
                refuse(shown, f"links to {exc.target}, outside the project; {fix}")
                continue
            except Broken as exc:
                if scope_name:
                    refuse(shown, f"cannot read this file ({exc}); fix or remove it")
                continue
            entry = tree.entry(path)
            if entry.kind == "folder" and scope_name:
                refuse(shown, "is a folder, not a file; rename it so it does not end in .yaml")
            elif entry.kind == "folder" and is_within(folder, path):
                refuse(
                    shown,
                    f"links to {path or 'the project folder'}, which contains it, so its files "
                    "would be read for ever; remove the link",
                )
            elif entry.kind == "folder":
                walk(shown, path)
            elif not scope_name:
                continue
            elif entry.kind != "file":
                refuse(
                    shown,
                    f"is {KIND_NAMES[entry.kind]}, not a regular file; scope files are "
                    "regular files, so remove it or rename it so it does not end in .yaml",
                )
            elif entry.size > MAX_FILE_BYTES:
                refuse(
                    shown,
                    f"file is {entry.size / 1048576:.1f} MiB, over the "
                    f"{MAX_FILE_BYTES // 1048576} MiB limit for a scope file; split it into "
                    "several files under scope/",
                    "yaml-too-large",
                )
            else:
                found.append(ScopeFile(shown, path))

    try:
        top = tree.resolve(SCOPE_DIR)
    except Outside as exc:
        refuse(
            SCOPE_DIR + "/",
            f"links to {exc.target}, outside the project; keep the scope data in the project",
        )
        return found
    except Broken:
        return found
    if tree.entry(top).kind == "folder":
        walk(SCOPE_DIR, top)
    return sorted(found, key=lambda f: f.display)


class WorkingTree:
    """The project's files on disk: links are followed by the operating system."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = root.resolve()

    def resolve(self, path: str) -> str:
        try:
            real = (self.root / path).resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            raise Broken(_reason(exc)) from None
        if not real.is_relative_to(self.real_root):
            raise Outside(str(real))
        relative = real.relative_to(self.real_root).as_posix()
        return "" if relative == "." else relative

    def entry(self, path: str) -> PathEntry:
        try:
            info = (self.real_root / path).stat()
        except OSError:
            return PathEntry("other")
        return PathEntry(_kind(info.st_mode), info.st_size)

    def names(self, folder: str) -> list[str]:
        try:
            return [child.name for child in (self.real_root / folder).iterdir()]
        except OSError as exc:
            raise Broken(_reason(exc)) from None

    def read(self, paths: list[str], limit: int) -> Iterator[bytes | str]:
        for path in paths:
            yield _read_regular(self.real_root / path, limit)


def _kind(mode: int) -> Kind:
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "other"


def _read_regular(path: Path, limit: int) -> bytes | str:
    """At most ``limit + 1`` bytes of a regular file, or why not; never blocks on a pipe."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return _reason(exc)
    try:
        # Checked again on the open file: it may have been replaced since it was listed.
        kind = _kind(os.fstat(fd).st_mode)
        if kind != "file":
            return f"it became {KIND_NAMES.get(kind, 'a folder')}"
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0 and (chunk := os.read(fd, min(remaining, 1 << 20))):
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        return _reason(exc)
    finally:
        os.close(fd)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__
