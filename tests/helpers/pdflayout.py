"""Reading how a PDF's text falls on its pages, as a typesetter checks a proof: on which pages
each table row lies (from the structure tree: every row's marked content names its page), and
what follows each heading of the outline on its page (from the text's positions)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pymupdf

FURNITURE: float = 2.3 * 72 / 2.54
"""The bottom margin of smsdocs's pages, in points: the footer below it is no text of the page."""


@dataclass(frozen=True)
class Row:
    pages: tuple[int, ...]
    """The pages (from 1) the row's text is on."""
    header: bool
    """A header row of the table (in its THead)."""


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]

    @property
    def record(self) -> bool:
        """A record: one entry's fields, no header row."""
        return not any(row.header for row in self.rows)

    @property
    def body(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if not row.header)

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(sorted({p for row in self.rows for p in row.pages}))

    def per_page(self) -> list[tuple[int, list[Row]]]:
        """The body rows each page of the table holds, in order (a row on two pages counts on
        both)."""
        return [(page, [r for r in self.body if page in r.pages]) for page in self.pages]


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _marks(element: Any, page: Any) -> Iterator[tuple[Any, int]]:
    """Every (page, mcid) of marked content under ``element``."""
    for kid in _kids(element):
        if isinstance(kid, int):
            yield page, kid
        elif isinstance(kid, pikepdf.Dictionary):
            if kid.get("/Type") == "/MCR":
                yield kid.get("/Pg") or page, int(kid.MCID)
            elif kid.get("/Type") != "/OBJR":
                yield from _marks(kid, kid.get("/Pg") or page)


def tables(path: Path) -> list[Table]:
    """Every table of the PDF, in reading order, with the pages of each of its rows."""
    found: list[Table] = []
    with pikepdf.open(path) as pdf:
        numbers = {page.obj.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        root = pdf.Root.StructTreeRoot
        stack = list(reversed(_kids(root)))
        while stack:
            element = stack.pop()
            if not isinstance(element, pikepdf.Dictionary) or element.get("/Type") in (
                "/OBJR",
                "/MCR",
            ):
                continue
            if element.get("/S") == "/Table":
                found.append(Table(tuple(_rows(element, numbers))))
                continue
            stack.extend(reversed(_kids(element)))
    return found


def _rows(table: Any, numbers: dict[Any, int]) -> Iterator[Row]:
    for part in _kids(table):
        if not isinstance(part, pikepdf.Dictionary):
            continue
        kind = part.get("/S")
        rows = (
            [part]
            if kind == "/TR"
            else [r for r in _kids(part) if isinstance(r, pikepdf.Dictionary)]
        )
        for row in rows:
            if row.get("/S") != "/TR":
                continue
            marks = list(_marks(row, row.get("/Pg")))
            pages = tuple(sorted({numbers[page.objgen] for page, _ in marks if page is not None}))
            yield Row(pages, kind == "/THead")


@dataclass(frozen=True)
class Heading:
    title: str
    page: int
    y: float
    """Where the heading starts on its page, in points from the top."""
    below: bool
    """Some text of the page's body follows the heading on its page."""


def headings(path: Path) -> list[Heading]:
    """Every heading of the PDF's outline, with whether text follows it on its page."""
    out: list[Heading] = []
    with pymupdf.open(path) as doc:
        for _level, title, page, dest in doc.get_toc(simple=False):
            if page < 1:
                continue
            top = float(dest.get("to", pymupdf.Point(0, 0)).y) if isinstance(dest, dict) else 0.0
            sheet = doc[page - 1]
            y = top  # PyMuPDF gives the outline's point from the top of the page, as its text
            foot = sheet.rect.height - FURNITURE
            lines = [
                (b[1], b[3], b[4])
                for b in sheet.get_text("blocks")
                if b[1] < foot and b[3] <= foot + 1
            ]
            mine = [line for line in lines if line[0] >= y - 2]
            heading_bottom = next((line[1] for line in mine if _same(line[2], title)), y)
            below = any(line[0] > heading_bottom + 0.5 for line in mine)
            out.append(Heading(title, page, y, below))
    return out


def _same(text: str, title: str) -> bool:
    return " ".join(text.split()).startswith(" ".join(title.split())[:20])


def painted_in_tag_order(path: Path, number: int) -> bool:
    """Page ``number`` (from 1) paints its marked content in the order the structure tree
    reads it: the content stream's MCIDs, in the order they are painted, are those the tree
    reaches on that page, in its order."""
    with pikepdf.open(path) as pdf:
        page = pdf.pages[number - 1]
        painted = [
            int(operands[1].MCID)
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) == "BDC"
            and isinstance(operands[1], pikepdf.Dictionary)
            and "/MCID" in operands[1]
        ]
        read: list[int] = []
        stack = [(kid, None) for kid in reversed(_kids(pdf.Root.StructTreeRoot))]
        while stack:
            element, on = stack.pop()
            if isinstance(element, int):
                if on is not None and on.objgen == page.obj.objgen:
                    read.append(element)
            elif isinstance(element, pikepdf.Dictionary):
                if element.get("/Type") == "/MCR":
                    where = element.get("/Pg") or on
                    if where is not None and where.objgen == page.obj.objgen:
                        read.append(int(element.MCID))
                elif element.get("/Type") != "/OBJR":
                    where = element.get("/Pg") or on
                    stack.extend((kid, where) for kid in reversed(_kids(element)))
    return bool(painted) and painted == read
