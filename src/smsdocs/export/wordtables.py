"""Word tables laid out from their content, as a browser lays out a table: pandoc gives every
column the same share of 5.5 inches, so a seven-column table breaks its words mid-word. Each
table gets the full text width, its columns in proportion to what they hold (never narrower
than their longest word where the width allows), its header row repeated on every page and
no row split across two pages. Works on the document's XML as text; imports nothing of
smsdocs."""

from __future__ import annotations

import functools
import html
import re
from typing import Final

EM_TWIPS: Final = 180
"""One em of table text (9 pt), in twips."""
BOLD: Final = 1.12
"""How much wider the header row's bold text is than the same text in regular weight."""
_NARROW: Final = frozenset("iljI.,:;'!|()[]ftr \u00a0")
_MEDIUM: Final = frozenset("scz-/")
_WIDE: Final = frozenset("mwMW@%")
_CLASSES: Final = str.maketrans(
    dict.fromkeys(_NARROW, "\x01") | dict.fromkeys(_MEDIUM, "\x02") | dict.fromkeys(_WIDE, "\x03")
)
SMALL: Final = 8 / 9
"""The size of the small table text (8 pt, the "Table Small" paragraph style) against the
usual 9 pt: a table whose longest words do not fit across the page at 9 pt is set in it."""
PADDING_TWIPS: Final = 2 * 57 + 20
"""A cell's left and right margins (the Table style's, 1 mm each) and a little room."""

ROW_HEADER_SHADING: Final = '<w:shd w:val="clear" w:color="auto" w:fill="E8EAF6" />'
"""The shading of a record's row headers: the reference document's header row's."""
_NO_BREAK_BEFORE_DIGIT: Final = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*-[0-9][^<]*)</w:t>")

_ROW: Final = re.compile(r"<w:tr(?=[ >])")
_TEXT: Final = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_BOLD_RUN: Final = "<w:b />"
_BOLD_MARK: Final = "\ue000"
"""Put around the text of a bold run (a character no text of the manual holds), so that its
words are measured as bold: "**Overdue**" is wider than "Overdue"."""
_CELL_START: Final = re.compile(r"<w:tc>(<w:tcPr />|<w:tcPr>)?")
_GRID: Final = re.compile(r"<w:tblGrid>.*?</w:tblGrid>", re.S)
_TABLE_WIDTH: Final = re.compile(r"<w:tblW [^>]*/>")


def fit_tables(body: str, width: int) -> str:
    """Every table of a document body laid out across ``width`` twips (the text width)."""
    out: list[str] = []
    at = 0
    while (start := body.find("<w:tbl>", at)) >= 0:
        end = body.find("</w:tbl>", start)
        if end < 0:
            break
        end += len("</w:tbl>")
        out.append(body[at:start])
        out.append(_fit(body[start:end], width))
        at = end
    out.append(body[at:])
    return "".join(out)


def column_widths(
    cells: list[list[str]],
    width: int,
    scale: float = 1.0,
    *,
    header: bool = False,
    hyphens: re.Pattern[str] | None = None,
) -> list[int]:
    """Widths in twips summing to ``width`` for columns holding these cells' texts (one list
    of paragraphs' texts joined by newlines per cell, by column), as CSS's automatic table
    layout shares them: each column gets at least its longest word, and the rest in
    proportion to its longest line of text. ``scale`` is the text size against 9 pt;
    ``header`` says the first cell of each column is in the bold header row; ``hyphens``
    finds the hyphens a line may break after (by default, as Word and LibreOffice break:
    after every one)."""
    least = [_least(column, scale, header, _breaks(column, header, hyphens)) for column in cells]
    if sum(least) > width * (1 - ROOM):
        # Ids stay whole only where every other word still fits, with room to spare for the
        # text: a broken word is worse, and so is a treatment set a word a line beside them.
        least = [_least(column, scale, header, hyphens or WORD_HYPHENS) for column in cells]
    em = EM_TWIPS * scale
    most = [PADDING_TWIPS + em * _longest(column, words=False) for column in cells]
    if sum(least) > width:
        # Too many long words for the page (an address, say): the columns with the longest
        # give way, each down to the same cap, and only they break; the rest stay whole.
        low, high = 0.0, max(least)
        for _ in range(40):
            cap = (low + high) / 2
            low, high = (cap, high) if sum(min(a, cap) for a in least) <= width else (low, cap)
        least = [min(a, low) for a in least]
    most = [max(a, b) for a, b in zip(least, most, strict=True)]
    if sum(most) <= width:
        shares = [float(m) for m in most]
    else:
        spare = (width - sum(least)) / max(sum(most) - sum(least), 1)
        shares = [a + (b - a) * spare for a, b in zip(least, most, strict=True)]
    total = sum(shares)
    widths = [int(width * share / total) for share in shares]
    widths[-1] += width - sum(widths)
    return widths


def fits(
    columns: list[list[str]],
    width: int,
    scale: float = 1.0,
    *,
    header: bool,
    hyphens: re.Pattern[str] | None = None,
) -> bool:
    """Whether every column's longest word fits across ``width`` twips at once."""
    return (
        sum(_least(column, scale, header, _breaks(column, header, hyphens)) for column in columns)
        <= width
    )


ROOM: Final = 0.25
"""The share of a table's width that must be left over its columns' longest words for a
column of ids to stay whole; with less, the ids break after their hyphens and the text
columns get the width."""
ID_HEADING: Final = "Id"
"""The heading of a register's column of ids: an id is read and searched whole, so its
column is as wide as its longest id wherever the page allows, and no id breaks at a hyphen."""
_NOWHERE: Final = re.compile(r"(?!)")


def _breaks(
    column: list[str], header: bool, hyphens: re.Pattern[str] | None = None
) -> re.Pattern[str]:
    """The hyphens a line of this column may break after: none in a column of ids."""
    if header and column and column[0].replace(_BOLD_MARK, "").strip() == ID_HEADING:
        return _NOWHERE
    return hyphens or WORD_HYPHENS


def _least(column: list[str], scale: float, header: bool, hyphens: re.Pattern[str]) -> float:
    """The narrowest a column can be without breaking a word."""
    em = EM_TWIPS * scale
    body = column[1:] if header else column
    widest = em * _longest(body, words=True, hyphens=hyphens)
    if header and column:
        widest = max(widest, em * BOLD * _longest(column[:1], words=True, hyphens=hyphens))
    return PADDING_TWIPS + widest


BREAKABLE: Final = re.compile(r"[^\S\u00a0]+")
"""White space a line may break at: any but the no-break space, which holds a date's words
together ('2\u00a0Mar\u00a02026', ``words.calendar_day``) as Word and Typst keep them."""
WORD_HYPHENS: Final = re.compile("-")
"""Word and LibreOffice break a line after any hyphen ('SLA-CLOUD-' / '01')."""
UNICODE_HYPHENS: Final = re.compile(r"-(?![0-9])")
"""Unicode line breaking, Typst's, breaks after a hyphen but not before a digit: a date
('2025-06-03') or a code ('SLA-01') stays whole."""


def _longest(texts: list[str], *, words: bool, hyphens: re.Pattern[str] = WORD_HYPHENS) -> float:
    """The width in ems of the longest word (a line may also break after a hyphen, as in
    'device-lifecycle'), or of the longest line, of any of the texts."""
    joined = "\n".join(texts)
    # Each different piece once: a column repeats its words ("live", "In house") row by row.
    # Words split at white space and after each hyphen that a line may break after.
    pieces = set(
        BREAKABLE.split(hyphens.sub("-\n", joined).strip()) if words else joined.splitlines()
    )
    most = max(map(len, pieces), default=0)
    if not most:
        return 1.0
    # A piece under 40% of the longest (0.38 em a character at least, 0.95 at most) cannot
    # be the widest: only the others are measured.
    return max(_ems(piece) for piece in pieces if len(piece) * 0.95 >= most * 0.38)


@functools.lru_cache(maxsize=1 << 16)
def _ems(text: str) -> float:
    """A text's width in ems, in a sans-serif font as wide as those the readers' software
    substitutes (DejaVu Sans, wider than Calibri): narrow, medium, wide, capital and other
    characters. Counted in C (a large manual's tables hold a million words), once per word."""
    if _BOLD_MARK in text:
        return BOLD * _ems(text.replace(_BOLD_MARK, ""))
    classed = text.translate(_CLASSES)
    narrow, medium, wide = (classed.count(mark) for mark in "\x01\x02\x03")
    capitals = sum(map(str.isupper, classed))
    other = len(text) - narrow - medium - wide - capitals
    return 0.38 * narrow + 0.55 * medium + 0.95 * wide + 0.74 * capitals + 0.64 * other


def _fit(table: str, width: int) -> str:
    if "<w:tbl>" in table[5:] or "w:gridSpan" in table:  # pandoc's layout stays
        return table
    grid = _grid(table)
    count = max((len(row) for row in grid), default=0)
    if not count or any(len(row) != count for row in grid):
        return table
    columns = [[row[j] for row in grid] for j in range(count)]
    header = "<w:tblHeader" in table[: table.find("</w:tr>")]
    # A date or code stays whole ('2025-06-03', 'SLA-01'): its hyphens before a digit are
    # Word's non-breaking ones (``unbroken``), so a line breaks only at the others.
    small = not fits(columns, width, header=header, hyphens=UNICODE_HYPHENS)
    widths = column_widths(
        columns, width, SMALL if small else 1.0, header=header, hyphens=UNICODE_HYPHENS
    )
    # A table without a header row is one entry's fields, a name and a value a row: its
    # first column holds the row headers (the site's <th scope="row">), bold and shaded.
    record = not header and count == 2
    if record:
        table = table.replace('w:firstColumn="0"', 'w:firstColumn="1"', 1)
    if small:
        table = table.replace('<w:pStyle w:val="Compact" />', '<w:pStyle w:val="TableSmall" />')
    table = _TABLE_WIDTH.sub(f'<w:tblW w:type="dxa" w:w="{width}" />', table, count=1)
    table = _GRID.sub(
        "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}" />' for w in widths) + "</w:tblGrid>",
        table,
        count=1,
    )
    # A row stays on one page; pandoc's header row already repeats (tblHeader).
    table = table.replace("<w:tr><w:trPr>", "<w:tr><w:trPr><w:cantSplit />")
    table = table.replace("<w:tr><w:tc>", "<w:tr><w:trPr><w:cantSplit /></w:trPr><w:tc>")
    cells = iter(range(count * len(grid)))

    def cell(m: re.Match[str]) -> str:
        column = next(cells) % count
        own = f'<w:tcW w:type="dxa" w:w="{widths[column]}" />'
        if record and column == 0:
            own += ROW_HEADER_SHADING
        opened = m.group(1) == "<w:tcPr>"  # the cell's own properties follow
        return f"<w:tc><w:tcPr>{own}" if opened else f"<w:tc><w:tcPr>{own}</w:tcPr>"

    return _CELL_START.sub(cell, table)


def _text(xml: str) -> str:
    """The text of the runs in ``xml``, bold runs marked."""
    if _BOLD_RUN not in xml:
        return "".join(_TEXT.findall(xml))
    out = []
    for run in xml.split("<w:r>"):
        found = "".join(_TEXT.findall(run))
        out.append(f"{_BOLD_MARK}{found}{_BOLD_MARK}" if found and _BOLD_RUN in run else found)
    return "".join(out)


def _grid(table: str) -> list[list[str]]:
    """The text of each cell, row by row, its paragraphs on lines of their own (a cell's
    leading empty paragraphs left out). Split at rows, cells and paragraphs by C's string
    search: a large manual's tables hold millions of runs."""
    grid: list[list[str]] = []
    carried = ""  # text of a paragraph not closed before the next row or cell (none in Word's)
    rows = _ROW.split(table)
    carried = _text(rows[0])
    for row in rows[1:]:
        cells = row.split("<w:tc>")
        carried += _text(cells[0])
        line_cells: list[str] = []
        for chunk in cells[1:]:
            paragraphs = chunk.split("</w:p>")
            lines: list[str] = []
            for paragraph in paragraphs[:-1]:
                line = html.unescape(carried + _text(paragraph))
                carried = ""
                if line or lines:
                    lines.append(line)
            carried += _text(paragraphs[-1])
            line_cells.append("\n".join(lines))
        grid.append(line_cells)
    return grid


def unbroken(body: str) -> str:
    """A document body whose hyphens before a digit are Word's non-breaking hyphens, so that
    no line breaks a date or a code ('2025-' / '06-03'), as Unicode line breaking (Typst's,
    the PDF's) does not; a line still breaks after the hyphens of words ('device-lifecycle')."""

    def keep(m: re.Match[str]) -> str:
        opening, text = m.group(1), m.group(2)
        pieces = re.split(r"-(?=[0-9])", text)
        return (
            "</w:t><w:noBreakHyphen />".join(
                f"{opening}{piece}" if i == 0 else f'<w:t xml:space="preserve">{piece}'
                for i, piece in enumerate(pieces)
            )
            + "</w:t>"
        )

    return _NO_BREAK_BEFORE_DIGIT.sub(keep, body)
