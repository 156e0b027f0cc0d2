"""The findings of one check, collected in the order the passes find them, and their wording.

Imports ``errors`` and ``load`` (for a node's position), nothing else of the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from smsdocs.errors import Finding, Mark, Note, Severity
from smsdocs.load import Node


class Report:
    """Every finding of one check so far: the loader's first, then each pass's, in order."""

    __slots__ = ("findings",)

    def __init__(self, findings: Iterable[Finding] = ()) -> None:
        self.findings: list[Finding] = list(findings)

    def add(
        self,
        where: Mark | Node,
        code: str,
        message: str,
        severity: Severity = "error",
        notes: tuple[Note, ...] = (),
    ) -> None:
        """Report a finding at a mark, or at a node's position."""
        mark = where if isinstance(where, Mark) else where.mark
        self.findings.append(Finding(mark, severity, code, message, notes))

    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)


def plural(count: int, word: str) -> str:
    """``word`` as it reads after ``count``: 'service', 'services'."""
    return word if count == 1 else f"{word}s"


def quote_list(items: Sequence[str], limit: int = 6) -> str:
    """The items quoted, the first ``limit`` of them: "'a', 'b' and 3 more"."""
    shown = ", ".join(f"'{i}'" for i in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
