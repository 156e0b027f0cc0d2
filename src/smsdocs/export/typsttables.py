"""The PDF's tables laid out from their content: pandoc writes every table as ``columns: N``,
which Typst shares out evenly once the content is wider than the page, so a short column
(status, hours) takes as much room as the customers beside it. Each table's columns get
widths in proportion to what they hold, by the rule the Word tables follow
(``wordtables.column_widths``). Works on pandoc's Typst source as text."""

from __future__ import annotations

import re
from typing import Final

from smsdocs.export.wordtables import BREAKABLE, UNICODE_HYPHENS, column_widths

SCALE: Final = 0.8
"""The PDF's table text (8.5 pt Libertinus Serif) against the Word tables' 9 pt sans serif."""
TEXT_TWIPS: Final = 9_500
"""The PDF's text width on A4 (21 cm less two margins of 2.1 cm), in twips; the widths are
written as fractions of it, so they hold on Letter too."""

_TABLE: Final = re.compile(r"#table\(\n(\s*)columns: (\d+),\n")
_HEADED: Final = re.compile(r"\s*align: [^\n]*\n\s*table\.header\(")
_LINK: Final = re.compile(r'#link\("(?:[^"\\]|\\.)*"\)')
_ESCAPE: Final = re.compile(r"\\(.)")
_TIE: Final = re.compile(r"(?<!\\)~")
_MARKS: Final = re.compile(r"\)\]|[\[\]\\]")


def fit_columns(source: str) -> str:
    """pandoc's Typst source with each table's columns sized from its cells."""
    out: list[str] = []
    at = 0
    for table in _TABLE.finditer(source):
        count = int(table.group(2))
        cells = _cells(source, table.end())
        if count < 2 or not cells or len(cells) % count:
            continue
        rows = [cells[i : i + count] for i in range(0, len(cells), count)]
        headed = bool(_HEADED.match(source, table.end()))
        widths = column_widths(
            [[row[j] for row in rows] for j in range(count)],
            TEXT_TWIPS,
            SCALE,
            header=headed,
            hyphens=UNICODE_HYPHENS,
        )
        spec = ", ".join(f"{w}fr" for w in widths)
        out.append(source[at : table.start()])
        out.append(f"#table(\n{table.group(1)}columns: ({spec}),\n")
        if not headed:
            # No header row: an entry's fields, each row headed by its name, shaded.
            out.append(f"{table.group(1)}fill: (x, _) => if x == 0 {{ luma(244) }},\n")
        at = table.end()
    out.append(source[at:])
    return "".join(out)


def _cells(source: str, start: int) -> list[str]:
    """The plain text of a table's cells, header first, up to the table's closing bracket."""
    cells: list[str] = []
    depth = 0
    cell_start = -1
    skip = -1
    for mark in _MARKS.finditer(source, start):
        i, c = mark.start(), mark.group()
        if i <= skip:
            continue
        if c == "\\":
            skip = i + 1  # an escaped character is text
        elif c == ")]" and depth == 0:
            break  # the end of the table, inside pandoc's align(center)[...]
        elif c == "[":
            if depth == 0:
                cell_start = i + 1
            depth += 1
        else:  # "]", or ")]" closing a bracket inside a cell
            end = i + len(c) - 1
            depth -= 1
            if depth == 0 and cell_start >= 0:
                cells.append(_plain(source[cell_start:end]))
                cell_start = -1
    return cells


def _plain(cell: str) -> str:
    text = _LINK.sub("", cell).replace("#strong[", "").replace("#emph[", "")
    text = text.replace("[", "").replace("]", "")
    # pandoc writes a no-break space (a date's, ``words.calendar_day``) as Typst's ``~``.
    text = _ESCAPE.sub(r"\1", _TIE.sub("\u00a0", text))
    return " ".join(BREAKABLE.split(text.strip()))
