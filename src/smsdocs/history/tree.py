"""The scope at a git ref, read from git objects, never checked out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from smsdocs.history.git import refuse_option_ref, run
from smsdocs.load import Broken, Outside, PathEntry, load_tree
from smsdocs.validate import Checked, check, validate


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
        listing = run(root, "ls-tree", "-r", "-t", "-l", "-z", "--end-of-options", ref, "--", ".")
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
        batch = run(self.root, "cat-file", "--batch", data="".join(f"{s}\n" for s in shas).encode())
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
