"""The docs pages' front matter: the clauses each chapter of the manual says it addresses.

Imports ``errors`` and the YAML composer (``load.yaml``), nothing else of the package.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from smsdocs.errors import Finding, Mark
from smsdocs.load.yaml import Map, Scalar, Seq, compose

DOCS_DIR: Final = "docs"


@dataclass(frozen=True, slots=True)
class PageClauses:
    """The clauses a chapter declares in its front matter ('clauses: ["4.3"]')."""

    page: str
    """The page, relative to docs/ (e.g. 'context.md')."""
    clauses: tuple[Scalar, ...]
    requires: tuple[Scalar, ...] = ()
    """The scope sections the page rests on ('requires: [implementation]'): where the scope
    data has none of one of them, the page is left out of the manual and its clauses count
    for nothing."""


def chapter_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Each Markdown page under docs/ that is a regular file of the project, reached without
    leaving it, as (its path from the project, its path): the pages a check may read. A
    link out of the project or a named pipe is left unread; ``load.reach`` reports it."""
    docs = root / DOCS_DIR
    if not docs.is_dir():
        return
    real_root = root.resolve()
    for path in sorted(docs.rglob("*.md")):
        if path.is_file() and path.resolve().is_relative_to(real_root):
            yield path.relative_to(root).as_posix(), path


def chapter_texts(root: Path, findings: list[Finding]) -> list[tuple[str, str]]:
    """The text of each page ``chapter_files`` names, as (its path from the project, its
    text), read once for every check of the chapters; a page that cannot be read is a
    finding."""
    texts: list[tuple[str, str]] = []
    for display, path in chapter_files(root):
        try:
            texts.append((display, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            findings.append(
                Finding(Mark(display), "error", "file-unreadable", f"cannot read this page ({exc})")
            )
    return texts


def page_clauses(chapters: list[tuple[str, str]], findings: list[Finding]) -> list[PageClauses]:
    """Read the 'clauses' of every chapter (as ``chapter_texts`` gives them), with their
    positions."""
    pages: list[PageClauses] = []
    for display, text in chapters:
        if not text.startswith("---\n"):
            continue
        end = text.find("\n---", 3)
        if end < 0:
            continue
        # Blank first line keeps the composer's line numbers equal to the file's.
        node = compose(display, "\n" + text[4:end] + "\n", findings)
        if not isinstance(node, Map):
            continue
        clauses = _scalars(
            node,
            "clauses",
            'clauses should be a list of clause numbers, such as ["4.3", "8.2.4"]',
            findings,
        )
        requires = _scalars(
            node,
            "requires",
            "requires should be a list of scope sections, such as [implementation]",
            findings,
        )
        if clauses is None and requires is None:
            continue
        pages.append(
            PageClauses(display.removeprefix(f"{DOCS_DIR}/"), clauses or (), requires or ())
        )
    return pages


def _scalars(node: Map, key: str, hint: str, findings: list[Finding]) -> tuple[Scalar, ...] | None:
    """The list of values under ``key`` of a page's front matter (a single value is a list of
    one); None where the key is absent or null, or its value is not such a list."""
    if key not in node.entries:
        return None
    _key, value = node.entries[key]
    if isinstance(value, Scalar):
        return None if value.is_null else (value,)
    if not isinstance(value, Seq) or not all(isinstance(i, Scalar) for i in value.items):
        findings.append(Finding(value.mark, "error", "type-mismatch", hint))
        return None
    return tuple(i for i in value.items if isinstance(i, Scalar))


def shown(page: PageClauses, present: AbstractSet[str]) -> bool:
    """Whether a page is part of the manual: the scope data holds every section it requires
    (``present``: the sections that have entries)."""
    return all(r.value.strip() in present for r in page.requires)


def clause_numbers(
    pages: list[PageClauses], present: AbstractSet[str] | None = None
) -> dict[str, list[str]]:
    """The clauses each page declares, as text, by page (relative to docs/): of the pages
    ``shown`` with the sections ``present``, or of every page where that is None."""
    return {
        p.page: [c.value.strip() for c in p.clauses]
        for p in pages
        if present is None or shown(p, present)
    }
