"""A spreadsheet as rows of located cells: an XLSX sheet read with openpyxl (values, never
formulas) or a CSV file read with the csv module (UTF-8 with or without a byte-order mark,
columns split on commas, semicolons or tabs, whichever the file uses)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from smsdocs.errors import InputError


@dataclass(frozen=True, slots=True)
class Formula:
    """A cell that holds a formula whose value the workbook never saved (a file a program
    wrote, never opened in a spreadsheet): smsdocs reads values, and never runs a formula."""

    text: str


CellValue = str | int | float | bool | dt.date | dt.datetime | Formula | None
MAX_ROWS: Final = 100_000
"""More rows than any catalogue or register holds: a bigger sheet is refused, not read."""
_PLAIN_SHEET: Final = re.compile(r"^[A-Za-z0-9_.]+$")


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell's value and where it is, as a spreadsheet names it (``file.xlsx:Sheet!C12``)."""

    value: CellValue
    where: str
    row: int
    column: int


@dataclass(frozen=True, slots=True)
class Table:
    """The header row and the data rows of one sheet (rows with nothing in them left out)."""

    display: str
    sheet: str | None
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]


def column_letters(number: int) -> str:
    """1 -> 'A', 27 -> 'AA': a column as spreadsheets name it."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def address(display: str, sheet: str | None, row: int, column: int) -> str:
    """``file.xlsx:Sheet!C12`` (the sheet quoted as Excel quotes it) or ``file.csv:C12``."""
    cell = f"{column_letters(column)}{row}"
    if sheet is None:
        return f"{display}:{cell}"
    shown = sheet if _PLAIN_SHEET.match(sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{display}:{shown}!{cell}"


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


def sheet_names(path: Path) -> list[str]:
    """The names of a workbook's sheets, in order."""
    book = _open_workbook(path)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def read_table(path: Path, display: str, sheet: str | None = None) -> Table:
    """The table in ``path``: a workbook's sheet ``sheet`` (its only or first sheet when
    None), or a CSV file. Raises ``InputError`` when it cannot be read at all."""
    if is_workbook(path):
        return _read_xlsx(path, display, sheet)
    if path.suffix.lower() not in (".csv", ".txt", ".tsv"):
        raise InputError(
            f"{display}: not a spreadsheet smsdocs reads; save it as .xlsx or as CSV (UTF-8)"
        )
    return _read_csv(path, display)


def _open_workbook(path: Path, values: bool = True):  # type: ignore[no-untyped-def]
    import zipfile

    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=values)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(
            f"{path}: cannot read this workbook ({exc}); save it again as .xlsx"
        ) from None


def _read_xlsx(path: Path, display: str, sheet: str | None) -> Table:
    book = _open_workbook(path)
    try:
        names = list(book.sheetnames)
        name = sheet if sheet is not None else names[0]
        if name not in names:
            raise InputError(
                f"{display}: no sheet named '{name}'; its sheets are "
                + ", ".join(f"'{n}'" for n in names)
            )
        grid = _grid(book, name)
    finally:
        book.close()
    if _has_formulas(path):
        _mark_formulas(path, name, grid)
    return _table(display, name, grid)


def _grid(book: Any, name: str) -> list[list[CellValue]]:
    return [list(values) for values in book[name].iter_rows(values_only=True, max_row=MAX_ROWS + 1)]


def _has_formulas(path: Path) -> bool:
    """Whether any sheet of the workbook holds a formula (an ``<f>`` element)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return any(
                b"<f>" in archive.read(n) or b"<f " in archive.read(n)
                for n in archive.namelist()
                if n.startswith("xl/worksheets/") and n.endswith(".xml")
            )
    except (OSError, zipfile.BadZipFile):
        return False


def _mark_formulas(path: Path, name: str, grid: list[list[CellValue]]) -> None:
    """Mark each cell that holds a formula but no saved value, so it is reported rather than
    read as empty (which would remove the value the scope has)."""
    book = _open_workbook(path, values=False)
    try:
        formulas = _grid(book, name)
    finally:
        book.close()
    for row, texts in zip(grid, formulas, strict=False):
        for column, text in enumerate(texts[: len(row)]):
            if row[column] is None and isinstance(text, str) and text.startswith("="):
                row[column] = Formula(text)


def _read_csv(path: Path, display: str) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{display}: cannot read this file ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{display}:{line}: byte 0x{data[exc.start]:02x} is not UTF-8; export the file "
            "as 'CSV UTF-8'"
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if first else ","
    grid: list[list[CellValue]] = [
        # Read as a stream, so a quoted cell keeps the line breaks typed in it.
        list(row)
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    ]
    return _table(display, None, grid)


def _table(display: str, sheet: str | None, grid: Sequence[Sequence[CellValue]]) -> Table:
    if len(grid) > MAX_ROWS:
        raise InputError(f"{display}: more than {MAX_ROWS} rows; split it into several files")
    rows = [
        tuple(
            Cell(value, address(display, sheet, r, c), r, c)
            for c, value in enumerate(values, start=1)
        )
        for r, values in enumerate(grid, start=1)
        if any(not _empty(v) for v in values)
    ]
    if not rows:
        raise InputError(f"{display}: holds no rows; the first row names the columns")
    header, *data = rows
    width = max((c.column for c in header if not _empty(c.value)), default=0)
    return Table(
        display,
        sheet,
        header[:width],
        tuple(_padded(row, width, display, sheet) for row in data),
    )


def _padded(row: tuple[Cell, ...], width: int, display: str, sheet: str | None) -> tuple[Cell, ...]:
    """The row's cells under the header, and any further cell that holds something (the
    header names no column for it, which is reported)."""
    number = row[0].row
    cells = list(row[:width])
    cells += [
        Cell(None, address(display, sheet, number, c), number, c)
        for c in range(len(cells) + 1, width + 1)
    ]
    cells += [c for c in row[width:] if not _empty(c.value)]
    return tuple(cells)


def _empty(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
