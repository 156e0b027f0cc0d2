"""Exceptions and the location type every problem is reported against.

Nothing here imports from the rest of the package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final, Literal

Severity = Literal["error", "warning"]

_UNPRINTABLE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_SHORT_ESCAPES: Final = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def printable(text: str) -> str:
    """``text`` with the characters that steer a terminal shown as escapes.

    Control characters (ESC, carriage return, backspace, C1 controls) and bidirectional
    overrides in a file name or a quoted value could erase or reorder the line that reports
    them; they are shown as ``\\x1b``, ``\\r``, ``\\u202e`` instead.
    """
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True, slots=True, order=True)
class Mark:
    """A place in a source file: the project-relative path, and a 1-based line and column.

    ``line`` is 0 when a problem belongs to a whole file or folder (a missing section, an
    unreadable file) rather than to a position in it.
    """

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Note:
    """A secondary location that explains a finding, such as where a duplicate was first defined."""

    mark: Mark
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in the scope data, reported like a compiler diagnostic."""

    mark: Mark
    severity: Severity
    code: str
    message: str
    notes: tuple[Note, ...] = field(default=())

    def __str__(self) -> str:
        return f"{self.mark}: {self.severity}[{self.code}]: {self.message}"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.mark.file, self.mark.line, self.mark.column, self.code, self.message)


class SmsdocsError(Exception):
    """Base class of every error smsdocs raises on purpose (never a bug)."""


class InputError(SmsdocsError):
    """The input cannot be read at all: a missing project, an unreadable folder."""


class ScopeError(SmsdocsError):
    """The scope data has findings that fail the check; carries all of them."""

    def __init__(self, findings: tuple[Finding, ...]) -> None:
        self.findings = findings
        errors = sum(1 for f in findings if f.severity == "error")
        first = next((f for f in findings if f.severity == "error"), None)
        summary = f"{errors} error{'s' if errors != 1 else ''} in the scope data"
        super().__init__(f"{summary}; first: {first}" if first else summary)


class ExportError(SmsdocsError):
    """An export to PDF or DOCX failed; the previous output is left untouched."""


class OutputError(SmsdocsError):
    """An output could not be written where it was asked for; what was there is left as it was."""


class VersionError(InputError):
    """A version could not be read from git: an unknown ref, a git command that failed."""
