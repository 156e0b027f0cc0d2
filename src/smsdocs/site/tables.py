"""Tables on the site, as Python-Markdown made them of a page (worked on as text).

* A register whose first column is "Id" is marked (``data-smsdocs-ids``), so the site's
  styles keep its ids whole, never broken at a hyphen.
* A record table, whose header row is empty (one entry's fields, name and value, as
  ``render.blocks.record`` writes them), loses that row, and the name beginning each row
  becomes the row's heading (``<th scope="row">``): a screen reader announces "Owner" with
  the owner, and reads out no empty column headings.
"""

from __future__ import annotations

import re
from typing import Final

_HEADLESS: Final = re.compile(
    r"<table>\s*<thead>\s*<tr>\s*(?:<th(?: [^>]*)?>\s*</th>\s*)+</tr>\s*</thead>\s*"
    r"<tbody>(.*?)</tbody>\s*</table>",
    re.S,
)
_FIRST_CELL: Final = re.compile(r"(<tr>\s*)<td( [^>]*)?>(.*?)</td>", re.S)
_ID_COLUMN: Final = re.compile(r"<table>(\s*<thead>\s*<tr>\s*<th(?: [^>]*)?>Id</th>)")
"""A register whose first column holds ids: they are read and searched whole, never broken
at a hyphen (the site's styles keep that column's cells on one line)."""
_BOLD: Final = re.compile(r"<strong>((?:(?!</?strong>).)*)</strong>", re.S)


def row_headings(html: str) -> str:
    """``html`` with its registers of ids marked, and each table whose header cells are all
    empty turned into a table of row headings: no header row, the first cell of each row a
    ``th`` for its row."""
    html = _ID_COLUMN.sub(r"<table data-smsdocs-ids>\1", html)
    if "<th></th>" not in html:
        return html

    def heading(cell: re.Match[str]) -> str:
        # A row heading is bold already: the name's own bold (for the exports) goes.
        name = _BOLD.fullmatch(cell.group(3).strip())
        shown = name.group(1) if name else cell.group(3)
        return f'{cell.group(1)}<th scope="row"{cell.group(2) or ""}>{shown}</th>'

    def headed(found: re.Match[str]) -> str:
        return f"<table>\n<tbody>{_FIRST_CELL.sub(heading, found.group(1))}</tbody>\n</table>"

    return _HEADLESS.sub(headed, html)
