"""The release cache: the changes between two consecutive releases, kept between builds in the
repository's git folder."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any, Final

from smsdocs.errors import OutputError
from smsdocs.history.git import ask
from smsdocs.model import Change
from smsdocs.output import write_atomic

RELEASE_CACHE: Final = Path("smsdocs") / "releases.json"
"""Where, in the repository's git folder (``git rev-parse --git-common-dir``), the changes
between consecutive releases are kept between builds."""


def cache_path(root: Path) -> Path | None:
    """The release cache of the repository ``root`` is in: inside its git folder, never in
    the work tree, so no commit, checkout or copy of the project can bring one along; None
    where git cannot tell."""
    common = ask(root, "rev-parse", "--path-format=absolute", "--git-common-dir")
    return Path(common) / RELEASE_CACHE if common else None


class ReleaseCache:
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
    def read(cls, root: Path) -> ReleaseCache:
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
