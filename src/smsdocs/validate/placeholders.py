"""Placeholders: the ``"<fill in: ...>"`` values a new project's scope starts with (``smsdocs
init``), each reported where it stands, with what to write there.

A placeholder is a value not yet written, so it explains every other finding at its place (it
is not one of a field's allowed values, not a date, not a number): those are left out, and the
check lists what to fill in rather than what the placeholder text is not. A placeholder is an
error: a manual is not published with one.

Imports ``errors``, ``load`` and, in this folder, ``report``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Final

from smsdocs.errors import Finding, Mark
from smsdocs.load import Map, Node, Piece, Scalar, Seq
from smsdocs.validate.report import Report

CODE: Final = "placeholder"
PATTERN: Final = re.compile(r"<fill in:\s*(?P<what>[^<>]*?)\s*>", re.DOTALL)
"""A placeholder: ``<fill in: the organisation's legal name>``; a value that holds one is not
written yet, even where text was added around it."""


def placeholder(text: str) -> str | None:
    """What ``text`` asks to be written in its place, when it holds a placeholder."""
    found = PATTERN.search(text)
    return " ".join(found.group("what").split()) if found else None


def scope_values(pieces: Iterable[Piece]) -> Iterator[tuple[str, Scalar]]:
    """Every text value of the scope's files, with how a message names its place."""
    for piece in pieces:
        yield from values(piece.value, piece.name)


def report_placeholders(texts: Iterable[tuple[str, Scalar]], report: Report) -> frozenset[Mark]:
    """Report every placeholder among the scope's text values (``scope_values``), and return
    where they stand."""
    marks: set[Mark] = set()
    for where, node in texts:
        if "<fill in:" not in node.value:
            continue
        what = placeholder(node.value)
        if what is None:
            continue
        marks.add(node.mark)
        report.add(
            node,
            CODE,
            f"{where} is still a placeholder; replace the whole '<fill in: ...>' text with {what}",
        )
    return frozenset(marks)


COVERAGE_CODE: Final = "clause-uncovered"
"""The finding whose verdict rests on every entry being read."""


def explained(findings: Iterable[Finding], marks: frozenset[Mark]) -> list[Finding]:
    """The findings less those a placeholder explains: any at the same place, and, while any
    placeholder is left, the clauses found open. An entry with a placeholder where a number or
    a date belongs is not read, so the register it is in may look empty ("no risks") when it
    is only unfilled; the clauses are judged again once the placeholders are filled."""
    return [
        f
        for f in findings
        if f.code == CODE or (f.mark not in marks and not (marks and f.code == COVERAGE_CODE))
    ]


def values(
    node: Node, section: str, entry: str | None = None, path: str = ""
) -> Iterator[tuple[str, Scalar]]:
    """Every text value under ``node``, with how a message names its place: "'name' in
    'organization'", "'summary' of 'first-service' in 'services'"."""
    if isinstance(node, Scalar):
        field = f"'{path}'" if path else "the value"
        of = f" of '{entry}'" if entry else ""
        yield f"{field}{of} in '{section}'", node
    elif isinstance(node, Seq):
        for item in node.items:
            if path or not isinstance(item, Map):
                yield from values(item, section, entry, path)
            else:  # an entry of a list section, named by its id where it has one
                yield from values(item, section, _id_of(item), path)
    elif isinstance(node, Map):
        for key, (_, value) in node.entries.items():
            yield from values(value, section, entry, f"{path}.{key}" if path else key)


def _id_of(entry: Map) -> str | None:
    found = entry.entries.get("id")
    value = found[1] if found else None
    return value.value if isinstance(value, Scalar) and placeholder(value.value) is None else None
