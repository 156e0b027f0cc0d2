"""The docs pages' front matter: the clauses each chapter of the manual says it addresses.

Imports ``errors`` and the YAML composer (``load.yaml``), nothing else of the package.
"""

from __future__ import annotations

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


def page_clauses(root: Path, findings: list[Finding]) -> list[PageClauses]:
    """Read the 'clauses' of every Markdown page under docs/, with their positions."""
    docs = root / DOCS_DIR
    pages: list[PageClauses] = []
    if not docs.is_dir():
        return pages
    for path in sorted(docs.rglob("*.md")):
        display = path.relative_to(root).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            findings.append(
                Finding(Mark(display), "error", "file-unreadable", f"cannot read this page ({exc})")
            )
            continue
        if not text.startswith("---\n"):
            continue
        end = text.find("\n---", 3)
        if end < 0:
            continue
        # Blank first line keeps the composer's line numbers equal to the file's.
        node = compose(display, "\n" + text[4:end] + "\n", findings)
        if not isinstance(node, Map) or "clauses" not in node.entries:
            continue
        _key, value = node.entries["clauses"]
        if isinstance(value, Scalar) and value.is_null:
            continue
        if not isinstance(value, Seq) or not all(isinstance(i, Scalar) for i in value.items):
            findings.append(
                Finding(
                    value.mark,
                    "error",
                    "type-mismatch",
                    'clauses should be a list of clause numbers, such as ["4.3", "8.2.4"]',
                )
            )
            continue
        scalars = tuple(i for i in value.items if isinstance(i, Scalar))
        pages.append(PageClauses(path.relative_to(docs).as_posix(), scalars))
    return pages


def clause_numbers(pages: list[PageClauses]) -> dict[str, list[str]]:
    """The clauses each page declares, as text, by page (relative to docs/)."""
    return {p.page: [c.value.strip() for c in p.clauses] for p in pages}
