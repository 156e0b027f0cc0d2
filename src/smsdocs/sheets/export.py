"""A section's entries as a sheet with the default named columns, the start of a round trip:
each value as the YAML says it (nothing the check would fill in), lists joined with '; ', so
importing the sheet unchanged changes nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from smsdocs.load import Map, Node, Scalar, Seq, Source
from smsdocs.pack.workbooks import _inert, _xlsx
from smsdocs.sheets import columns as cols

LIST_JOIN = "; "


def rows_of(source: Source, section: str) -> list[list[str]]:
    """The header (each field's label) and one row per entry of ``section``, in scope order;
    a field no entry gives is left out."""
    specs = cols.specs(section)
    entries = [
        item
        for piece in source.pieces
        if piece.name == section and isinstance(piece.value, Seq)
        for item in piece.value.items
        if isinstance(item, Map)
    ]
    used = [n for n in specs if n == "id" or any(n in e.entries for e in entries)]
    rows = [[cols.label(n) for n in used]]
    rows += [[_cell(e.entries[n][1]) if n in e.entries else "" for n in used] for e in entries]
    return rows


def _cell(node: Node) -> str:
    if isinstance(node, Seq):
        return LIST_JOIN.join(_cell(item) for item in node.items)
    if isinstance(node, Scalar) and not node.is_null:
        return node.value.strip()
    return ""


def sheet_bytes(rows: list[list[str]], section: str, target: Path, epoch: int) -> bytes:
    """``rows`` as an XLSX workbook (one sheet named after the section, text always text), or
    as CSV (UTF-8, a cell a spreadsheet would run as a formula written after a quote)."""
    if target.suffix.lower() == ".csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(
            [[_inert(v) for v in row] for row in rows]
        )
        return buffer.getvalue().encode("utf-8")
    title = section.capitalize()
    return _xlsx(title, f"{title} · smsdocs sheet", rows, epoch)
