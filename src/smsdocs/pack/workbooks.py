"""The clause traceability matrix and the register of documented information (7.5.4), as CSV and
as XLSX workbooks: text is text in both, never a formula a spreadsheet would run."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from smsdocs import standards
from smsdocs.model import Scope, name_of
from smsdocs.pack.files import _write


def _trace(scope: Scope, page_clauses: Any) -> Sequence[Any]:
    from smsdocs.render.chapters.traceability import trace

    return trace(scope, page_clauses)


def _traceability(scope: Scope, page_clauses: Any, titles: Mapping[str, str]) -> list[list[str]]:
    """The matrix's rows, a header first; a chapter by its title in the manual's contents."""
    from smsdocs.render.chapters.traceability import in_reading_order

    rows = [
        ["Clause", "Title", "Chapters", "Processes", "Owners", "Documents and records", "Status"]
    ]
    for r in _trace(scope, page_clauses):
        rows.append(
            [
                r.clause,
                r.title,
                "; ".join(titles.get(page, page) for page in in_reading_order(r.pages, titles)),
                ", ".join(name_of(scope, p.id) for p in r.processes),
                ", ".join(dict.fromkeys(name_of(scope, p.owner) for p in r.processes)),
                ", ".join([name_of(scope, d) for d in r.documents] + list(r.other)),
                r.status,
            ]
        )
    return rows


def _register(scope: Scope) -> list[list[str]]:
    rows = [["7.5.4 item", "Document", "Id", "Owner", "Where", "Next review"]]
    asked = standards.items_asked({p.type for p in scope.parties})
    for key, title in standards.DOCUMENTED_INFORMATION:
        documents = [d for d in scope.documents if d.item == key]
        if not documents:
            rows.append([title, "No document" if key in asked else "Not needed", "", "", "", ""])
        for d in documents:
            rows.append(
                [
                    title,
                    d.title,
                    d.id,
                    name_of(scope, d.owner) if d.owner else "",
                    d.link or "",
                    d.review.isoformat() if d.review else "",
                ]
            )
    return rows


def _tables(
    pack: Path, name: str, title: str, header: str, rows: list[list[str]], epoch: int
) -> None:
    """``rows`` (a header first) as CSV and as an XLSX workbook with filters, a frozen
    header, column widths, and every date in it the release's. Text is text in both: never
    a formula a spreadsheet would run."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(
        [[_inert(value) for value in row] for row in rows]
    )
    _write(pack / f"{name}.csv", buffer.getvalue())
    (pack / f"{name}.xlsx").write_bytes(_xlsx(title, f"{title} · {header}", rows, epoch))


FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads a CSV cell beginning with as a formula (OWASP, CSV injection)."""


def _inert(value: str) -> str:
    """A CSV cell a spreadsheet shows as the text it is: one that would start a formula
    ('=HYPERLINK(…)' in a document's title) is written after a quote, as spreadsheets mark
    text typed in."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


WIDEST: Final = 40
"""The widest a workbook's column is, in characters: wider text wraps."""
LINE_HEIGHT: Final = 15
"""The height of one line of the workbooks' 11-point text, in points."""


def _xlsx(title: str, header: str, rows: list[list[str]], epoch: int) -> bytes:
    """``rows`` (a header first) as a workbook of one sheet, written with XlsxWriter, whose
    files Excel opens without repairing (openxml-audit finds nothing) and are the same bytes
    for the same rows and date."""
    import xlsxwriter  # type: ignore[import-untyped]

    raw = io.BytesIO()
    book = xlsxwriter.Workbook(
        raw,
        # Text is text: never a formula, a link or a number that a spreadsheet would run,
        # follow or reformat.
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    when = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    book.set_properties({"title": title, "author": "smsdocs", "created": when})
    sheet = book.add_worksheet(re.sub(r"[:\\/?*\[\]]", "", title)[:31])  # a sheet name's rules
    heading = book.add_format({"bold": True, "valign": "top"})
    text = book.add_format({"text_wrap": True, "valign": "top"})
    widths = [
        min(max(max(len(v) for v in column) + 2, 8), WIDEST) for column in zip(*rows, strict=True)
    ]
    for number, row in enumerate(rows):
        for column, value in enumerate(row):
            if value:
                sheet.write_string(number, column, value, heading if number == 0 else text)
        # Each row as tall as its most wrapped cell: not every reader sizes wrapped rows.
        lines = max(
            sum(-(-len(part) // (width - 1)) or 1 for part in value.split("\n"))
            for value, width in zip(row, widths, strict=True)
        )
        if number and lines > 1:
            sheet.set_row(number, LINE_HEIGHT * lines)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    last_row, last_column = len(rows) - 1, len(widths) - 1
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, last_row, last_column)
    # Printed, the sheet fits the width of landscape A4, repeats its header row on every
    # page, and says what it is and which page.
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.print_area(0, 0, last_row, last_column)  # the table only: LibreOffice adds a column
    sheet.hide_gridlines(0)  # shown on screen and on paper
    sheet.set_header("&L" + header.replace("&", "&&"))  # '&' starts a field code
    sheet.set_footer("&RPage &P of &N")
    book.close()
    return raw.getvalue()
