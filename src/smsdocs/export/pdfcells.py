"""The header cells of the PDF's record tables: a record (a service's facts, an exclusion, the
document control) is a table of two columns with no header row, each row headed by the name
of its field, which the PDF draws shaded (``typsttables.fit_columns``) and the site marks
``<th scope="row">``. Typst tags a table's header row as TH with the scope Column, and every
other cell as TD: a row's header is tagged only through ``pdf.header-cell``, which the
``typst`` wheel does not enable (it builds its library with the HTML feature alone). So the
join tags them as it copies a piece's structure tree: in every table with no header cell,
the first cell of each row of two or more becomes TH with the scope Row (ISO 32000-1,
14.8.5.7), as a screen reader needs to say "Status: Live" rather than "Live".

Works on the bytes of the PDF Typst writes, as :mod:`smsdocs.export.pdfsyntax` reads them.
"""

from __future__ import annotations

import bisect
import re
from typing import Final

from smsdocs.export.pdfsyntax import Source, as_array, dictionary, entries, object_number

_TABLE: Final = re.compile(rb"/S\s*/Table\b")
_GROUPS: Final = frozenset({b"/THead", b"/TBody", b"/TFoot"})
_REFERENCE: Final = re.compile(rb"\d+ \d+ R")


def row_headers(source: Source) -> set[int]:
    """The object numbers of the cells that head their rows: the first cell of each row of
    every table that has no header cell and whose every row has two cells or more."""
    heads: set[int] = set()
    for table in _tables(source):
        rows = [
            [(cell, source.dictionary(cell).get(b"/S")) for cell in _kids(source, row)]
            for row in _rows(source, table)
        ]
        if not rows or any(len(row) < 2 or any(kind == b"/TH" for _, kind in row) for row in rows):
            continue
        heads.update(row[0][0] for row in rows if row[0][1] == b"/TD")
    return heads


def as_row_header(value: bytes) -> bytes:
    """A TD structure element made a TH that heads its row: its table attributes (Typst
    writes them inline) given the scope Row, or such attributes added."""
    items = entries(value)
    items[b"/S"] = b"/TH"
    attributes = as_array(items[b"/A"]) if b"/A" in items else []
    found = False
    for index, attribute in enumerate(attributes):
        if attribute.startswith(b"<<") and entries(attribute).get(b"/O") == b"/Table":
            owned = entries(attribute)
            owned[b"/Scope"] = b"/Row"
            attributes[index] = dictionary(owned)
            found = True
    if not found:
        attributes.insert(0, b"<</O/Table/Scope/Row>>")
    items[b"/A"] = b"[" + b"".join(attributes) + b"]"
    return dictionary(items)


def _tables(source: Source) -> list[int]:
    """The Table structure elements of ``source``, found by the bytes of their role rather
    than by walking the whole tree."""
    starts = sorted((offset, number) for number, offset in source.offsets.items())
    offsets = [offset for offset, _ in starts]
    seen: set[int] = set()
    found: list[int] = []
    for mark in _TABLE.finditer(source.data):
        at = bisect.bisect_right(offsets, mark.start()) - 1
        if at < 0 or starts[at][1] in seen:
            continue
        number = starts[at][1]
        seen.add(number)
        value, data = source.get(number)
        if data is None and entries(value).get(b"/S") == b"/Table":
            found.append(number)
    return found


def _kids(source: Source, number: int) -> list[int]:
    """The structure elements among the kids of element ``number``."""
    kids = source.dictionary(number).get(b"/K", b"[]")
    return [
        object_number(kid) for kid in as_array(source.resolve(kids)) if _REFERENCE.fullmatch(kid)
    ]


def _rows(source: Source, table: int) -> list[int]:
    """The rows of a table, in its header, body and footer groups or directly under it."""
    rows: list[int] = []
    for kid in _kids(source, table):
        kind = source.dictionary(kid).get(b"/S")
        if kind == b"/TR":
            rows.append(kid)
        elif kind in _GROUPS:
            rows.extend(k for k in _kids(source, kid) if source.dictionary(k).get(b"/S") == b"/TR")
    return rows
